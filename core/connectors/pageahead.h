#pragma once

#include <functional>
#include <optional>
#include <utility>

namespace syncsmart {

// One page read ahead in a keyset read (catalog, stock): the request for the next page goes out
// as soon as this page's last id is known, before this page is converted and handed to the sink,
// so the peer prepares the next page while this side parses and compares (the two took turns
// before: on a shared machine about half the time both waited). At most two pages are held: the
// one being handed on and the one that came back meanwhile. Pages are still handed on one at a
// time and in order.
template<typename Page>
class PageAhead
{
public:
    using Take = std::function<void(Page)>;

    // The answer to a page request: taken now when no page is being handed on, else kept until
    // handed() says the current one is done. When the read ended on the page being handed on (the
    // sink asked to stop, or it failed), handed() never comes: the page read ahead is kept unused
    // and freed with the read.
    void arrived(Page page, const Take &take)
    {
        if (m_handing) {
            m_kept.emplace(std::move(page));
            return;
        }
        m_handing = true;
        take(std::move(page));
    }

    // The page being handed on is done: the answer kept meanwhile, if any, is taken now.
    void handed(const Take &take)
    {
        m_handing = false;
        if (!m_kept)
            return;
        Page page = std::move(*m_kept);
        m_kept.reset();
        m_handing = true;
        take(std::move(page));
    }

private:
    std::optional<Page> m_kept;
    bool m_handing = false;
};

} // namespace syncsmart
