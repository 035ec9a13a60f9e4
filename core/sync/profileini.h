#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace syncsmart {

// The INI dialect of profile files: [section], key = value, # and ; comments (whole line, or after a
// space), optional "double quotes" around a value. Unlike QSettings it keeps the line of every key so
// each problem can name it, and it refuses unknown sections and keys: a typo must not silently do nothing.
class ProfileIni final
{
public:
    // schema: section -> the keys it knows. fileLabel names the file in messages ("profile.ini").
    ProfileIni(QString fileLabel, QMap<QString, QStringList> schema);

    // Collects syntax problems, unknown names, keys set twice, and secrets written in the file.
    void read(const QString &text);

    bool hasSection(const QString &section) const { return m_sections.contains(section); }
    std::optional<QString> value(const QString &section, const QString &key) const;
    QStringList keys(const QString &section) const; // as written (known keys only), in file order

    // "profile.ini line 7, [shop] timezone: <message>"; without the line when the key is not written.
    void problem(const QString &section, const QString &key, const QString &message);
    void fileProblem(const QString &message); // "profile.ini: <message>"
    // In line order, then the ones about missing keys.
    QStringList problems() const;

    // The known name nearest to a misspelt one (case-insensitive), when close enough to be a typo.
    static std::optional<QString> nearest(const QString &word, const QStringList &known);
    // A value as a message quotes it: in double quotes, long ones cut.
    static QString quoted(const QString &value);

private:
    struct Entry
    {
        int line = 0;
        QString key;
        QString value;
    };
    struct Problem
    {
        int line = 0;
        QString text;
    };

    void problemAt(int line, const QString &text);
    void readEntry(int line, const QString &section, const QString &body);
    const Entry *find(const QString &section, const QString &key) const;
    QString unknownKeyAdvice(const QString &section, const QString &key) const;

    QString m_fileLabel;
    QMap<QString, QStringList> m_schema;
    QMap<QString, QVector<Entry>> m_sections; // known sections only
    QVector<Problem> m_problems;
};

} // namespace syncsmart
