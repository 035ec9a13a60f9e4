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
};

} // namespace syncsmart
