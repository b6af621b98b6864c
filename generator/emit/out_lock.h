// One gen run at a time on an output directory. `gen all` (and each target)
// holds an exclusive lock on --out from its survey to the end of its commit;
// `gen check` a shared one while it reads. Without it, two runs on one
// --out each took the other's temporary files for a killed run's leftovers
// and deleted them, leaving a mix of old and new files (issue 22, case 5).
//
// The lock is flock(2) on the directory itself: no lock file is ever made
// (nothing for `git status`, check or --prune to see), and the kernel drops
// it when the holder exits however it ends (kill -9 included), so a killed
// run never blocks the next. A run that finds --out locked says so on
// stderr and waits, up to a bound, then gives up with an error. Where the
// filesystem cannot lock (some network filesystems) gen goes on unlocked
// with a warning. Only runs of gen take the lock: other programs writing
// into --out are not held off.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace gen::emit {

enum class LockMode { Shared, Exclusive };

enum class LockOutcome {
  Locked,       // held until the OutLock is destroyed
  Unlocked,     // nothing to lock (a shared lock on a missing --out), or it
                // cannot be locked here (`problem` says why): go on without
  TimedOut,     // another run held it for the whole wait (`problem` says so)
  Interrupted,  // `interrupted` said yes while waiting
};

class OutLock {
 public:
  OutLock() = default;
  OutLock(const OutLock&) = delete;
  OutLock& operator=(const OutLock&) = delete;
  // Releases the lock; directories made by acquire() are removed again if
  // they are still empty, unless keep_made_dirs() was called.
  ~OutLock();

  // Locks the directory `root` (--out as emit names it, out_root()). For an
  // exclusive lock a missing `root` is made first, with its missing parents
  // (mkdir -p), since only an existing directory can be locked. While
  // another run holds it, `waiting` is called once, then the lock is retried
  // until `timeout_ms` has passed or `interrupted` (when given) says yes.
  LockOutcome acquire(const std::string& root, LockMode mode, int timeout_ms,
                      const std::function<void()>& waiting,
                      const std::function<bool()>& interrupted = nullptr);
  const std::string& problem() const { return problem_; }
  // The run wrote into --out: the directories acquire() made are its own now.
  void keep_made_dirs() { made_.clear(); }

 private:
  int fd_ = -1;
  std::vector<std::string> made_;  // parents first
  std::string problem_;
};

// How long a run waits for another one on the same --out.
inline constexpr int kOutLockTimeoutMs = 120 * 1000;

}  // namespace gen::emit
