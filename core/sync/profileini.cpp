#include "profileini.h"

#include "common/redactor.h"

#include <QRegularExpression>

#include <algorithm>
#include <climits>

namespace syncsmart {

namespace {

bool startsComment(const QString &text)
{
    return text.startsWith(QLatin1Char('#')) || text.startsWith(QLatin1Char(';'));
}

int editDistance(const QString &a, const QString &b)
{
    QVector<int> row(b.size() + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int above = row[j];
            const int substitution = diagonal + (a.at(i - 1) == b.at(j - 1) ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

QString sectionList(const QStringList &sections)
{
    QStringList out;
    for (const QString &s : sections)
        out << QStringLiteral("[%1]").arg(s);
    return out.join(QStringLiteral(", "));
}

} // namespace

ProfileIni::ProfileIni(QString fileLabel, QMap<QString, QStringList> schema)
    : m_fileLabel(std::move(fileLabel))
    , m_schema(std::move(schema))
{
}

void ProfileIni::read(const QString &text)
{
    QString body = text;
    if (body.startsWith(QChar(0xFEFF))) // a byte-order mark left by a Windows editor
        body.remove(0, 1);
    const QStringList lines = body.split(QLatin1Char('\n'));
    QString section;
    bool inUnknownSection = false; // its keys are not reported one by one: the header already was
    for (int i = 0; i < lines.size(); ++i) {
        const int number = i + 1;
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || startsComment(line))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            const QString rest = close < 0 ? QString() : line.mid(close + 1).trimmed();
            section.clear();
            inUnknownSection = true;
            if (close < 0 || !(rest.isEmpty() || startsComment(rest))) {
                problemAt(number,
                          QStringLiteral("expected a section header such as [shop], alone on its line"));
                continue;
            }
            const QString name = line.mid(1, close - 1).trimmed().toLower();
            if (!m_schema.contains(name)) {
                const auto near = nearest(name, m_schema.keys());
                problemAt(
                    number,
                    QStringLiteral("[%1]: unknown section; %2")
                        .arg(name,
                             near ? QStringLiteral("did you mean [%1]?").arg(*near)
                                  : QStringLiteral("the sections are %1").arg(sectionList(m_schema.keys()))));
                continue;
            }
            section = name;
            inUnknownSection = false;
            m_sections[name]; // present, even when empty
            continue;
        }
        if (inUnknownSection)
            continue;
        if (section.isEmpty()) {
            problemAt(number, QStringLiteral("a key before any section; put it under its section (%1)")
                                  .arg(sectionList(m_schema.keys())));
            continue;
        }
        readEntry(number, section, line);
    }
}

void ProfileIni::readEntry(int line, const QString &section, const QString &body)
{
    // The line itself is never quoted back: it may hold a secret written by mistake.
    static const QRegularExpression keyShape(QStringLiteral("^[a-z0-9_.-]+$"));
    const qsizetype eq = body.indexOf(QLatin1Char('='));
    const QString key = eq > 0 ? body.left(eq).trimmed().toLower() : QString();
    if (!keyShape.match(key).hasMatch()) {
        problemAt(line,
                  QStringLiteral("[%1]: expected name = value (a name of letters, digits and _, then =)")
                      .arg(section));
        return;
    }
    if (!m_schema.value(section).contains(key)) {
        // "api_key: ..." would read as a credential to the redactor, which masks the advice after it.
        const QString separator =
            Redactor::isCredentialName(key) ? QStringLiteral(" is refused: ") : QStringLiteral(": ");
        problemAt(line,
                  QStringLiteral("[%1] %2%3%4").arg(section, key, separator, unknownKeyAdvice(section, key)));
        return;
    }
    QString value = body.mid(eq + 1).trimmed();
    if (value.startsWith(QLatin1Char('"'))) {
        const qsizetype close = value.indexOf(QLatin1Char('"'), 1);
        const QString rest = close < 0 ? QString() : value.mid(close + 1).trimmed();
        if (close < 0 || !(rest.isEmpty() || startsComment(rest))) {
            problemAt(line, QStringLiteral("[%1] %2: a quoted value must end with a closing \" (and only a "
                                           "comment may follow it)")
                                .arg(section, key));
            return;
        }
        value = value.mid(1, close - 1);
    } else if (startsComment(value)) {
        value.clear();
    } else {
        static const QRegularExpression comment(QStringLiteral("\\s[#;]"));
        const auto match = comment.match(value);
        if (match.hasMatch())
            value = value.left(match.capturedStart()).trimmed();
    }
    if (const Entry *before = find(section, key)) {
        problemAt(line, QStringLiteral("[%1] %2: set twice (line %3 and line %4); keep one")
                            .arg(section, key, QString::number(before->line), QString::number(line)));
        return;
    }
    m_sections[section].append(Entry{line, key, value});
}

QString ProfileIni::unknownKeyAdvice(const QString &section, const QString &key) const
{
    const QStringList known = m_schema.value(section);
    if (Redactor::isCredentialName(key)) {
        if (!known.contains(QLatin1String("api_key_env")))
            return QStringLiteral("secrets never go in the profile file; delete this line");
        const QString variable = QStringLiteral("SYNCSMART_%1_KEY").arg(section.toUpper());
        return QStringLiteral("secrets never go in the profile file; delete this line, keep the key in an "
                              "environment variable and name the variable instead: api_key_env = %1, then "
                              "export %1=... before running")
            .arg(variable);
    }
    for (auto it = m_schema.begin(); it != m_schema.end(); ++it) {
        if (it.key() != section && it.value().contains(key))
            return QStringLiteral("this key belongs in [%1], not in [%2]; move it there")
                .arg(it.key(), section);
    }
    const auto near = nearest(key, known);
    const QString list = QStringLiteral("[%1] knows: %2").arg(section, known.join(QStringLiteral(", ")));
    if (!near)
        return QStringLiteral("unknown key; %1").arg(list);
    if (known.size() <= 8)
        return QStringLiteral("unknown key; did you mean %1? %2").arg(*near, list);
    return QStringLiteral("unknown key; did you mean %1?").arg(*near);
}

const ProfileIni::Entry *ProfileIni::find(const QString &section, const QString &key) const
{
    const auto it = m_sections.constFind(section);
    if (it == m_sections.constEnd())
        return nullptr;
    for (const Entry &e : it.value()) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

std::optional<QString> ProfileIni::value(const QString &section, const QString &key) const
{
    if (const Entry *e = find(section, key))
        return e->value;
    return std::nullopt;
}

QStringList ProfileIni::keys(const QString &section) const
{
    QStringList out;
    for (const Entry &e : m_sections.value(section))
        out << e.key;
    return out;
}

void ProfileIni::problem(const QString &section, const QString &key, const QString &message)
{
    const Entry *e = find(section, key);
    if (e) {
        problemAt(e->line, QStringLiteral("[%1] %2: %3").arg(section, key, message));
        return;
    }
    m_problems.append(Problem{0, QStringLiteral("%1, [%2] %3: %4").arg(m_fileLabel, section, key, message)});
}

void ProfileIni::fileProblem(const QString &message)
{
    m_problems.append(Problem{0, QStringLiteral("%1: %2").arg(m_fileLabel, message)});
}

void ProfileIni::problemAt(int line, const QString &text)
{
    m_problems.append(
        Problem{line, QStringLiteral("%1 line %2, %3").arg(m_fileLabel, QString::number(line), text)});
}

QStringList ProfileIni::problems() const
{
    QVector<Problem> sorted = m_problems;
    std::stable_sort(sorted.begin(), sorted.end(), [](const Problem &a, const Problem &b) {
        const int ka = a.line == 0 ? INT_MAX : a.line;
        const int kb = b.line == 0 ? INT_MAX : b.line;
        return ka < kb;
    });
    QStringList out;
    for (const Problem &p : sorted)
        out << p.text;
    return out;
}

std::optional<QString> ProfileIni::nearest(const QString &word, const QStringList &known)
{
    const QString lower = word.toLower();
    const int allowed = lower.size() <= 4 ? 1 : lower.size() <= 8 ? 2 : 3;
    std::optional<QString> best;
    int bestDistance = allowed + 1;
    for (const QString &candidate : known) {
        const int d = editDistance(lower, candidate.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

QString ProfileIni::quoted(const QString &value)
{
    constexpr int kShown = 80;
    if (value.size() <= kShown)
        return QStringLiteral("\"%1\"").arg(value);
    return QStringLiteral("\"%1...\"").arg(value.left(kShown));
}

} // namespace syncsmart
