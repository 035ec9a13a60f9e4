#pragma once

// Internal to the SQLite queue: the prepared statements and the row <-> struct mapping shared by
// sqlitejobqueue.cpp (the job life cycle) and sqlitedeadletters.cpp (triage).

#include "sqlitejobqueue.h"

#include <QSqlQuery>

namespace syncsmart {

extern const QString kJobColumns;
QString contextToJson(const QVariantMap &context);
std::optional<Error> errorFromColumns(const QVariant &category, const QVariant &code, const QVariant &message,
                                      const QVariant &context);
Job jobFromQuery(const QSqlQuery &q);
QVariant nullable(const QString &s);
// What the dead-letter error filter searches: code and message, case-folded (Unicode, not only ASCII,
// so "situación" finds "SITUACIÓN").
QString errorSearchText(const Error &error);

struct SqliteJobQueue::Statements
{
    QSqlQuery selectLiveKey;
    QSqlQuery insertJob;
    QSqlQuery selectPaused;
    QSqlQuery selectExpiredForTarget;
    QSqlQuery selectExpiredAll;
    QSqlQuery claim;
    QSqlQuery ack;
    QSqlQuery selectJob;
    QSqlQuery updateAfterFailure;
    QSqlQuery insertEvent;
    QSqlQuery insertAudit;
    QSqlQuery upsertTarget;
    QSqlQuery revive;
    QSqlQuery markDiscarded;
};

} // namespace syncsmart
