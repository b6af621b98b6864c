// The lock on --out (emit/out_lock.h) on the real disk: exclusive against
// everything, shared against shared, dropped by the kernel when its holder
// dies, retried when the directory it waited for was removed meanwhile.
// flock(2) locks of two open() calls conflict even within one process, so
// most cases need no second process.
#include "emit/out_lock.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "emit/real_filesystem.h"
#include "emit_test_util.h"

using gen::emit::LockMode;
using gen::emit::LockOutcome;
using gen::emit::OutLock;
using gen::test::TempDir;

namespace {

bool is_dir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

}  // namespace

TEST_CASE("a second exclusive lock waits, says so once, and times out") {
  TempDir tmp;
  OutLock first;
  REQUIRE(first.acquire(tmp.path, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
  int told = 0;
  OutLock second;
  CHECK(second.acquire(tmp.path, LockMode::Exclusive, 300, [&] { ++told; }) ==
        LockOutcome::TimedOut);
  CHECK(told == 1);
  CHECK(second.problem().find("another gen run has been using " + tmp.path) == 0);
  OutLock reader;
  CHECK(reader.acquire(tmp.path, LockMode::Shared, 100, nullptr) == LockOutcome::TimedOut);
}

TEST_CASE("shared locks go together and keep an exclusive one out") {
  TempDir tmp;
  OutLock a, b, writer;
  REQUIRE(a.acquire(tmp.path, LockMode::Shared, 1000, nullptr) == LockOutcome::Locked);
  CHECK(b.acquire(tmp.path, LockMode::Shared, 1000, nullptr) == LockOutcome::Locked);
  CHECK(writer.acquire(tmp.path, LockMode::Exclusive, 100, nullptr) == LockOutcome::TimedOut);
}

TEST_CASE("the lock passes to a waiting run when its holder ends") {
  TempDir tmp;
  auto first = std::make_unique<OutLock>();
  REQUIRE(first->acquire(tmp.path, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
  std::atomic<bool> waiting{false};
  LockOutcome got = LockOutcome::Unlocked;
  std::thread second([&] {
    OutLock lock;
    got = lock.acquire(tmp.path, LockMode::Exclusive, 20000, [&] { waiting = true; });
  });
  while (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  first.reset();
  second.join();
  CHECK(got == LockOutcome::Locked);
}

TEST_CASE("a waiting run can be interrupted") {
  TempDir tmp;
  OutLock first, second;
  REQUIRE(first.acquire(tmp.path, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
  CHECK(second.acquire(tmp.path, LockMode::Exclusive, 20000, nullptr, [] { return true; }) ==
        LockOutcome::Interrupted);
}

TEST_CASE("a missing --out is made to be locked, and removed again if left empty") {
  TempDir tmp;
  std::string out = tmp.path + "/a/b/deploy";
  {
    OutLock lock;
    REQUIRE(lock.acquire(out, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
    CHECK(is_dir(out));
  }
  CHECK_FALSE(is_dir(tmp.path + "/a"));  // made with --out, removed with it
  {
    OutLock lock;
    REQUIRE(lock.acquire(out, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
    lock.keep_made_dirs();  // the run wrote there
  }
  CHECK(is_dir(out));
  // A shared lock (gen check) never makes anything.
  OutLock reader;
  CHECK(reader.acquire(tmp.path + "/missing", LockMode::Shared, 100, nullptr) ==
        LockOutcome::Unlocked);
  CHECK(reader.problem().empty());
  CHECK_FALSE(is_dir(tmp.path + "/missing"));
}

TEST_CASE("a run that waited for a directory its holder removed locks the new one") {
  TempDir tmp;
  std::string out = tmp.path + "/deploy";
  auto first = std::make_unique<OutLock>();
  REQUIRE(first->acquire(out, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked);
  std::atomic<bool> waiting{false};
  LockOutcome got = LockOutcome::Unlocked;
  auto second = std::make_unique<OutLock>();
  std::thread t([&] {
    got = second->acquire(out, LockMode::Exclusive, 20000, [&] { waiting = true; });
  });
  while (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  first.reset();  // removes the (empty) directory it made, then unlocks
  t.join();
  REQUIRE(got == LockOutcome::Locked);
  CHECK(is_dir(out));  // made again, and locked: a third run must wait
  OutLock third;
  CHECK(third.acquire(out, LockMode::Exclusive, 100, nullptr) == LockOutcome::TimedOut);
}

TEST_CASE("a holder killed outright does not block the next run") {
  TempDir tmp;
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    OutLock lock;
    bool ok = lock.acquire(tmp.path, LockMode::Exclusive, 1000, nullptr) == LockOutcome::Locked;
    char c = ok ? 'y' : 'n';
    (void)!::write(ready[1], &c, 1);
    ::pause();
    ::_exit(0);
  }
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  REQUIRE(c == 'y');
  OutLock blocked;
  CHECK(blocked.acquire(tmp.path, LockMode::Exclusive, 100, nullptr) == LockOutcome::TimedOut);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  OutLock next;
  CHECK(next.acquire(tmp.path, LockMode::Exclusive, 5000, nullptr) == LockOutcome::Locked);
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_CASE("temporary names of a live process are in use, of an ended one not") {
  gen::emit::RealFileSystem fs;
  std::string self = std::to_string(::getpid());
  CHECK(fs.temp_in_use(".compose.yaml.gen-tmp-" + self + "-3"));
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK_FALSE(fs.temp_in_use(".compose.yaml.gen-tmp-" + std::to_string(child) + "-3"));
  CHECK_FALSE(fs.temp_in_use(".compose.yaml.gen-tmp-dir1"));  // not a pid
  CHECK_FALSE(fs.temp_in_use(".compose.yaml.gen-tmp-" + self));  // no counter after it
}
