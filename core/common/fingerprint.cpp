#include "fingerprint.h"

#include <xxhash.h>

namespace syncsmart {

quint64 fingerprint(const QByteArray &bytes)
{
    return XXH3_64bits(bytes.constData(), size_t(bytes.size()));
}

quint64 fingerprint(const QString &text)
{
    return fingerprint(text.toUtf8());
}

QString fingerprintHex(quint64 fp)
{
    return QStringLiteral("%1").arg(fp, 16, 16, QLatin1Char('0'));
}

} // namespace syncsmart
