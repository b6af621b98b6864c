#include "emit/signal_guard.h"

#include <pthread.h>

namespace gen::emit {

SignalGuard::SignalGuard() {
  sigemptyset(&held_);
  sigaddset(&held_, SIGINT);
  sigaddset(&held_, SIGTERM);
  sigaddset(&held_, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &held_, &previous_);
}

SignalGuard::~SignalGuard() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

bool SignalGuard::interrupted() const {
  sigset_t pending;
  sigemptyset(&pending);
  if (sigpending(&pending) != 0) return false;
  return sigismember(&pending, SIGINT) == 1 || sigismember(&pending, SIGTERM) == 1 ||
         sigismember(&pending, SIGHUP) == 1;
}

}  // namespace gen::emit
