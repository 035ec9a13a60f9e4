#include "cliinterrupt.h"

#include <QSocketNotifier>

#include <csignal>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace syncsmart {

namespace {

// The classic self-pipe: a signal handler may only write a byte; the event loop reads it.
int g_pipe[2] = {-1, -1};
struct sigaction g_previous[2];
const int kSignals[2] = {SIGINT, SIGTERM};

extern "C" void onSignal(int number)
{
    // The next one is not caught: a second Ctrl-C ends the process at once.
    struct sigaction fallback = {};
    fallback.sa_handler = SIG_DFL;
    sigaction(number, &fallback, nullptr);
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[1], &byte, 1);
}

} // namespace

InterruptCatcher::InterruptCatcher(std::function<void()> onInterrupt)
    : m_onInterrupt(std::move(onInterrupt))
{
    if (g_pipe[0] >= 0 || ::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0)
        return; // another catcher is active, or no socket: Ctrl-C keeps its usual meaning
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    m_notifier = std::make_unique<QSocketNotifier>(g_pipe[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
        char bytes[16];
        [[maybe_unused]] const ssize_t read = ::read(g_pipe[0], bytes, sizeof bytes);
        if (m_interrupted)
            return;
        m_interrupted = true;
        if (m_onInterrupt)
            m_onInterrupt();
    });
    for (int i = 0; i < 2; ++i) {
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(kSignals[i], &action, &g_previous[i]);
    }
    m_installed = true;
}

InterruptCatcher::~InterruptCatcher()
{
    if (!m_installed)
        return;
    for (int i = 0; i < 2; ++i)
        sigaction(kSignals[i], &g_previous[i], nullptr);
    m_notifier.reset();
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

} // namespace syncsmart
