#pragma once

#include <QByteArray>
#include <QString>

namespace syncsmart {

// XXH3 (64-bit) of bytes: fast, stable across runs and machines, used to compare field values
// without keeping them (heavy fields) and to key idempotent jobs.
quint64 fingerprint(const QByteArray &bytes);
// Of the UTF-8 text.
quint64 fingerprint(const QString &text);
// 16 lowercase hex digits, for keys and logs.
QString fingerprintHex(quint64 fp);

} // namespace syncsmart
