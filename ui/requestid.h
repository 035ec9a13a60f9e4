#pragma once

#include <QtGlobal>

namespace syncsmart {

// Request ids for QueueMonitor calls. Unique across all views of the process, so a view that shares
// the monitor never mistakes another view's answer for its own. Never 0.
quint64 nextRequestId();

} // namespace syncsmart
