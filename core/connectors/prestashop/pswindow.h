#pragma once

#include <QHash>
#include <QString>
#include <QVector>

namespace syncsmart::ps {

// Keyset paging over date_upd (shop-local "YYYY-MM-DD HH:MM:SS" texts, which sort like the instants).
// Offset paging misses records when one that was already read is edited while paging (it leaves its
// place, everything behind it moves up one). Here each request starts at the newest date_upd seen
// (inclusive), so a record that moves can only move later, where the pass still meets it:
//  * range mode: filter[date_upd]=[from,to], sort=[date_upd_ASC,id_ASC], limit=0,N; the records
//    at exactly `from` that were already delivered come again and are dropped as duplicates;
//  * tie mode: when a whole page shares one instant T (more records in one second than a page),
//    filter[date_upd]=[T,T] + filter[id]=>[last id], sort=[id_ASC], until a short page, then on
//    from T + 1 s.
// Dedupe is by (id, date_upd): the same version twice is dropped; a record edited during the pass
// comes again with its newer date_upd and is delivered again (its newest version wins downstream).
// Only versions the next requests can answer again are remembered (date_upd >= the lower bound), so
// memory follows the page size, not the length of the pass.
class DateKeysetPager
{
public:
    struct Row
    {
        qint64 id = 0;
        QString dateUpd; // shop-local text as the peer sent it
    };
    struct Request
    {
        QString dateFilter; // the value of filter[date_upd]
        QString idFilter;   // the value of filter[id], or empty
        QString sort;
        QString limit;
    };

    DateKeysetPager(QString fromLocal, QString toLocal, int pageSize);

    bool done() const { return m_done; }
    Request next() const;
    // Feeds the page answered to next(); returns the indexes of the rows to deliver, in order.
    QVector<int> accept(const QVector<Row> &rows);

    qint64 duplicatesDropped() const { return m_duplicates; }
    int pageSize() const { return m_pageSize; }
    // Versions remembered for the dedupe (bounded: only those the next requests can answer again).
    qsizetype remembered() const { return m_delivered.size(); }

private:
    void prune();

    QString m_from;
    QString m_to;
    int m_pageSize;
    bool m_tie = false;
    qint64 m_tieLastId = 0;
    bool m_done = false;
    qint64 m_duplicates = 0;
    QHash<qint64, QString> m_delivered; // id -> newest date_upd delivered
};

// Keyset paging by id (catalog, stock sweep): filter[id]=>[last], sort=[id_ASC], limit=0,N. Unlike
// offsets, a record created or deleted while paging moves nothing that is still to come.
class IdKeysetPager
{
public:
    explicit IdKeysetPager(int pageSize)
        : m_pageSize(pageSize)
    {
    }
    bool done() const { return m_done; }
    QString idFilter() const { return QStringLiteral(">[%1]").arg(m_lastId); }
    QString limit() const { return QStringLiteral("0,%1").arg(m_pageSize); }
    // Feeds the ids of the page (ascending); returns false when the peer did not sort them (a
    // page that would loop or skip).
    bool accept(const QVector<qint64> &ids);
    qint64 lastId() const { return m_lastId; }

private:
    int m_pageSize;
    qint64 m_lastId = 0;
    bool m_done = false;
};

} // namespace syncsmart::ps
