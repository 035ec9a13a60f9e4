#include "reconcileexport.h"

#include <QDir>
#include <QSaveFile>

namespace syncsmart {

QString csvCell(const QString &value)
{
    QString v = value;
    if (!v.isEmpty() && (v.front() == QLatin1Char('=') || v.front() == QLatin1Char('+') ||
                         v.front() == QLatin1Char('@') || v.front() == QLatin1Char('\t') ||
                         v.front() == QLatin1Char('\r') ||
                         (v.front() == QLatin1Char('-') && v.size() > 1 && !v.at(1).isDigit())))
        v.prepend(QLatin1Char('\''));
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) || v.contains(QLatin1Char('\n')) ||
        v.contains(QLatin1Char('\r'))) {
        v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        v = QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

Status exportCsv(const QString &path, const QVector<StoredDiff> &diffs,
                 const std::function<QString(const QString &)> &cleanText)
{
    const auto clean = [&](const QString &t) { return cleanText ? cleanText(t) : t; };
    QSaveFile file(path); // all or nothing: a half-written export never replaces a good one
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(QStringLiteral("cli.export"),
                             QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    QByteArray out("\xEF\xBB\xBF"); // UTF-8 byte order mark: spreadsheets then read accents right
    out += "run,kind,sku,field,shop_value,erp_value,rule,fix_writes_to,fix,shop_ids,erp_ids,applied_job\r\n";
    for (const StoredDiff &s : diffs) {
        const ReconcileDiff &d = s.diff;
        const QStringList cells{QString::number(s.runId), toString(d.kind), clean(d.sku), d.field,
                                clean(d.shopValue), clean(d.erpValue), d.rule,
                                d.writeTo ? toString(*d.writeTo) : QString(), clean(d.fix),
                                d.shopIds.join(QLatin1Char(' ')), d.erpIds.join(QLatin1Char(' ')),
                                s.jobId ? QString::number(s.jobId) : QString()};
        QStringList quoted;
        for (const QString &c : cells)
            quoted << csvCell(c);
        out += quoted.join(QLatin1Char(',')).toUtf8() + "\r\n";
    }
    if (file.write(out) != out.size() || !file.commit())
        return Error::config(QStringLiteral("cli.export"),
                             QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}

} // namespace syncsmart
