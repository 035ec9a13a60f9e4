#include "connectors/prestashop/pswindow.h"

#include "connectors/prestashop/psjson.h"

#include <algorithm>

namespace syncsmart::ps {

DateKeysetPager::DateKeysetPager(QString fromLocal, QString toLocal, int pageSize)
    : m_from(std::move(fromLocal))
    , m_to(std::move(toLocal))
    , m_pageSize(std::max(1, pageSize))
{
    m_done = m_from > m_to;
}

DateKeysetPager::Request DateKeysetPager::next() const
{
    Request r;
    r.limit = QStringLiteral("0,%1").arg(m_pageSize);
    if (m_tie) {
        r.dateFilter = QStringLiteral("[%1,%1]").arg(m_from);
        r.idFilter = QStringLiteral(">[%1]").arg(m_tieLastId);
        r.sort = QStringLiteral("[id_ASC]");
    } else {
        r.dateFilter = QStringLiteral("[%1,%2]").arg(m_from, m_to);
        r.sort = QStringLiteral("[date_upd_ASC,id_ASC]");
    }
    return r;
}

QVector<int> DateKeysetPager::accept(const QVector<Row> &rows)
{
    QVector<int> deliver;
    for (int i = 0; i < rows.size(); ++i) {
        const Row &row = rows.at(i);
        const auto seen = m_delivered.constFind(row.id);
        if (seen != m_delivered.constEnd() && *seen >= row.dateUpd) {
            ++m_duplicates;
            continue;
        }
        m_delivered.insert(row.id, row.dateUpd);
        deliver.append(i);
    }
    const bool full = rows.size() >= m_pageSize;
    if (m_tie) {
        if (!rows.isEmpty())
            m_tieLastId = std::max(m_tieLastId, rows.last().id);
        if (!full) {
            m_tie = false;
            m_from = nextSecond(m_from);
            m_done = m_from > m_to;
        }
        prune();
        return deliver;
    }
    if (!full) {
        m_done = true;
        m_delivered.clear(); // nothing comes back any more
        return deliver;
    }
    const QString last = rows.last().dateUpd;
    if (last <= m_from) {
        // The whole page is one instant: walk that instant by id.
        m_tie = true;
        m_tieLastId = rows.last().id;
    } else {
        m_from = last;
    }
    prune();
    return deliver;
}

void DateKeysetPager::prune()
{
    // What the next requests can still answer: date_upd >= m_from (range mode), or at m_from with an
    // id above m_tieLastId (tie mode). A record delivered before that can come again only as a newer
    // version (a later date_upd), which is delivered anyway: its entry is no longer needed. So the map
    // holds about one page (plus records edited during the pass), not the whole pass.
    m_delivered.removeIf([this](const QHash<qint64, QString>::iterator it) {
        if (it.value() < m_from)
            return true;
        return m_tie && it.value() == m_from && it.key() <= m_tieLastId;
    });
}

bool IdKeysetPager::accept(const QVector<qint64> &ids)
{
    for (qint64 id : ids) {
        if (id <= m_lastId)
            return false;
        m_lastId = id;
    }
    if (ids.size() < m_pageSize)
        m_done = true;
    return true;
}

} // namespace syncsmart::ps
