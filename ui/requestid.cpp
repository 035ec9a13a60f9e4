#include "requestid.h"

#include <atomic>

namespace syncsmart {

quint64 nextRequestId()
{
    static std::atomic<quint64> next{1};
    return next.fetch_add(1);
}

} // namespace syncsmart
