#pragma once

// Internal to the PrestaShop connector: the state of one paged read.

#include "connectors/prestashop/prestashopconnector.h"

namespace syncsmart {

struct PrestaShopConnector::DatePass
{
    QString resource;
    QString operation;
    QString display;
    ps::DateKeysetPager pager;
    PageHandler handler;
    Done<PageSummary> done;
    PageSummary summary;
    int page = 0;
};

struct PrestaShopConnector::IdPass
{
    QString resource;
    QString operation;
    QString display;
    ps::IdKeysetPager pager;
    PageHandler handler;
    Done<PageSummary> done;
    PageSummary summary;
    int page = 0;
};

} // namespace syncsmart
