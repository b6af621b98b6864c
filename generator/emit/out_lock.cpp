#include "emit/out_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "emit/filesystem.h"

namespace gen::emit {

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// mkdir -p `root`, recording what it made (parents first); false when a
// directory could not be made (the write then reports why).
bool make_missing(const std::string& root, std::vector<std::string>& made) {
  std::vector<std::string> chain;
  for (std::string dir = root; dir != "." && dir != "/" && !exists(dir); dir = dir_name(dir))
    chain.push_back(dir);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    if (::mkdir(it->c_str(), 0777) == 0)
      made.push_back(*it);
    else if (errno != EEXIST)  // EEXIST: another run made it first
      return false;
  }
  return true;
}

}  // namespace

LockOutcome OutLock::acquire(const std::string& root, LockMode mode, int timeout_ms,
                             const std::function<void()>& waiting,
                             const std::function<bool()>& interrupted) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  bool announced = false;
  while (true) {
    if (mode == LockMode::Exclusive && !make_missing(root, made_)) return LockOutcome::Unlocked;
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      // Missing (shared: nothing to read, so nothing to lock), not a
      // directory, not readable: the survey reports what matters.
      if (errno == ENOENT && mode == LockMode::Exclusive && Clock::now() < deadline) continue;
      return LockOutcome::Unlocked;
    }
    if (::flock(fd, (mode == LockMode::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0) {
      // The directory may have been removed (an earlier holder's cleanup)
      // or replaced while we waited: the lock must be on the one at `root`.
      struct stat held, now;
      if (::fstat(fd, &held) == 0 && ::stat(root.c_str(), &now) == 0 &&
          held.st_dev == now.st_dev && held.st_ino == now.st_ino) {
        fd_ = fd;
        return LockOutcome::Locked;
      }
      ::close(fd);
      continue;
    }
    int err = errno;
    ::close(fd);
    if (err == EINTR) continue;
    if (err != EWOULDBLOCK) {
      problem_ = "cannot lock " + root + " (" + std::strerror(err) +
                 "): another gen run on it at the same time would mix their files";
      return LockOutcome::Unlocked;
    }
    if (Clock::now() >= deadline) {
      problem_ = "another gen run has been using " + root + " for " +
                 std::to_string(timeout_ms / 1000) + " s; gave up waiting for it";
      return LockOutcome::TimedOut;
    }
    if (interrupted && interrupted()) return LockOutcome::Interrupted;
    if (!announced && waiting) waiting();
    announced = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

OutLock::~OutLock() {
  // Emptied directories go while the lock is held: a run waiting for it
  // then finds its directory gone and starts over (see acquire).
  for (auto it = made_.rbegin(); it != made_.rend(); ++it)
    if (::rmdir(it->c_str()) != 0) break;
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace gen::emit
