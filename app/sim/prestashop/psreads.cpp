#include "prestashopsim_p.h"

namespace syncsmart::sim {

using namespace ps;

namespace {

// getFilteredObjectList() reads $filters['sql_join'] etc. from the `false` manageFilters() returned:
// four PHP warnings that turn any list parameter error into an HTTP 500 (fixtures 17, 76-79).
QList<ErrorEntry> listFailureWarnings()
{
    QList<ErrorEntry> out;
    for (int line = 1333; line <= 1336; ++line)
        out.append(phpWarning(QStringLiteral("Trying to access array offset on value of type bool"),
                              QStringLiteral("classes/webservice/WebserviceRequest.php"), line));
    return out;
}

} // namespace

Reply PrestaShopSim::Private::getList(const RequestContext &ctx, const PsTable &table) const
{
    const ResourceDef &def = table.def();
    ListQuery query;
    if (auto error = parseListQuery(def, ctx.params, query)) {
        QList<ErrorEntry> errors{{error->code, error->message}};
        errors += listFailureWarnings();
        return errorReply(ctx, 500, errors);
    }
    const Renderer renderer = ctx.renderer();
    Reply reply;
    if (!query.schema.isEmpty()) {
        reply.body = renderer.schema(def, query.schema == QLatin1String("synopsis"));
        reply.sha1Of = reply.body;
        return reply;
    }
    const std::vector<qint64> ids = runListQuery(table, query, ctx.languages);
    reply.operation = Operation::List;
    reply.records = int(ids.size());
    if (query.display.mode == DisplaySpec::Minimum) {
        reply.body = renderer.idList(def, ids);
    } else {
        std::vector<TableRecord> views;
        views.reserve(ids.size());
        QList<const RecordView *> records;
        records.reserve(qsizetype(ids.size()));
        for (qint64 id : ids) {
            views.emplace_back(table, id);
            records.append(&views.back());
        }
        QList<ErrorEntry> warnings;
        reply.body = renderer.recordList(def, records, query.display, &warnings);
        reply.heavy = query.display.mode == DisplaySpec::Full;
        if (!warnings.isEmpty()) {
            reply.sha1Of = reply.body;
            reply.status = 500;
            reply.body = renderer.errors(warnings);
            return reply;
        }
    }
    reply.sha1Of = reply.body;
    return reply;
}

Reply PrestaShopSim::Private::getDetails(const RequestContext &ctx, const PsTable &table) const
{
    const ResourceDef &def = table.def();
    DisplaySpec display;
    if (auto error = parseDisplay(def, ctx.params, display))
        return errorReply(ctx, error->status, {{error->code, error->message}});
    if (!ctx.displayParam())
        display.mode = DisplaySpec::Full;
    const qint64 id = phpInt(ctx.idSegment);
    Reply reply;
    reply.operation = Operation::Read;
    if (!table.exists(id)) {
        // An unknown id answers 404 with no body and an empty Content-Type (fixtures 73, 74).
        reply.status = 404;
        reply.emptyContentType = true;
        return reply;
    }
    const Renderer renderer = ctx.renderer();
    const TableRecord record(table, id);
    QList<ErrorEntry> warnings;
    reply.records = 1;
    if (display.mode == DisplaySpec::Minimum) {
        reply.body = renderer.minimalDetails(def, id);
        reply.sha1Of = reply.body;
        return reply;
    }
    reply.heavy = display.mode == DisplaySpec::Full;
    reply.body = renderer.details(def, {&record}, display, ctx.displayParam(), &warnings);
    reply.sha1Of = reply.body;
    if (!warnings.isEmpty()) {
        reply.status = 500;
        reply.body = renderer.details(def, {&record}, display, ctx.displayParam(), nullptr, warnings);
    }
    return reply;
}

Reply PrestaShopSim::Private::apiRoot(const RequestContext &ctx) const
{
    Reply reply;
    reply.body = ctx.renderer().apiRoot(*ctx.permissions, QStringLiteral("PeerShop"));
    reply.sha1Of = reply.body;
    return reply;
}

} // namespace syncsmart::sim
