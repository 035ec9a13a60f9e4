#pragma once

#include "sync/fieldpolicy.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>

#include <optional>

namespace syncsmart {

// What became of one field-level delta. Stored in the history and streamed to the console.
enum class DeltaOutcome {
    Queued,         // a write to the other side is durably in the queue
    Applied,        // that write reached the other side
    EchoSuppressed, // our own earlier write coming back: dropped
    Converged,      // both sides already hold the same value: nothing to write
    Conflict,       // the rules had to choose (see the conflict record)
    Ignored,        // a change the rules do not propagate (a shop-only SKU, a duplicate SKU)
    Failed,         // the write failed for good (it waits in the dead-letter queue)
    Superseded,     // a later change of the same field was queued first: this older write was skipped
};
QString toString(DeltaOutcome outcome);
std::optional<DeltaOutcome> deltaOutcomeFromString(const QString &text);

// One field of one record that differs from its shadow (the last synced state).
struct DeltaRecord
{
    qint64 id = 0;
    qint64 passId = 0;
    qint64 atMs = 0;
    QString entity = QStringLiteral("product");
    QString sku;
    QString field;
    Side from = Side::Erp; // the side the change was read from
    QString oldValue;      // display text (heavy fields: a short excerpt); empty when unknown
    QString newValue;
    QString origin;        // "peer" (someone edited it there) or "syncsmart" (our echo)
    DeltaOutcome outcome = DeltaOutcome::Queued;
    qint64 jobId = 0;      // the write it caused, if any
};

enum class ConflictResolution {
    Ownership, // a non-owner edit of an owned field: the owner's value is applied again
    Newest,    // `newest`: the later instant won
    Open,      // manual, tie or clock-skew ambiguous: waits for an operator
    Operator,  // an operator decided
};
QString toString(ConflictResolution resolution);

// Every case where the rules had to choose between the sides.
struct ConflictRecord
{
    qint64 id = 0;
    qint64 passId = 0;
    qint64 detectedAtMs = 0;
    QString entity = QStringLiteral("product");
    QString sku;
    QString field;
    FieldRule rule = FieldRule::Manual;
    QVariant shopValue; // full values (a conflict needs them to be decided)
    QVariant erpValue;
    QDateTime shopUpdatedAt; // UTC
    QDateTime erpUpdatedAt;  // UTC
    ConflictResolution resolution = ConflictResolution::Open;
    std::optional<Side> winner; // empty while open, or when an operator typed a value
    QVariant winningValue;
    QString reason;    // one sentence: why this resolution ("shop edited an ERP-owned field", "tie within 2 s")
    QString decidedBy; // "rules" or the operator
    qint64 decidedAtMs = 0;
    qint64 jobId = 0;  // the write that carried the winner, if any
    bool isOpen() const { return resolution == ConflictResolution::Open; }
};

// An operator's answer to an open conflict.
struct ConflictDecision
{
    enum class Kind { TakeShop, TakeErp, Value };
    Kind kind = Kind::TakeErp;
    QVariant value; // Kind::Value only: written to both sides
};

// A SKU the engine does not sync on its own, with what a person should do.
struct SkuIssue
{
    enum class Kind { ShopOnly, DuplicateInShop, DuplicateInErp, CreateFailed };
    Kind kind = Kind::ShopOnly;
    QString sku;
    QStringList peerIds;
    QString advice;
    qint64 seenAtMs = 0;
};
QString toString(SkuIssue::Kind kind);

// The outcome of one pass: read both sides, compare, plan, enqueue.
struct PassReport
{
    qint64 passId = 0;
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    bool firstSync = false;
    qint64 shopRecordsRead = 0;
    qint64 erpRecordsRead = 0;
    qint64 deltas = 0;
    qint64 echoesSuppressed = 0;
    qint64 converged = 0;
    qint64 conflicts = 0;     // all resolutions, open ones included
    qint64 openConflicts = 0; // waiting for an operator (new in this pass)
    qint64 jobsEnqueued = 0;
    qint64 creates = 0;       // products planned to be created
    qint64 skusLookedUp = 0;  // SKUs seen on one side only, looked up by SKU on both before planning
    QVector<SkuIssue> issues; // new in this pass
};

// The outcome of draining the queue: every due job applied or failed.
struct DrainReport
{
    qint64 applied = 0;
    qint64 retrying = 0; // failed transiently, waiting for a later attempt
    qint64 dead = 0;     // failed for good: in the dead-letter queue
    qint64 superseded = 0; // skipped: a newer job carries every field it would have written
    qint64 pending = 0;  // still queued when the drain stopped (paused target, later attempts)
};

struct SyncOnceReport
{
    PassReport pass;
    DrainReport drain;
};

// Events for the console, emitted on the sync thread and passed by value.
struct SyncEvent
{
    // PeerHealth: the circuit breaker of a peer opened or closed (at once). PeerStats: every couple
    // of seconds, each peer's health as the console shows it (up / slow / down / circuit open),
    // its recent latency and requests in flight.
    enum class Type { Delta, Conflict, JobState, PeerHealth, PeerStats, Throughput, PassStarted, PassFinished, Message };
    Type type = Type::Message;
    qint64 atMs = 0;
    std::optional<DeltaRecord> delta;
    std::optional<ConflictRecord> conflict;
    qint64 jobId = 0;
    QString jobState;   // JobState text for Type::JobState
    bool superseded = false; // JobState "done": skipped, a newer job carries the same fields
    QString peer;       // "shop" / "erp" for PeerHealth
    QString health;     // "up", "slow", "down", "circuit open"
    double latencyMs = 0; // PeerStats: moving average of the peer's recent answers (0: none yet)
    int inFlight = 0;     // PeerStats: requests on the wire to the peer
    double perSecond = 0; // Throughput: writes applied per second over the last interval
    QString text;       // Message / PassFinished summary
};

void registerSyncMetaTypes();

} // namespace syncsmart

Q_DECLARE_METATYPE(syncsmart::DeltaRecord)
Q_DECLARE_METATYPE(syncsmart::ConflictRecord)
Q_DECLARE_METATYPE(syncsmart::ConflictDecision)
Q_DECLARE_METATYPE(syncsmart::PassReport)
Q_DECLARE_METATYPE(syncsmart::SyncOnceReport)
Q_DECLARE_METATYPE(syncsmart::SyncEvent)
