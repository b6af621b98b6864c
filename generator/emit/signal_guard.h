// Holds SIGINT, SIGTERM and SIGHUP back while gen changes the output tree, so
// an interrupt can never leave a half-written file: the writer asks
// interrupted() between slow steps and undoes its work when a signal is
// waiting; once the guard ends, the signal is delivered as usual (gen then
// dies of it, after the tree is either as before or complete).
#pragma once

#include <signal.h>

namespace gen::emit {

class SignalGuard {
 public:
  SignalGuard();
  ~SignalGuard();  // restores the previous mask: a waiting signal arrives now
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  bool interrupted() const;  // one of the held signals is waiting

 private:
  sigset_t held_;
  sigset_t previous_;
};

}  // namespace gen::emit
