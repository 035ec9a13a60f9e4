#include "odooproducts.h"

#include "odoodatabase.h"

#include "common/seed.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace syncsmart::sim::odoo {

// ---------------------------------------------------------------------------------------------
// TextIndex

void TextIndex::reserve(qsizetype rows)
{
    size_t capacity = 16;
    while (capacity < size_t(rows) * 2)
        capacity *= 2;
    if (capacity > m_slots.size())
        rehash(capacity);
}

void TextIndex::rehash(size_t capacity)
{
    std::vector<quint32> old;
    old.swap(m_slots);
    m_slots.assign(capacity, kEmpty);
    m_used = 0;
    for (quint32 slot : old) {
        if (slot != kEmpty && slot != kTombstone)
            insert(slot - 1, m_keyOf(slot - 1));
    }
}

void TextIndex::insert(quint32 row, const QString &key)
{
    if (key.isNull())
        return;
    if ((m_used + 1) * 2 > m_slots.size())
        rehash(std::max<size_t>(16, m_slots.size() * 2));
    const size_t mask = m_slots.size() - 1;
    size_t i = qHash(key) & mask;
    while (m_slots[i] != kEmpty && m_slots[i] != kTombstone)
        i = (i + 1) & mask;
    if (m_slots[i] == kEmpty)
        ++m_used;
    m_slots[i] = row + 1;
}

void TextIndex::remove(quint32 row, const QString &key)
{
    if (key.isNull() || m_slots.empty())
        return;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = qHash(key) & mask; m_slots[i] != kEmpty; i = (i + 1) & mask) {
        if (m_slots[i] == row + 1) {
            m_slots[i] = kTombstone;
            return;
        }
    }
}

std::vector<quint32> TextIndex::find(const QString &key) const
{
    std::vector<quint32> out;
    if (key.isNull() || m_slots.empty())
        return out;
    const size_t mask = m_slots.size() - 1;
    for (size_t i = qHash(key) & mask; m_slots[i] != kEmpty; i = (i + 1) & mask) {
        if (m_slots[i] != kTombstone && m_keyOf(m_slots[i] - 1) == key)
            out.push_back(m_slots[i] - 1);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Fields

namespace {

QList<SelectionOption> productTypes()
{
    // Order and labels as fields_get answered (fixture 24).
    return {{QStringLiteral("consu"), QStringLiteral("Consumable")},
            {QStringLiteral("service"), QStringLiteral("Service")},
            {QStringLiteral("product"), QStringLiteral("Storable Product")}};
}

std::vector<FieldSpec> productFields()
{
    // Registry order of product.product (own fields, magic fields, stock's, then the template's),
    // as fields_get lists them (fixture 23).
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("default_code", FieldType::Char, "Internal Reference"),
        fieldSpec("active", FieldType::Boolean, "Active"),
        relational("product_tmpl_id", FieldType::Many2one, "Product Template", "product.template", true),
        fieldSpec("barcode", FieldType::Char, "Barcode"),
        withDigits(fieldSpec("standard_price", FieldType::Float, "Cost"), 2),
        withDigits(fieldSpec("weight", FieldType::Float, "Weight"), 3),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Write Date", false, true),
        computed(fieldSpec("qty_available", FieldType::Float, "Quantity On Hand")),
        computed(fieldSpec("virtual_available", FieldType::Float, "Forecasted Quantity")),
        computed(fieldSpec("free_qty", FieldType::Float, "Free To Use Quantity ")),
        computed(fieldSpec("incoming_qty", FieldType::Float, "Incoming")),
        computed(fieldSpec("outgoing_qty", FieldType::Float, "Outgoing")),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        [] {
            FieldSpec f = withDigits(fieldSpec("lst_price", FieldType::Float, "Sales Price"), 2);
            f.stored = false; // computed with an inverse onto list_price
            return f;
        }(),
        fieldSpec("name", FieldType::Char, "Name", true),
        withSelection(fieldSpec("detailed_type", FieldType::Selection, "Product Type", true), productTypes()),
        withSelection(fieldSpec("type", FieldType::Selection, "Type", true), productTypes()),
        withDigits(fieldSpec("list_price", FieldType::Float, "Sales Price"), 2),
        relational("taxes_id", FieldType::Many2many, "Customer Taxes", "account.tax"),
        relational("uom_id", FieldType::Many2one, "Unit of Measure", "uom.uom", true),
        relational("categ_id", FieldType::Many2one, "Product Category", "product.category", true),
        fieldSpec("sale_ok", FieldType::Boolean, "Can be Sold"),
        fieldSpec("purchase_ok", FieldType::Boolean, "Can be Purchased"),
        fieldSpec("description_sale", FieldType::Text, "Sales Description"),
    };
}

constexpr quint8 kStorable = 2;

} // namespace

ProductModel::ProductModel(OdooDatabase &db)
    : OdooModel(db, QStringLiteral("product.product"), QStringLiteral("Product Variant"),
                QStringLiteral("priority desc, default_code, name, id"), productFields())
    , m_byCode([this](quint32 r) { return text(m_rows[r].defaultCode); })
    , m_byBarcode([this](quint32 r) { return text(m_rows[r].barcode); })
{
}

// ---------------------------------------------------------------------------------------------
// Storage

const ProductModel::Row *ProductModel::row(qint64 id) const
{
    if (id <= 0 || id > qint64(m_rows.size()))
        return nullptr;
    const Row &r = m_rows[size_t(id - 1)];
    return r.alive ? &r : nullptr;
}

ProductModel::Row *ProductModel::row(qint64 id)
{
    return const_cast<Row *>(static_cast<const ProductModel *>(this)->row(id));
}

qint64 ProductModel::appendRow(const Row &r)
{
    m_rows.push_back(r);
    const auto index = quint32(m_rows.size() - 1);
    m_byCode.insert(index, text(r.defaultCode));
    m_byBarcode.insert(index, text(r.barcode));
    m_byWriteDate.insert({r.writeMs, qint64(index) + 1});
    ++m_alive;
    return qint64(index) + 1;
}

void ProductModel::setWriteMs(qint64 id, qint64 ms)
{
    Row *r = row(id);
    m_byWriteDate.erase({r->writeMs, id});
    r->writeMs = ms;
    m_byWriteDate.insert({ms, id});
}

void ProductModel::seed(const SeedCatalog &catalog)
{
    const qint64 n = catalog.size();
    m_seed = &catalog;
    m_rows.reserve(size_t(n + catalog.duplicatedOnErp().size()));
    m_byCode.reserve(n);
    m_byBarcode.reserve(n);
    std::vector<std::pair<qint64, qint64>> byWrite;
    byWrite.reserve(size_t(n));
    auto add = [&](qint64 seedIndex, const SeedProduct &p, bool duplicate) {
        Row r;
        r.seedIndex = qint32(seedIndex);
        r.defaultCode = m_arena.add(p.sku);
        r.name = m_arena.add(p.name);
        r.barcode = duplicate ? StringArena::Ref{} : m_arena.add(p.ean13); // barcodes are unique
        r.listPrice = p.price;
        r.standardPrice = p.cost;
        r.weight = p.weight;
        r.createMs = (duplicate ? p.updatedAtUtc : p.createdAtUtc) * 1000;
        // Real Odoo stores write_date with microseconds (cr.now()) but answers whole seconds, so a
        // client's '=' on a second it read matches nothing: seeded dates carry a fraction too.
        r.writeMs = p.updatedAtUtc * 1000 + (duplicate ? 3600 * 1000 : 0) + qint64((m_rows.size() * 7919) % 997) + 1;
        r.type = kStorable;
        r.active = duplicate || p.active;
        r.templateId = qint32(m_nextTemplateId++);
        m_rows.push_back(r);
        const auto index = quint32(m_rows.size() - 1);
        const qint64 id = qint64(index) + 1;
        m_byCode.insert(index, p.sku);
        if (!duplicate)
            m_byBarcode.insert(index, p.ean13);
        byWrite.emplace_back(r.writeMs, id);
        ++m_alive;
        if (!duplicate && p.stock > 0)
            m_rows.back().quantId = qint32(m_db.stock().seedQuant(id, double(p.stock), r.writeMs));
    };
    for (qint64 i = 0; i < n; ++i) {
        if (catalog.presence(i) != Presence::ShopOnly)
            add(i, catalog.erpView(i), false);
    }
    for (qint64 i : catalog.duplicatedOnErp())
        add(i, catalog.erpView(i), true);
    // Sorted input lets the set append at its end instead of searching a million times.
    std::sort(byWrite.begin(), byWrite.end());
    m_byWriteDate.insert(byWrite.begin(), byWrite.end());
}

bool ProductModel::exists(qint64 id) const
{
    return row(id) != nullptr;
}

void ProductModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].alive && !visit(qint64(i) + 1))
            return;
    }
}

QString ProductModel::displayName(qint64 id) const
{
    const Row *r = row(id);
    if (!r)
        return {};
    const QString code = text(r->defaultCode);
    const QString name = text(r->name);
    return code.isEmpty() ? name : QLatin1Char('[') + code + QLatin1String("] ") + name;
}

bool ProductModel::isHeavyField(int field) const
{
    return field >= FQtyAvailable && field <= FOutgoingQty;
}

FieldValue ProductModel::value(qint64 id, int field, bool withNames) const
{
    const Row *r = row(id);
    if (!r)
        return {};
    const StockModel &stock = m_db.stock();
    switch (Field(field)) {
    case FId:
        return FieldValue::fromInt(id);
    case FDefaultCode:
        return FieldValue::fromOptionalText(text(r->defaultCode));
    case FActive:
        return FieldValue::fromBool(r->active);
    case FTemplate:
        return FieldValue::fromMany2one(r->templateId, withNames ? displayName(id) : QString());
    case FBarcode:
        return FieldValue::fromOptionalText(text(r->barcode));
    case FStandardPrice:
        return FieldValue::fromFloat(r->standardPrice);
    case FWeight:
        return FieldValue::fromFloat(r->weight);
    case FCreateDate:
        return FieldValue::fromDatetime(r->createMs);
    case FWriteDate:
        return FieldValue::fromDatetime(r->writeMs);
    case FQtyAvailable:
        return FieldValue::fromFloat(stock.onHand(r->quantId));
    case FVirtualAvailable:
        return FieldValue::fromFloat(stock.onHand(r->quantId) - stock.outgoing(id));
    case FFreeQty:
        return FieldValue::fromFloat(stock.onHand(r->quantId) - stock.reserved(r->quantId));
    case FIncomingQty:
        return FieldValue::fromFloat(0.0);
    case FOutgoingQty:
        return FieldValue::fromFloat(stock.outgoing(id));
    case FDisplayName:
        return FieldValue::fromText(displayName(id));
    case FLstPrice:
    case FListPrice:
        return FieldValue::fromFloat(r->listPrice);
    case FName:
        return FieldValue::fromOptionalText(text(r->name));
    case FDetailedType:
    case FType:
        return FieldValue::fromText(productTypes().at(r->type).value);
    case FTaxes:
        return FieldValue::fromIds(r->taxed ? QList<qint64>{1} : QList<qint64>{});
    case FUom:
        return FieldValue::fromMany2one(1, QStringLiteral("Units"));
    case FCategory:
        return FieldValue::fromMany2one(1, QStringLiteral("All"));
    case FSaleOk:
        return FieldValue::fromBool(r->saleOk);
    case FPurchaseOk:
        return FieldValue::fromBool(r->purchaseOk);
    case FDescriptionSale:
        if (r->descriptionWritten || r->seedIndex < 0 || !m_seed)
            return FieldValue::fromOptionalText(text(r->descriptionSale));
        return FieldValue::fromOptionalText(m_seed->description(r->seedIndex, 1));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Search plans

std::optional<std::vector<qint64>> ProductModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        std::vector<qint64> ids;
        if (leaf.field == FId && leaf.op == DomainOp::Eq && leaf.numeric) {
            ids.push_back(saturatedInt64(leaf.number));
            return ids;
        }
        if (leaf.field == FId && leaf.op == DomainOp::In) {
            ids.assign(leaf.ints.begin(), leaf.ints.end());
            return ids;
        }
        const bool code = leaf.field == FDefaultCode, barcode = leaf.field == FBarcode;
        if ((code || barcode) &&
            ((leaf.op == DomainOp::Eq && !leaf.isFalse) || (leaf.op == DomainOp::In && !leaf.setHasFalse))) {
            const TextIndex &index = code ? m_byCode : m_byBarcode;
            const QList<QString> keys =
                leaf.op == DomainOp::Eq ? QList<QString>{leaf.text} : leaf.texts.values();
            for (const QString &key : keys) {
                for (quint32 r : index.find(key))
                    ids.push_back(qint64(r) + 1);
            }
            return ids;
        }
    }
    return std::nullopt;
}

std::optional<QList<qint64>> ProductModel::orderedSearch(const Domain &domain, const SearchSpec &spec) const
{
    // Delta pages: "write_date asc, id asc" (or desc) walks the (write_date, id) index from the
    // cursor instead of filtering and sorting the whole catalog on every page.
    const auto &terms = spec.order.terms;
    // Keyset pages of the catalog ("id > N", in id order): start at row N instead of scanning from
    // the first row on every page, so a million-product catalog reads in linear time.
    if (spec.order.isIdAscending()) {
        qint64 after = -1;
        for (int li : domain.conjuncts()) {
            const DomainLeaf &leaf = domain.leaf(li);
            // id is an Integer field: its operand is held in `number`. Rows before the bound are
            // skipped; every row after it is still checked against the whole domain.
            if (leaf.field == FId && leaf.numeric && (leaf.op == DomainOp::Gt || leaf.op == DomainOp::Ge))
                after = std::max(after, leaf.op == DomainOp::Gt ? qint64(std::floor(leaf.number))
                                                                : qint64(std::ceil(leaf.number)) - 1);
        }
        if (after < 0)
            return std::nullopt;
        QList<qint64> out;
        qint64 skip = spec.offset;
        for (size_t i = size_t(std::min<qint64>(after, qint64(m_rows.size()))); i < m_rows.size(); ++i) {
            const qint64 id = qint64(i) + 1;
            if (!m_rows[i].alive || !domain.matches(*this, id))
                continue;
            if (skip > 0) {
                --skip;
                continue;
            }
            out.append(id);
            if (spec.limit && out.size() >= *spec.limit)
                break;
        }
        return out;
    }
    if (terms.empty() || terms[0].field != FWriteDate ||
        (terms.size() == 2 && (terms[1].field != FId || terms[1].descending != terms[0].descending)) ||
        terms.size() > 2)
        return std::nullopt;
    const bool descending = terms[0].descending;
    qint64 lowMs = std::numeric_limits<qint64>::min();
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field == FWriteDate && leaf.numeric &&
            (leaf.op == DomainOp::Ge || leaf.op == DomainOp::Gt || leaf.op == DomainOp::Eq))
            lowMs = std::max(lowMs, leaf.integer);
    }
    QList<qint64> out;
    qint64 skip = spec.offset;
    auto take = [&](qint64 id) {
        if (!domain.matches(*this, id))
            return true;
        if (skip > 0) {
            --skip;
            return true;
        }
        out.append(id);
        return !(spec.limit && out.size() >= *spec.limit);
    };
    if (!descending) {
        for (auto it = m_byWriteDate.lower_bound({lowMs, 0}); it != m_byWriteDate.end(); ++it) {
            if (!take(it->second))
                break;
        }
    } else {
        for (auto it = m_byWriteDate.rbegin(); it != m_byWriteDate.rend() && it->first >= lowMs; ++it) {
            if (!take(it->second))
                break;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Accessors for the other models

QList<qint64> ProductModel::idsWithCode(const QString &defaultCode) const
{
    QList<qint64> out;
    for (quint32 r : m_byCode.find(defaultCode))
        out.append(qint64(r) + 1);
    std::sort(out.begin(), out.end());
    return out;
}

QString ProductModel::defaultCode(qint64 id) const
{
    const Row *r = row(id);
    return r ? text(r->defaultCode) : QString();
}

bool ProductModel::isStorable(qint64 id) const
{
    const Row *r = row(id);
    return r && r->type == kStorable;
}

double ProductModel::listPrice(qint64 id) const
{
    const Row *r = row(id);
    return r ? r->listPrice : 0.0;
}

qint64 ProductModel::quantId(qint64 id) const
{
    const Row *r = row(id);
    return r ? r->quantId : 0;
}

void ProductModel::setQuantId(qint64 id, qint64 quant)
{
    if (Row *r = row(id))
        r->quantId = qint32(quant);
}

qint64 ProductModel::archivedCount() const
{
    qint64 n = 0;
    for (const Row &r : m_rows)
        n += r.alive && !r.active ? 1 : 0;
    return n;
}

QHash<QString, int> ProductModel::duplicateCodes() const
{
    QHash<QString, int> counts;
    for (const Row &r : m_rows) {
        if (r.alive && r.defaultCode.len != StringArena::kNull)
            ++counts[text(r.defaultCode)];
    }
    for (auto it = counts.begin(); it != counts.end();)
        it = it.value() > 1 ? std::next(it) : counts.erase(it);
    return counts;
}

QList<qint64> ProductModel::sortedByDefaultOrder(QList<qint64> ids) const
{
    // _order "priority desc, default_code, name, id"; priority is 0 everywhere here.
    auto byText = [](const FieldValue &a, const FieldValue &b) {
        const bool na = a.kind == FieldValue::Kind::False, nb = b.kind == FieldValue::Kind::False;
        return na || nb ? int(na) - int(nb) : compareValues(a, b); // NULLs last
    };
    std::sort(ids.begin(), ids.end(), [&](qint64 a, qint64 b) {
        const int c = byText(value(a, FDefaultCode, false), value(b, FDefaultCode, false));
        if (c != 0)
            return c < 0;
        const int n = byText(value(a, FName, false), value(b, FName, false));
        return n != 0 ? n < 0 : a < b;
    });
    return ids;
}

} // namespace syncsmart::sim::odoo
