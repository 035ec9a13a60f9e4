#include "activity.h"

#include "common/seed.h"
#include "odoo/odoosim.h"
#include "prestashop/prestashopsim.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace syncsmart::sim {

namespace {

constexpr const char *kKindNames[] = {"erp-price",  "erp-stock",  "shop-description",
                                      "shop-order", "shop-price", "rename-both"};
static_assert(std::size(kKindNames) == kActivityKinds);

// A back-office edit made through the control API's edit, logged as activity.
bool editThroughControl(PeerHandler &peer, const QString &sku, const QJsonObject &fields)
{
    const QJsonObject body{{QStringLiteral("sku"), sku},
                           {QStringLiteral("fields"), fields},
                           {QStringLiteral("source"), QStringLiteral("activity")}};
    const auto answer = peer.control("POST", QStringLiteral("edit"), {}, QJsonDocument(body).toJson());
    return answer && answer->value(QStringLiteral("ok")).toBool();
}

constexpr const char *kFirstNames[] = {"Lucía", "Hugo", "Martina", "Mateo", "Emma", "Léo", "Sofía", "Jules", "Paula", "Daniel"};
constexpr const char *kLastNames[] = {"García", "Martin", "López", "Bernard", "Sánchez", "Dubois", "Pérez", "Moreau"};

} // namespace

bool ActivityRates::isIdle() const
{
    return erpPricePerMinute <= 0 && erpStockPerMinute <= 0 && shopDescriptionPerMinute <= 0 && shopOrderPerMinute <= 0 &&
           shopPricePerMinute <= 0 && renameBothPerMinute <= 0;
}

QJsonObject ActivityRates::toJson() const
{
    return QJsonObject{{QStringLiteral("erp-price"), erpPricePerMinute},
                       {QStringLiteral("erp-stock"), erpStockPerMinute},
                       {QStringLiteral("shop-description"), shopDescriptionPerMinute},
                       {QStringLiteral("shop-order"), shopOrderPerMinute},
                       {QStringLiteral("shop-price"), shopPricePerMinute},
                       {QStringLiteral("rename-both"), renameBothPerMinute},
                       {QStringLiteral("returning"), returningCustomerShare}};
}

ActivityRates ActivityRates::demo()
{
    ActivityRates r;
    r.erpPricePerMinute = 20;
    r.erpStockPerMinute = 40;
    r.shopDescriptionPerMinute = 4;
    r.shopOrderPerMinute = 6;
    r.shopPricePerMinute = 1.5;  // ownership conflicts to look at
    r.renameBothPerMinute = 0.6; // ties for `newest` fields: conflicts waiting for a decision
    r.returningCustomerShare = 0.4;
    return r;
}

std::optional<ActivityRates> ActivityRates::parse(const QString &spec, QString *error)
{
    if (spec == QLatin1String("demo"))
        return demo();
    ActivityRates r;
    if (spec.isEmpty() || spec == QLatin1String("none"))
        return r;
    for (const QString &part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString key = part.section(QLatin1Char('='), 0, 0).trimmed();
        bool ok = false;
        const double value = part.section(QLatin1Char('='), 1).trimmed().toDouble(&ok);
        if (!ok || value < 0) {
            *error = QStringLiteral("activity \"%1\": expected NAME=NUMBER (per minute), e.g. erp-price=30").arg(part);
            return std::nullopt;
        }
        if (key == QLatin1String("erp-price"))
            r.erpPricePerMinute = value;
        else if (key == QLatin1String("erp-stock"))
            r.erpStockPerMinute = value;
        else if (key == QLatin1String("shop-description"))
            r.shopDescriptionPerMinute = value;
        else if (key == QLatin1String("shop-order"))
            r.shopOrderPerMinute = value;
        else if (key == QLatin1String("shop-price"))
            r.shopPricePerMinute = value;
        else if (key == QLatin1String("rename-both"))
            r.renameBothPerMinute = value;
        else if (key == QLatin1String("returning") && value <= 1.0)
            r.returningCustomerShare = value;
        else {
            *error = QStringLiteral("activity \"%1\": known names are erp-price, erp-stock, shop-description, "
                                    "shop-order, shop-price, rename-both (per minute) and returning (share 0-1)")
                         .arg(part);
            return std::nullopt;
        }
    }
    return r;
}

ActivityGenerator::ActivityGenerator(const SeedCatalog &seed, PrestaShopSim &shop, OdooSim &erp, quint64 randomSeed,
                                     QObject *parent)
    : QObject(parent), m_seed(seed), m_shop(shop), m_erp(erp), m_random(randomSeed ^ 0xAC71F17Eull)
{
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ActivityGenerator::tick);
}

void ActivityGenerator::setRates(const ActivityRates &rates)
{
    m_rates = rates;
    m_lastTickMs = QDateTime::currentMSecsSinceEpoch();
    if (rates.isIdle())
        m_timer.stop();
    else
        m_timer.start();
}

void ActivityGenerator::tick()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const double minutes = double(now - m_lastTickMs) / 60000.0;
    m_lastTickMs = now;
    const double perMinute[kActivityKinds] = {m_rates.erpPricePerMinute,        m_rates.erpStockPerMinute,
                                              m_rates.shopDescriptionPerMinute, m_rates.shopOrderPerMinute,
                                              m_rates.shopPricePerMinute,       m_rates.renameBothPerMinute};
    for (int k = 0; k < kActivityKinds; ++k) {
        m_due[k] += perMinute[k] * minutes;
        // Bounded catch-up: a stalled event loop does not unleash a burst of thousands.
        m_due[k] = std::min(m_due[k], 50.0);
        while (m_due[k] >= 1.0) {
            m_due[k] -= 1.0;
            runOnce(ActivityKind(k));
        }
    }
}

std::optional<qint64> ActivityGenerator::pickIndex(bool needShop, bool needErp)
{
    if (m_seed.size() <= 0)
        return std::nullopt;
    for (int attempt = 0; attempt < 32; ++attempt) {
        const qint64 index = qint64(m_random() % quint64(m_seed.size()));
        const QString sku = m_seed.sku(index);
        if ((!needShop || m_shop.hasSku(sku)) && (!needErp || m_erp.hasSku(sku)))
            return index;
    }
    return std::nullopt;
}

std::optional<QString> ActivityGenerator::runOnce(ActivityKind kind)
{
    const int k = int(kind);
    std::optional<QString> what;
    switch (kind) {
    case ActivityKind::ErpPrice: {
        if (const auto index = pickIndex(false, true)) {
            const double base = m_seed.erpView(*index).price;
            const double factor = 0.9 + double(m_random() % 201) / 1000.0; // -10 % .. +10 %
            const double price = std::max(0.5, std::round(base * factor * 100.0) / 100.0);
            if (m_erp.setPrice(m_seed.sku(*index), price, EffectSource::Activity))
                what = QStringLiteral("ERP price of %1 set to %2").arg(m_seed.sku(*index), formatDecimal(price, 2));
        }
        break;
    }
    case ActivityKind::ErpStock: {
        if (const auto index = pickIndex(false, true)) {
            const int quantity = int(m_random() % 250);
            if (m_erp.setStock(m_seed.sku(*index), quantity, EffectSource::Activity))
                what = QStringLiteral("ERP stock of %1 counted at %2").arg(m_seed.sku(*index)).arg(quantity);
        }
        break;
    }
    case ActivityKind::ShopDescription: {
        if (const auto index = pickIndex(true, false)) {
            const int language = 1 + int(m_random() % 2);
            const QString html = m_seed.description(*index, language)
                                 + QStringLiteral("<p>Edited %1.</p>")
                                       .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
            if (m_shop.editDescription(m_seed.sku(*index), language, html, EffectSource::Activity))
                what = QStringLiteral("shop description of %1 (language %2) edited").arg(m_seed.sku(*index)).arg(language);
        }
        break;
    }
    case ActivityKind::ShopOrder: {
        ShopOrderDraft draft;
        const QStringList known = m_shop.customerEmails();
        const bool returning = !known.isEmpty()
                               && double(m_random() % 1000) / 1000.0 < m_rates.returningCustomerShare;
        if (returning) {
            draft.email = known.at(qsizetype(m_random() % quint64(known.size())));
        } else {
            ++m_newCustomers;
            draft.email = QStringLiteral("customer%1.%2@example.test").arg(m_newCustomers).arg(m_random() % 100000);
        }
        draft.firstName = QString::fromUtf8(kFirstNames[m_random() % std::size(kFirstNames)]);
        draft.lastName = QString::fromUtf8(kLastNames[m_random() % std::size(kLastNames)]);
        const int lines = 1 + int(m_random() % 3);
        for (int l = 0; l < lines; ++l) {
            if (const auto index = pickIndex(true, true))
                draft.lines.append({m_seed.sku(*index), 1 + int(m_random() % 3)});
        }
        if (!draft.lines.isEmpty()) {
            if (const auto id = m_shop.placeOrder(draft, EffectSource::Activity))
                what = QStringLiteral("shop order %1 by %2 (%3 line(s))%4")
                           .arg(*id)
                           .arg(draft.email)
                           .arg(draft.lines.size())
                           .arg(returning ? QStringLiteral(", returning customer") : QString());
        }
        break;
    }
    case ActivityKind::ShopPrice: {
        if (const auto index = pickIndex(true, true)) {
            const double base = m_seed.erpView(*index).price;
            const double factor = 0.85 + double(m_random() % 301) / 1000.0; // -15 % .. +15 %
            const double price = std::max(0.5, std::round(base * factor * 100.0) / 100.0);
            if (editThroughControl(m_shop, m_seed.sku(*index), {{QStringLiteral("price"), price}}))
                what = QStringLiteral("shop price of %1 set to %2").arg(m_seed.sku(*index), formatDecimal(price, 2));
        }
        break;
    }
    case ActivityKind::RenameBoth: {
        if (const auto index = pickIndex(true, true)) {
            const QString sku = m_seed.sku(*index);
            const QString base = m_seed.name(*index, 1);
            const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("HH:mm"));
            const bool shop = editThroughControl(
                m_shop, sku,
                {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("%1 (shop, %2)").arg(base, stamp)}}}});
            const bool erp = editThroughControl(m_erp, sku, {{QStringLiteral("name"), QStringLiteral("%1 (ERP, %2)").arg(base, stamp)}});
            if (shop && erp)
                what = QStringLiteral("%1 renamed in the shop and in the ERP at the same moment").arg(sku);
        }
        break;
    }
    }
    if (what) {
        ++m_done[k];
        m_lastEvent = *what;
    }
    return what;
}

QJsonObject ActivityGenerator::toJson() const
{
    QJsonObject done;
    for (int k = 0; k < kActivityKinds; ++k)
        done.insert(QString::fromLatin1(kKindNames[k]), m_done[k]);
    return QJsonObject{{QStringLiteral("rates"), m_rates.toJson()},
                       {QStringLiteral("running"), m_timer.isActive()},
                       {QStringLiteral("done"), done},
                       {QStringLiteral("lastEvent"), m_lastEvent}};
}

} // namespace syncsmart::sim
