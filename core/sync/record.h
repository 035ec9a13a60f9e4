#pragma once

#include "connectors/catalogtypes.h"
#include "sync/fieldpolicy.h"

#include <QDateTime>
#include <QHash>
#include <QString>

namespace syncsmart {

// One product as read from one side, its synced fields in canonical form (canonical.h), so the two
// sides compare value for value. The pipeline's "Record" (DESIGN §3).
struct SideRecord
{
    Side side = Side::Erp;
    QString sku;
    QString peerId;
    QDateTime updatedAt; // UTC
    QHash<QString, QString> values;
};

SideRecord canonicalRecord(Side side, const ProductData &product, const QStringList &fields,
                           const QString &shopLanguage);

} // namespace syncsmart
