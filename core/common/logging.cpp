#include "logging.h"

Q_LOGGING_CATEGORY(lcCommon, "core.common", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "core.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcQueue, "core.queue", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "core.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPrestaShop, "core.prestashop", QtInfoMsg)
Q_LOGGING_CATEGORY(lcOdoo, "core.odoo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "core.sync", QtInfoMsg)
