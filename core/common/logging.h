#pragma once

#include <QLoggingCategory>

// One logging category per module; enable with QT_LOGGING_RULES="core.queue.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCommon)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcQueue)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcPrestaShop)
Q_DECLARE_LOGGING_CATEGORY(lcOdoo)
Q_DECLARE_LOGGING_CATEGORY(lcSync)
