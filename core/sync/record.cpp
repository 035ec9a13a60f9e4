#include "record.h"

#include "sync/canonical.h"

namespace syncsmart {

SideRecord canonicalRecord(Side side, const ProductData &product, const QStringList &fields,
                           const QString &shopLanguage)
{
    SideRecord r;
    r.side = side;
    r.sku = product.sku.trimmed();
    r.peerId = product.peerId;
    r.updatedAt = product.updatedAt;
    for (const QString &f : fields) {
        if (product.fields.contains(f))
            r.values.insert(f, canonicalText(f, product.fields.value(f), shopLanguage));
    }
    return r;
}

} // namespace syncsmart
