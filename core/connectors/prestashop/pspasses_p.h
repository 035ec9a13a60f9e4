#pragma once

// Internal to the PrestaShop connector: the state of one paged read.

#include "connectors/pageahead.h"
#include "connectors/prestashop/prestashopconnector.h"

#include <functional>
#include <memory>

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
    QDateTime untilUtc;  // the window's end (invalid: none)
    QDateTime startedAt; // when the pass began: summary.maxUpdatedAt never passes either
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
    PageAhead<Result<Records>> ahead; // the next page is asked for while this one is handed on
};

// Hands the new records of a page to the pass's handler, then reads the next page (readNext) unless the
// handler failed, the sink asked to stop, or the pager has nothing left: those end the pass.
template<typename Pass>
void handOnPage(const std::shared_ptr<Pass> &pass, const QVector<QJsonObject> &records,
                std::function<void()> readNext)
{
    auto goOn = [pass, readNext = std::move(readNext)](Result<bool> more) {
        if (!more)
            return pass->done(more.error());
        if (!more.value()) {
            pass->summary.stopped = true;
            return pass->done(pass->summary);
        }
        if (pass->pager.done())
            return pass->done(pass->summary);
        readNext();
    };
    if (records.isEmpty())
        return goOn(true);
    pass->handler(records, goOn);
}

} // namespace syncsmart
