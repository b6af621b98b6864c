#include "emit/transaction.h"

#include <algorithm>
#include <atomic>
#include <map>

#include "util/parallel.h"

namespace gen::emit {

namespace {

class Committer {
 public:
  Committer(FileSystem& fs, const Transaction& t, const std::function<bool()>& interrupted,
            int jobs)
      : fs_(fs), t_(t), interrupted_(interrupted), jobs_(jobs) {}

  CommitResult run() {
    if (std::string error = make_dirs(); !error.empty()) return fail(error);
    if (!write_temps()) return stop();
    for (size_t i = 0; i < t_.puts.size(); ++i)  // the first failure, whatever the threads
      if (!wrote_[i].ok()) return fail("cannot write " + t_.puts[i].path + ": " + wrote_[i].error);
    for (const auto& put : t_.puts) {
      // A second name for each file about to be replaced, to put it back
      // untouched on failure; without hard links, its bytes are rewritten.
      std::string aside;
      if (put.previous && !fs_.link_aside(put.path, aside).ok()) aside.clear();
      links_.push_back(aside);
    }
    for (const auto& path : t_.removes) {
      // An empty file reserves a free name to rename the pruned file to, so
      // that it can be put back until the commit is complete.
      std::string aside;
      if (Status s = fs_.write_temp(path, "", false, aside); !s.ok())
        return fail("cannot prepare the removal of " + path + ": " + s.error);
      asides_.push_back(aside);
    }
    if (asked_to_stop()) return stop();

    // From here on only renames and mode changes: quick, and never interrupted.
    for (size_t i = 0; i < t_.removes.size(); ++i) {
      if (Status s = fs_.rename(t_.removes[i], asides_[i]); !s.ok())
        return fail("cannot remove " + t_.removes[i] + ": " + s.error);
      ++removed_;
    }
    // Renames into distinct names, in any order: all are done (or undone on
    // a failure).
    renamed_.assign(t_.puts.size(), 0);
    std::vector<Status> moved = each(t_.puts.size(), [&](size_t i) {
      Status s = fs_.rename(temps_[i], t_.puts[i].path);
      renamed_[i] = s.ok();
      return s;
    });
    for (size_t i = 0; i < moved.size(); ++i)
      if (!moved[i].ok()) return fail("cannot write " + t_.puts[i].path + ": " + moved[i].error);
    for (const auto& m : t_.modes) {
      if (Status s = fs_.set_executable(m.path, m.executable); !s.ok())
        return fail("cannot change the mode of " + m.path + ": " + s.error);
      ++modes_done_;
    }

    CommitResult result;
    for (const auto& link : links_)
      if (!link.empty())
        if (Status s = fs_.remove_file(link); !s.ok())
          result.warnings.push_back("cannot delete " + link + ": " + s.error);
    for (const auto& aside : asides_)
      if (Status s = fs_.remove_file(aside); !s.ok())
        result.warnings.push_back("cannot delete " + aside + ": " + s.error);
    for (const auto& dir : t_.remove_dirs_if_empty) (void)fs_.remove_dir(dir);
    for (const auto& leftover : t_.leftovers)
      if (Status s = fs_.remove_file(leftover); !s.ok())
        result.warnings.push_back("cannot delete " + leftover + ": " + s.error);
    return result;
  }

 private:
  bool asked_to_stop() const { return interrupted_ && interrupted_(); }

  // op(i) for every i in [0, n): independent file operations, on `jobs_`
  // threads (a few dozen per thread at least; one when the FileSystem is not
  // safe to share). Every status is kept, so the caller reports the first
  // failure in order whatever the threads; on one thread the first failure
  // ends the run. With `stop`, the calling thread asks it before each item
  // and no item starts once it said yes (`*stopped` tells).
  template <typename Op>
  std::vector<Status> each(size_t n, Op op, bool* stopped = nullptr) {
    std::vector<Status> done(n);
    int threads = fs_.concurrent() ? thread_count(jobs_, n / 32 + 1) : 1;
    std::atomic<bool> halt{false};
    parallel_for(n, threads, [&](size_t i, int thread) {
      if (halt) return;
      if (stopped && thread == 0 && asked_to_stop()) {
        *stopped = halt = true;
        return;
      }
      done[i] = op(i);
      if (threads == 1 && !done[i].ok()) halt = true;
    });
    return done;
  }

  // The missing directories, a depth at a time (parents exist before their
  // children are made); "" or the first failure in order.
  std::string make_dirs() {
    const auto& dirs = t_.make_dirs;
    made_dirs_.assign(dirs.size(), 0);
    auto depth = [](const std::string& d) { return std::count(d.begin(), d.end(), '/'); };
    std::map<long, std::vector<size_t>> levels;
    for (size_t i = 0; i < dirs.size(); ++i) levels[depth(dirs[i])].push_back(i);
    for (const auto& level : levels) {
      const std::vector<size_t>& members = level.second;  // (lambdas cannot capture bindings)
      std::vector<Status> made = each(members.size(), [&](size_t k) {
        Status s = fs_.make_dir(dirs[members[k]]);
        made_dirs_[members[k]] = s.ok();
        return s;
      });
      for (size_t k = 0; k < made.size(); ++k)
        if (!made[k].ok())
          return "cannot create directory " + dirs[members[k]] + ": " + made[k].error;
    }
    return "";
  }

  // Every new content into a temporary file beside its target (temps_[i],
  // "" when not written; wrote_[i] says why; see each()). False when
  // interrupted before every file was written.
  bool write_temps() {
    temps_.assign(t_.puts.size(), std::string());
    bool stopped = false;
    wrote_ = each(
        t_.puts.size(),
        [&](size_t i) {
          const PutFile& put = t_.puts[i];
          return fs_.write_temp(put.path, *put.content, put.executable, temps_[i]);
        },
        &stopped);
    return !stopped;
  }

  CommitResult fail(std::string error) {
    CommitResult r;
    r.outcome = CommitOutcome::Failed;
    r.error = std::move(error);
    std::string undo = rollback();
    if (!undo.empty()) r.error += " (and undoing failed: " + undo + ")";
    r.undone = undo.empty();
    return r;
  }

  CommitResult stop() {
    CommitResult r;
    r.outcome = CommitOutcome::Interrupted;
    std::string undo = rollback();
    if (!undo.empty()) r.error = "undoing failed: " + undo;
    r.undone = undo.empty();
    return r;
  }

  // Undoes everything done so far, newest first; returns what could not be.
  std::string rollback() {
    std::string problems;
    auto note = [&](const std::string& what, const Status& s) {
      if (!s.ok()) problems += (problems.empty() ? "" : "; ") + what + ": " + s.error;
    };
    for (size_t i = modes_done_; i-- > 0;)
      note(t_.modes[i].path, fs_.set_executable(t_.modes[i].path, !t_.modes[i].executable));
    for (size_t i = renamed_.size(); i-- > 0;) {
      if (!renamed_[i]) continue;
      const PutFile& put = t_.puts[i];
      if (!put.previous) {
        note(put.path, fs_.remove_file(put.path));
        continue;
      }
      if (i < links_.size() && !links_[i].empty()) {
        note(put.path, fs_.rename(links_[i], put.path));
        continue;
      }
      std::string temp;
      Status s = fs_.write_temp(put.path, *put.previous, put.previous_executable, temp);
      if (s.ok()) s = fs_.rename(temp, put.path);
      note(put.path, s);
    }
    auto was_renamed = [&](size_t i) { return i < renamed_.size() && renamed_[i]; };
    for (size_t i = 0; i < temps_.size(); ++i)
      if (!was_renamed(i) && !temps_[i].empty()) note(temps_[i], fs_.remove_file(temps_[i]));
    for (size_t i = 0; i < links_.size(); ++i)
      if (!was_renamed(i) && !links_[i].empty()) note(links_[i], fs_.remove_file(links_[i]));
    for (size_t i = removed_; i-- > 0;) note(t_.removes[i], fs_.rename(asides_[i], t_.removes[i]));
    for (size_t i = removed_; i < asides_.size(); ++i)
      note(asides_[i], fs_.remove_file(asides_[i]));
    for (size_t i = made_dirs_.size(); i-- > 0;)  // children before parents
      if (made_dirs_[i]) note(t_.make_dirs[i], fs_.remove_dir(t_.make_dirs[i]));
    return problems;
  }

  FileSystem& fs_;
  const Transaction& t_;
  const std::function<bool()>& interrupted_;
  int jobs_;
  std::vector<std::string> temps_, links_, asides_;
  std::vector<Status> wrote_;
  std::vector<char> made_dirs_, renamed_;  // by index in make_dirs / puts
  size_t removed_ = 0, modes_done_ = 0;
};

}  // namespace

CommitResult commit(FileSystem& fs, const Transaction& transaction,
                    const std::function<bool()>& interrupted, int jobs) {
  return Committer(fs, transaction, interrupted, jobs).run();
}

}  // namespace gen::emit
