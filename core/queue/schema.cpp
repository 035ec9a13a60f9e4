#include "sqlitejobqueue.h"

namespace syncsmart {

// Numbered and cumulative: never edit a released step, add the next one.
const QVector<Migration> &profileMigrations()
{
    static const QVector<Migration> migrations{
        {1,
         QStringLiteral("durable job queue, job history, target pauses, operator audit log"),
         {
             QStringLiteral(R"(CREATE TABLE jobs (
                 id INTEGER PRIMARY KEY,
                 target TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 idempotency_key TEXT,
                 payload BLOB NOT NULL DEFAULT x'',
                 state TEXT NOT NULL CHECK (state IN ('pending','leased','done','dead','discarded')),
                 attempts INTEGER NOT NULL DEFAULT 0,
                 max_attempts INTEGER NOT NULL,
                 created_at INTEGER NOT NULL,
                 updated_at INTEGER NOT NULL,
                 next_attempt_at INTEGER NOT NULL,
                 lease_owner TEXT,
                 lease_until INTEGER,
                 finished_at INTEGER,
                 last_error_category TEXT,
                 last_error_code TEXT,
                 last_error_message TEXT,
                 last_error_context TEXT,
                 error_search TEXT))"),
             QStringLiteral("CREATE INDEX jobs_claim ON jobs(target, state, next_attempt_at, id)"),
             QStringLiteral("CREATE INDEX jobs_state_finished ON jobs(state, finished_at)"),
             // The idempotency guarantee itself: at most one live job per key.
             QStringLiteral("CREATE UNIQUE INDEX jobs_live_key ON jobs(idempotency_key) "
                            "WHERE idempotency_key IS NOT NULL AND state IN ('pending','leased')"),
             QStringLiteral(R"(CREATE TABLE job_events (
                 id INTEGER PRIMARY KEY,
                 job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
                 at INTEGER NOT NULL,
                 event TEXT NOT NULL,
                 attempt INTEGER NOT NULL,
                 error_category TEXT,
                 error_code TEXT,
                 error_message TEXT,
                 error_context TEXT,
                 note TEXT))"),
             QStringLiteral("CREATE INDEX job_events_job ON job_events(job_id, id)"),
             QStringLiteral(R"(CREATE TABLE targets (
                 target TEXT PRIMARY KEY,
                 paused INTEGER NOT NULL DEFAULT 0,
                 reason TEXT,
                 changed_at INTEGER NOT NULL))"),
             QStringLiteral(R"(CREATE TABLE audit_log (
                 id INTEGER PRIMARY KEY,
                 at INTEGER NOT NULL,
                 action TEXT NOT NULL,
                 job_id INTEGER,
                 target TEXT,
                 kind TEXT,
                 idempotency_key TEXT,
                 reason TEXT,
                 actor TEXT NOT NULL))"),
             QStringLiteral("CREATE INDEX audit_log_job ON audit_log(job_id)"),
         }},
    };
    return migrations;
}

} // namespace syncsmart
