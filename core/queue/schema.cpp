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
        {2,
         QStringLiteral("sync engine: shadows, cursors, origin ledger, delta and conflict history, SKU issues"),
         {
             // One row per entity+SKU; each side's state is JSON {field: [fingerprint hex, small value or null]}.
             QStringLiteral(R"(CREATE TABLE sync_shadow (
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 shop_id TEXT,
                 erp_id TEXT,
                 shop_updated_ms INTEGER,
                 erp_updated_ms INTEGER,
                 shop_state TEXT,
                 erp_state TEXT,
                 PRIMARY KEY (entity, sku)) WITHOUT ROWID)"),
             QStringLiteral(R"(CREATE TABLE sync_cursor (
                 side TEXT NOT NULL,
                 entity TEXT NOT NULL,
                 cursor_ms INTEGER NOT NULL,
                 updated_at INTEGER NOT NULL,
                 PRIMARY KEY (side, entity)))"),
             // The latest write the engine made per entity+SKU+side+field: its echo is recognised by fingerprint.
             QStringLiteral(R"(CREATE TABLE origin_ledger (
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 side TEXT NOT NULL,
                 field TEXT NOT NULL,
                 fingerprint TEXT NOT NULL,
                 job_id INTEGER,
                 written_at INTEGER NOT NULL,
                 PRIMARY KEY (entity, sku, side, field)) WITHOUT ROWID)"),
             QStringLiteral(R"(CREATE TABLE sync_counters (
                 name TEXT PRIMARY KEY,
                 value INTEGER NOT NULL))"),
             QStringLiteral(R"(CREATE TABLE sync_passes (
                 id INTEGER PRIMARY KEY,
                 started_at INTEGER NOT NULL,
                 finished_at INTEGER,
                 report TEXT))"),
             QStringLiteral(R"(CREATE TABLE sync_deltas (
                 id INTEGER PRIMARY KEY,
                 pass_id INTEGER NOT NULL,
                 at INTEGER NOT NULL,
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 field TEXT NOT NULL,
                 side TEXT NOT NULL,
                 old_value TEXT,
                 new_value TEXT,
                 origin TEXT NOT NULL,
                 outcome TEXT NOT NULL,
                 job_id INTEGER))"),
             QStringLiteral("CREATE INDEX sync_deltas_sku ON sync_deltas(sku, id)"),
             QStringLiteral("CREATE INDEX sync_deltas_job ON sync_deltas(job_id) WHERE job_id IS NOT NULL"),
             QStringLiteral(R"(CREATE TABLE sync_conflicts (
                 id INTEGER PRIMARY KEY,
                 pass_id INTEGER NOT NULL,
                 detected_at INTEGER NOT NULL,
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 field TEXT NOT NULL,
                 rule TEXT NOT NULL,
                 shop_value TEXT,
                 erp_value TEXT,
                 shop_updated_ms INTEGER,
                 erp_updated_ms INTEGER,
                 resolution TEXT NOT NULL,
                 winner TEXT,
                 winning_value TEXT,
                 reason TEXT NOT NULL,
                 decided_by TEXT,
                 decided_at INTEGER,
                 job_id INTEGER))"),
             // At most one open conflict per field of a record: later changes update it.
             QStringLiteral("CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts(entity, sku, field) "
                            "WHERE resolution = 'open'"),
             QStringLiteral(R"(CREATE TABLE sku_issues (
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 kind TEXT NOT NULL,
                 peer_ids TEXT,
                 advice TEXT NOT NULL,
                 seen_at INTEGER NOT NULL,
                 PRIMARY KEY (entity, sku, kind)))"),
         }},
        {3,
         QStringLiteral("sync engine: the job carrying the latest planned value of each field to each side"),
         {
             // An older write still retrying (or revived from the dead-letter queue) must never land
             // after a newer one: only the job named here may write that field of that record.
             QStringLiteral(R"(CREATE TABLE sync_field_writer (
                 entity TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 target TEXT NOT NULL,
                 field TEXT NOT NULL,
                 job_id INTEGER NOT NULL,
                 PRIMARY KEY (entity, sku, target, field)) WITHOUT ROWID)"),
         }},
        {4,
         QStringLiteral("reconciliation: runs of the auditor and their differences"),
         {
             QStringLiteral(R"(CREATE TABLE reconcile_runs (
                 id INTEGER PRIMARY KEY,
                 started_at INTEGER NOT NULL,
                 finished_at INTEGER,
                 state TEXT NOT NULL CHECK (state IN ('running','done','cancelled','failed')),
                 trigger TEXT NOT NULL,
                 fields TEXT NOT NULL,
                 erp_products INTEGER NOT NULL DEFAULT 0,
                 shop_products INTEGER NOT NULL DEFAULT 0,
                 compared INTEGER NOT NULL DEFAULT 0,
                 without_sku INTEGER NOT NULL DEFAULT 0,
                 diffs INTEGER NOT NULL DEFAULT 0,
                 error TEXT))"),
             QStringLiteral(R"(CREATE TABLE reconcile_diffs (
                 id INTEGER PRIMARY KEY,
                 run_id INTEGER NOT NULL REFERENCES reconcile_runs(id),
                 kind TEXT NOT NULL,
                 sku TEXT NOT NULL,
                 field TEXT,
                 shop_value TEXT,
                 erp_value TEXT,
                 rule TEXT,
                 write_to TEXT,
                 fix TEXT NOT NULL,
                 shop_ids TEXT,
                 erp_ids TEXT,
                 job_id INTEGER,
                 applied_at INTEGER,
                 applied_by TEXT))"),
             QStringLiteral("CREATE INDEX reconcile_diffs_run ON reconcile_diffs(run_id, kind, sku)"),
         }},
    };
    return migrations;
}

} // namespace syncsmart
