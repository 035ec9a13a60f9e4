#pragma once

#include "connectors/catalogtypes.h"

#include <QJsonObject>
#include <QStringList>
#include <QVector>

#include <memory>
#include <optional>

namespace syncsmart::odoo {

// Runs one read per chunk (all at once: the HTTP client bounds what is in flight) and answers
// once with every record, in chunk order, or with the first error. parts must not be empty.
template<typename ReadChunk> // void(const QStringList &chunk, Done<QVector<QJsonObject>> done)
void gatherChunks(const QList<QStringList> &parts, ReadChunk read, Done<QVector<QJsonObject>> done)
{
    struct Gather
    {
        QVector<QVector<QJsonObject>> pages;
        int pending = 0;
        std::optional<Error> error;
    };
    auto gather = std::make_shared<Gather>();
    gather->pages.resize(parts.size());
    gather->pending = int(parts.size());
    for (int i = 0; i < parts.size(); ++i) {
        read(parts.at(i), [gather, i, done](Result<QVector<QJsonObject>> page) {
            if (!page && !gather->error)
                gather->error = page.error();
            else if (page)
                gather->pages[i] = *page;
            if (--gather->pending > 0)
                return;
            if (gather->error)
                return done(*gather->error);
            QVector<QJsonObject> all;
            for (const QVector<QJsonObject> &p : std::as_const(gather->pages))
                all += p;
            done(all);
        });
    }
}

} // namespace syncsmart::odoo
