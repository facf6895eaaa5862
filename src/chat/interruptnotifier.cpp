// SPDX-License-Identifier: GPL-3.0-or-later
#include "interruptnotifier.h"

#include <QMetaObject>

#include <csignal>

#ifdef Q_OS_WIN
#include <windows.h>
#else
#include <QSocketNotifier>
#include <fcntl.h>
#include <unistd.h>
#endif

InterruptNotifier *InterruptNotifier::s_current = nullptr;

struct InterruptNotifierAccess
{
    static InterruptNotifier *current() { return InterruptNotifier::s_current; }
    static void notify(InterruptNotifier *n) { n->notify(); }
};

namespace {
#ifdef Q_OS_WIN
BOOL WINAPI consoleHandler(DWORD type)
{
    if (type != CTRL_C_EVENT && type != CTRL_BREAK_EVENT)
        return FALSE;
    if (auto *n = InterruptNotifierAccess::current())
        QMetaObject::invokeMethod(
            n, [n] { InterruptNotifierAccess::notify(n); }, Qt::QueuedConnection);
    return TRUE;
}
#else
// The self-pipe trick: a signal handler may only write(2); the event loop reads the pipe.
int g_pipe[2] = {-1, -1};
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] auto written = ::write(g_pipe[1], &byte, 1);
}
#endif
} // namespace

InterruptNotifier::InterruptNotifier(QObject *parent)
    : QObject(parent)
{
    s_current = this;
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(consoleHandler, TRUE);
#else
    if (::pipe(g_pipe) != 0)
        return;
    ::fcntl(g_pipe[0], F_SETFL, O_NONBLOCK);
    ::fcntl(g_pipe[1], F_SETFL, O_NONBLOCK);
    auto *notifier = new QSocketNotifier(g_pipe[0], QSocketNotifier::Read, this);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char buffer[16];
        while (::read(g_pipe[0], buffer, sizeof buffer) > 0) {
        }
        notify();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
#endif
}

InterruptNotifier::~InterruptNotifier()
{
#ifdef Q_OS_WIN
    SetConsoleCtrlHandler(consoleHandler, FALSE);
#else
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (g_pipe[0] >= 0) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
#endif
    s_current = nullptr;
}

void InterruptNotifier::notify()
{
    Q_EMIT interrupted();
}
