#pragma once

// The profile template (`syncsmart-cli profile-template`) with a simulator's addresses filled in,
// as a person would edit it: shared by the CLI tests that talk to the peers.
#include "simprocess.h"

#include <QMap>
#include <QString>

namespace syncsmart::testing {

inline QString profileTextFor(QString text, const SimProcess &sim, const QString &shopUrl,
                              const QString &priceRule = QStringLiteral("erp"))
{
    text.replace(QStringLiteral("url = https://shop.example/api/"), QStringLiteral("url = ") + shopUrl);
    text.replace(QStringLiteral("url = https://erp.example/"), QStringLiteral("url = ") + sim.odooBaseUrl());
    text.replace(QStringLiteral("database = mycompany"), QStringLiteral("database = ") + sim.odooDatabase());
    text.replace(QStringLiteral("login = sync@example.com"), QStringLiteral("login = ") + sim.odooLogin());
    text.replace(QStringLiteral("timezone = Europe/Paris"), QStringLiteral("timezone = ") + sim.shopTimezone());
    text.replace(QStringLiteral("requests_per_second = 20"), QStringLiteral("requests_per_second = 0"));
    text.replace(QStringLiteral("timeout_s = 120"), QStringLiteral("timeout_s = 20"));
    text.replace(QStringLiteral("price = erp"), QStringLiteral("price = ") + priceRule);
    return text;
}

// The environment variables the template names, holding the simulator's keys.
inline QMap<QString, QString> simKeys(const SimProcess &sim)
{
    return {{QStringLiteral("SYNCSMART_SHOP_KEY"), sim.prestashopKey()},
            {QStringLiteral("SYNCSMART_ERP_KEY"), sim.odooKey()}};
}

} // namespace syncsmart::testing
