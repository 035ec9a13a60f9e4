#pragma once

#include "connectors/http/peerendpoint.h"

#include <QString>
#include <QTimeZone>

namespace syncsmart {

struct PrestaShopSettings
{
    PeerEndpoint endpoint;     // baseUrl: the shop's webservice root, "https://shop.example/api/"
    QString apiKey;            // sent as the basic-auth user; registered with the redactor
    QTimeZone shopTimeZone = QTimeZone("Europe/Paris"); // the shop's PS_TIMEZONE: its dates have no zone
    int shopId = 0;            // multistore: id_shop to read and write; 0: the default shop
    QStringList languageIds;   // languages to read and write for multilingual fields; empty: all
    bool createInactive = true; // products created by the sync stay inactive until someone publishes them
    QString defaultCategoryId = QStringLiteral("2"); // created products' category (2: Home on a stock shop)
    QString taxRulesGroupId = QStringLiteral("1");   // created products' tax rules group
};

} // namespace syncsmart
