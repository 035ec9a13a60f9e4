#pragma once

#include <functional>
#include <memory>

class QSocketNotifier;

namespace syncsmart {

// Ctrl-C (SIGINT) and SIGTERM during a long command: the first one calls onInterrupt from the
// event loop (the command stops cleanly and says what it kept); a second one ends the process as
// usual. The previous handlers come back when this is destroyed. One at a time per process.
class InterruptCatcher final
{
public:
    explicit InterruptCatcher(std::function<void()> onInterrupt);
    ~InterruptCatcher();
    InterruptCatcher(const InterruptCatcher &) = delete;
    InterruptCatcher &operator=(const InterruptCatcher &) = delete;

    bool interrupted() const { return m_interrupted; }

private:
    std::function<void()> m_onInterrupt;
    std::unique_ptr<QSocketNotifier> m_notifier;
    bool m_interrupted = false;
    bool m_installed = false;
};

} // namespace syncsmart
