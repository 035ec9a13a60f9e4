#include "seed.h"

#include <QJsonArray>

#include <array>
#include <cmath>

namespace syncsmart::sim {

namespace {

quint64 splitmix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

double unit(quint64 h) { return double(h >> 11) * (1.0 / 9007199254740992.0); }

enum Salt : quint64 {
    SaltKind = 1, SaltName, SaltPrice, SaltCost, SaltWeight, SaltStock, SaltActive, SaltDate,
    SaltMismatch, SaltStockDelta, SaltDuplicate, SaltText, SaltCombination,
};

enum Kind { KindNone, KindShopOnly, KindErpOnly, KindField, KindStock };

constexpr std::array kAdjectivesEn{"Classic", "Compact", "Deluxe", "Eco", "Essential", "Premium",
                                   "Rustic", "Smart", "Sport", "Urban", "Vintage", "Wireless"};
constexpr std::array kAdjectivesFr{"Classique", "Compact", "Luxe", "Éco", "Essentiel", "Premium",
                                   "Rustique", "Malin", "Sport", "Urbain", "Vintage", "Sans fil"};
constexpr std::array kNounsEn{"backpack", "bottle", "candle", "chair", "clock", "headphones",
                              "jacket", "kettle", "lamp", "mug", "notebook", "sneakers",
                              "speaker", "t-shirt", "teapot", "wallet"};
constexpr std::array kNounsFr{"sac à dos", "gourde", "bougie", "chaise", "horloge", "casque",
                              "veste", "bouilloire", "lampe", "mug", "carnet", "baskets",
                              "enceinte", "t-shirt", "théière", "portefeuille"};
constexpr std::array kColoursEn{"black", "blue", "green", "grey", "red", "white", "yellow", "oak"};
constexpr std::array kColoursFr{"noir", "bleu", "vert", "gris", "rouge", "blanc", "jaune", "chêne"};
constexpr std::array kWords{"durable", "hand-finished", "recycled", "lightweight", "water-resistant",
                            "everyday", "timeless", "soft", "sturdy", "designed", "in", "Europe",
                            "for", "long", "use", "with", "care", "and", "a", "two-year",
                            "warranty", "easy", "to", "clean", "gift", "ready"};

// 2026-01-01T00:00:00Z: seeded records were created during the year before "now".
constexpr qint64 kSeedEpoch = 1767225600;

QString padded(qint64 number) { return QStringLiteral("%1").arg(number, 6, 10, QLatin1Char('0')); }

QString ean13For(qint64 index)
{
    // "20" prefix = in-store numbering, unique per index, with a valid check digit.
    const QString body = QStringLiteral("20%1").arg(index % 10000000000LL, 10, 10, QLatin1Char('0'));
    int sum = 0;
    for (int i = 0; i < 12; ++i)
        sum += (body.at(i).digitValue()) * (i % 2 == 0 ? 1 : 3);
    return body + QString::number((10 - sum % 10) % 10);
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

} // namespace

QString formatDecimal(double value, int decimals) { return QString::number(value, 'f', decimals); }

SeedCatalog::SeedCatalog(SeedSpec spec) : m_spec(std::move(spec))
{
    // Duplicates reuse SKUs that are otherwise in agreement, so each finding has one cause.
    auto pick = [this](int count, quint64 salt, QList<qint64> &out, const QList<qint64> &avoid) {
        if (m_spec.products <= 0)
            return;
        quint64 probe = 0;
        while (out.size() < count && probe < quint64(m_spec.products) * 4 + 64) {
            const qint64 index = qint64(hash(qint64(probe++), salt) % quint64(m_spec.products));
            if (divergenceKind(index) == KindNone && !out.contains(index) && !avoid.contains(index)
                && baseProduct(index).combinations == 0)
                out.append(index);
        }
    };
    pick(m_spec.divergence.duplicateSkusShop, SaltDuplicate, m_duplicatedOnShop, {});
    pick(m_spec.divergence.duplicateSkusErp, SaltDuplicate + 100, m_duplicatedOnErp, m_duplicatedOnShop);
}

quint64 SeedCatalog::hash(qint64 index, quint64 salt) const
{
    return splitmix(splitmix(m_spec.seed ^ (salt * 0xD6E8FEB86659FD93ull)) ^ quint64(index));
}

QString SeedCatalog::sku(qint64 index) const { return QStringLiteral("SKU-") + padded(index + 1); }

int SeedCatalog::divergenceKind(qint64 index) const
{
    const DivergenceSpec &d = m_spec.divergence;
    const double u = unit(hash(index, SaltKind));
    double edge = d.missingInShop;
    if (u < edge)
        return KindErpOnly; // missing in the shop = only in the ERP
    edge += d.missingInErp;
    if (u < edge)
        return KindShopOnly;
    edge += d.fieldMismatch;
    if (u < edge)
        return KindField;
    edge += d.stockMismatch;
    if (u < edge)
        return KindStock;
    return KindNone;
}

Presence SeedCatalog::presence(qint64 index) const
{
    switch (divergenceKind(index)) {
    case KindShopOnly:
        return Presence::ShopOnly;
    case KindErpOnly:
        return Presence::ErpOnly;
    default:
        return Presence::Both;
    }
}

bool SeedCatalog::hasStockMismatch(qint64 index) const { return divergenceKind(index) == KindStock; }

SeedProduct SeedCatalog::baseProduct(qint64 index) const
{
    SeedProduct p;
    p.index = index;
    p.sku = sku(index);
    p.name = name(index, 1);
    p.price = round2(5.0 + double(hash(index, SaltPrice) % 49500) / 100.0);
    p.cost = round2(p.price * (0.4 + 0.3 * unit(hash(index, SaltCost))));
    p.ean13 = ean13For(index);
    p.weight = double(50 + hash(index, SaltWeight) % 4950) / 1000.0;
    p.stock = int(hash(index, SaltStock) % 200);
    p.active = hash(index, SaltActive) % 100 >= 3;
    p.createdAtUtc = kSeedEpoch + qint64(hash(index, SaltDate) % (200 * 86400));
    p.updatedAtUtc = p.createdAtUtc + qint64(hash(index, SaltDate + 1) % (100 * 86400));
    if (unit(hash(index, SaltCombination)) < m_spec.combinationsShare)
        p.combinations = 2 + int(hash(index, SaltCombination + 1) % 2);
    return p;
}

std::optional<FieldMismatch> SeedCatalog::mismatch(qint64 index) const
{
    if (divergenceKind(index) != KindField)
        return std::nullopt;
    const SeedProduct p = baseProduct(index);
    switch (hash(index, SaltMismatch) % 4) {
    case 0:
        return FieldMismatch{QStringLiteral("price"), formatDecimal(p.price + 1.0, 2), formatDecimal(p.price, 2)};
    case 1:
        return FieldMismatch{QStringLiteral("weight"), formatDecimal(p.weight + 0.25, 3),
                             formatDecimal(p.weight, 3)};
    case 2: {
        // A different valid EAN: the one of an index far outside any catalog.
        return FieldMismatch{QStringLiteral("ean13"), ean13For(index + 5000000000LL), p.ean13};
    }
    default:
        return FieldMismatch{QStringLiteral("name"), p.name, p.name + QStringLiteral(" (old)")};
    }
}

SeedProduct SeedCatalog::erpView(qint64 index) const
{
    SeedProduct p = baseProduct(index);
    p.combinations = 0;
    if (const auto m = mismatch(index); m && m->field == QLatin1String("name"))
        p.name = m->erpValue;
    return p;
}

SeedProduct SeedCatalog::shopView(qint64 index) const
{
    SeedProduct p = baseProduct(index);
    if (const auto m = mismatch(index)) {
        if (m->field == QLatin1String("price"))
            p.price = m->shopValue.toDouble();
        else if (m->field == QLatin1String("weight"))
            p.weight = m->shopValue.toDouble();
        else if (m->field == QLatin1String("ean13"))
            p.ean13 = m->shopValue;
    }
    if (hasStockMismatch(index))
        p.stock += 1 + int(hash(index, SaltStockDelta) % 5);
    return p;
}

QString SeedCatalog::name(qint64 index, int language) const
{
    const quint64 h = hash(index, SaltName);
    const bool fr = language == 2;
    const auto adjective = fr ? kAdjectivesFr[h % kAdjectivesFr.size()] : kAdjectivesEn[h % kAdjectivesEn.size()];
    const auto noun = fr ? kNounsFr[(h >> 8) % kNounsFr.size()] : kNounsEn[(h >> 8) % kNounsEn.size()];
    const auto colour = fr ? kColoursFr[(h >> 16) % kColoursFr.size()] : kColoursEn[(h >> 16) % kColoursEn.size()];
    if (fr)
        return QStringLiteral("%1 %2 %3 %4").arg(QString::fromUtf8(noun), QString::fromUtf8(adjective).toLower(),
                                                 QString::fromUtf8(colour), padded(index + 1));
    return QStringLiteral("%1 %2 %3 %4").arg(QString::fromUtf8(adjective), QString::fromUtf8(colour),
                                             QString::fromUtf8(noun), padded(index + 1));
}

QString SeedCatalog::linkRewrite(qint64 index, int language) const
{
    QString slug = name(index, language).toLower();
    for (QChar &c : slug) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('-');
    }
    return slug;
}

QString SeedCatalog::description(qint64 index, int language) const
{
    const quint64 h = hash(index, SaltText);
    const int sentences = 4 + int(h % 8);
    QString html = QStringLiteral("<p>") + name(index, language).toHtmlEscaped() + QStringLiteral(".</p>");
    for (int s = 0; s < sentences; ++s) {
        const quint64 hs = splitmix(h + quint64(s));
        html += QStringLiteral("<p>");
        const int words = 8 + int(hs % 12);
        for (int w = 0; w < words; ++w)
            html += QString::fromLatin1(kWords[splitmix(hs + quint64(w)) % kWords.size()]) + QLatin1Char(' ');
        html += QStringLiteral("&amp; more.</p>");
    }
    return html;
}

QString SeedCatalog::shortDescription(qint64 index, int language) const
{
    return QStringLiteral("<p>") + name(index, language).toHtmlEscaped()
           + (language == 2 ? QStringLiteral(" : fiable au quotidien.</p>") : QStringLiteral(": made to last.</p>"));
}

QString SeedCatalog::metaTitle(qint64 index, int language) const { return name(index, language); }

QString SeedCatalog::combinationSuffix(int combination) const
{
    static const char *const sizes[] = {"S", "M", "L"};
    return QString::fromLatin1(sizes[combination % 3]);
}

QJsonObject SeedCatalog::expectedDivergence() const
{
    QJsonArray missingInShop, missingInErp, fields, stocks;
    for (qint64 i = 0; i < m_spec.products; ++i) {
        switch (divergenceKind(i)) {
        case KindErpOnly:
            missingInShop.append(sku(i));
            break;
        case KindShopOnly:
            missingInErp.append(sku(i));
            break;
        case KindField: {
            const FieldMismatch m = *mismatch(i);
            fields.append(QJsonObject{{QStringLiteral("sku"), sku(i)}, {QStringLiteral("field"), m.field},
                                      {QStringLiteral("shop"), m.shopValue}, {QStringLiteral("erp"), m.erpValue}});
            break;
        }
        case KindStock:
            stocks.append(QJsonObject{{QStringLiteral("sku"), sku(i)},
                                      {QStringLiteral("shop"), shopView(i).stock},
                                      {QStringLiteral("erp"), erpView(i).stock}});
            break;
        default:
            break;
        }
    }
    QJsonArray dupShop, dupErp;
    for (qint64 i : m_duplicatedOnShop)
        dupShop.append(sku(i));
    for (qint64 i : m_duplicatedOnErp)
        dupErp.append(sku(i));
    return QJsonObject{
        {QStringLiteral("missingInShop"), missingInShop},
        {QStringLiteral("missingInErp"), missingInErp},
        {QStringLiteral("fieldMismatches"), fields},
        {QStringLiteral("stockMismatches"), stocks},
        {QStringLiteral("duplicateSkus"), QJsonObject{{QStringLiteral("shop"), dupShop}, {QStringLiteral("erp"), dupErp}}},
        {QStringLiteral("counts"),
         QJsonObject{{QStringLiteral("products"), m_spec.products},
                     {QStringLiteral("missingInShop"), missingInShop.size()},
                     {QStringLiteral("missingInErp"), missingInErp.size()},
                     {QStringLiteral("fieldMismatches"), fields.size()},
                     {QStringLiteral("stockMismatches"), stocks.size()},
                     {QStringLiteral("duplicateSkusShop"), dupShop.size()},
                     {QStringLiteral("duplicateSkusErp"), dupErp.size()}}},
    };
}

} // namespace syncsmart::sim
