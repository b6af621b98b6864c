#include "emit/transaction.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <unordered_map>

#include "util/parallel.h"
#include "util/task_tree.h"

namespace gen::emit {

namespace {

class Committer {
 public:
  Committer(FileSystem& fs, const Transaction& t, const std::function<bool()>& interrupted,
            int jobs)
      : fs_(fs), t_(t), interrupted_(interrupted), jobs_(jobs) {}

  CommitResult run() {
    if (std::string error = make_dirs(); !error.empty()) return fail(error);
    bool stopped = false;
    if (std::string error = build_trees(stopped); !error.empty()) return fail(error);
    if (stopped) return stop();
    for (size_t i = 0; i < t_.puts.size(); ++i)  // the first failure, whatever the threads
      if (!wrote_[i].ok()) return fail("cannot write " + t_.puts[i].path + ": " + wrote_[i].error);
    for (const auto& put : t_.puts) {
      // A second name for each file about to be replaced, to put it back
      // untouched on failure; without hard links, its bytes are rewritten.
      std::string aside;
      if (put.previous) {
        Status linked = fs_.link_aside(put.path, aside);
        if (!linked.ok()) aside.clear();
        if (!linked.ok() && !put.previous_whole)
          return fail("cannot keep " + put.path + " to put it back should the write fail (" +
                      linked.error + "), and it is too large to hold in memory");
      }
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
    auto put_dir = [&](size_t i) { return dir_name(t_.puts[i].path); };
    std::vector<Status> moved = each(t_.puts.size(), put_dir, [&](size_t i) {
      if (put_top_[i] != kNotStaged) return Status::success();  // moves with its directory
      Status s = fs_.rename(written_[i], t_.puts[i].path);
      renamed_[i] = s.ok();
      return s;
    });
    for (size_t i = 0; i < moved.size(); ++i)
      if (!moved[i].ok()) return fail("cannot write " + t_.puts[i].path + ": " + moved[i].error);
    if (std::string error = place_staged(); !error.empty()) return fail(error);
    for (const auto& m : t_.modes) {
      if (Status s = fs_.set_executable(m.path, m.executable); !s.ok())
        return fail("cannot change the mode of " + m.path + ": " + s.error);
      ++modes_done_;
    }

    return finish();
  }

 private:
  bool asked_to_stop() const { return interrupted_ && interrupted_(); }

  // op(i) for every i in [0, n): independent file operations, on `jobs_`
  // threads (a few dozen per thread at least; one when the FileSystem is not
  // safe to share). `dir(i)` names the directory that op(i) changes: the
  // operations on one directory run on one thread, because the kernel
  // changes a directory under its inode's lock, and two threads taking turns
  // in one directory spin on that lock instead of working (perf: 8% of a
  // cold run); directories are claimed largest first, for balance. Every
  // status is kept, so the caller reports the first failure in order
  // whatever the threads; on one thread, items run in order and the first
  // failure ends the run. With `stop`, the calling thread asks it before each
  // item and no item starts once it said yes (`*stopped` tells).
  template <typename Dir, typename Op>
  std::vector<Status> each(size_t n, Dir dir, Op op, bool* stopped = nullptr) {
    std::vector<Status> done(n);
    int threads = fs_.concurrent() ? thread_count(jobs_, n / 32 + 1) : 1;
    std::atomic<bool> halt{false};
    auto run = [&](size_t i, int thread) {
      if (halt) return;
      if (stopped && thread == 0 && asked_to_stop()) {
        *stopped = halt = true;
        return;
      }
      done[i] = op(i);
      if (threads == 1 && !done[i].ok()) halt = true;
    };
    if (threads == 1) {
      for (size_t i = 0; i < n; ++i) run(i, 0);
      return done;
    }
    std::vector<std::vector<size_t>> groups = by_directory(n, dir);
    parallel_for(groups.size(), threads, [&](size_t g, int thread) {
      for (size_t i : groups[g]) run(i, thread);
    });
    return done;
  }

  // The items of each directory (in index order), largest directory first.
  template <typename Dir>
  static std::vector<std::vector<size_t>> by_directory(size_t n, Dir dir) {
    std::unordered_map<std::string, size_t> group_of;
    std::vector<std::vector<size_t>> groups;
    for (size_t i = 0; i < n; ++i) {
      auto slot = group_of.emplace(dir(i), groups.size());
      if (slot.second) groups.emplace_back();
      groups[slot.first->second].push_back(i);
    }
    std::stable_sort(groups.begin(), groups.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return groups;
  }

  // Removes what only served to undo, and a killed run's leftovers; what
  // cannot be removed is a warning, the commit is done.
  CommitResult finish() {
    CommitResult result;
    auto clean = [&](const std::string& path, const Status& s) {
      if (!s.ok()) result.warnings.push_back("cannot delete " + path + ": " + s.error);
    };
    for (const auto& link : links_)
      if (!link.empty()) clean(link, fs_.remove_file(link));
    for (const auto& aside : asides_) clean(aside, fs_.remove_file(aside));
    for (const auto& dir : t_.remove_dirs_if_empty) (void)fs_.remove_dir(dir);
    for (const auto& leftover : t_.leftovers) clean(leftover, fs_.remove_file(leftover));
    for (const auto& dir : t_.leftover_dirs) clean(dir, remove_tree(fs_, dir));
    return result;
  }

  // make(i) for every directory in `dirs` (parents first), a depth at a time
  // so that parents exist before their children are made; "" or the first
  // failure in order.
  template <typename Make>
  std::string by_depth(const std::vector<std::string>& dirs, Make make) {
    auto depth = [](const std::string& d) { return std::count(d.begin(), d.end(), '/'); };
    std::map<long, std::vector<size_t>> levels;
    for (size_t i = 0; i < dirs.size(); ++i) levels[depth(dirs[i])].push_back(i);
    for (const auto& level : levels) {
      const std::vector<size_t>& members = level.second;  // (lambdas cannot capture bindings)
      std::vector<Status> made = each(
          members.size(), [&](size_t k) { return dir_name(dirs[members[k]]); },
          [&](size_t k) { return make(members[k]); });
      for (size_t k = 0; k < made.size(); ++k)
        if (!made[k].ok())
          return "cannot create directory " + dirs[members[k]] + ": " + made[k].error;
    }
    return "";
  }

  // --out and its missing parents, in place: a killed run's staged trees are
  // then inside --out, where the next run's survey finds them.
  std::string make_dirs() {
    made_dirs_.assign(t_.make_dirs.size(), 0);
    return by_depth(t_.make_dirs, [&](size_t i) {
      Status s = fs_.make_dir(t_.make_dirs[i]);
      made_dirs_[i] = s.ok();
      return s;
    });
  }

  // Which topmost new directory (tops_) each new directory and each new file
  // is under; a file in an existing directory is not staged.
  void plan_staging() {
    std::unordered_map<std::string, size_t> top_of;
    dir_top_.resize(t_.new_dirs.size());
    for (size_t i = 0; i < t_.new_dirs.size(); ++i) {
      const std::string& dir = t_.new_dirs[i];
      auto parent = top_of.find(dir_name(dir));
      if (parent == top_of.end()) {
        dir_top_[i] = tops_.size();
        tops_.push_back(Staged{dir, "", false});
      } else {
        dir_top_[i] = parent->second;
      }
      top_of.emplace(dir, dir_top_[i]);
    }
    put_top_.assign(t_.puts.size(), kNotStaged);
    for (size_t i = 0; i < t_.puts.size(); ++i) {
      auto dir = top_of.find(dir_name(t_.puts[i].path));
      if (dir != top_of.end()) put_top_[i] = dir->second;
    }
  }

  // Where `path`, inside the topmost new directory `top`, is now: in the
  // staged tree until that is renamed into place.
  std::string where(size_t top, const std::string& path) const {
    const Staged& s = tops_[top];
    return s.placed ? path : s.temp_path + path.substr(s.final_path.size());
  }

  // Makes each topmost new directory under a temporary name and the new
  // directories below it inside, and writes every new content: in a staged
  // tree under its final name, which one rename publishes (cheaper than a
  // temporary file and a rename per file), else into a temporary file beside
  // its target. Nothing is visible under a final name until place_staged(),
  // and a killed run leaves only temporary names. One task per directory
  // makes the new directories in it, handing each to the next free thread as
  // soon as it exists, then writes its files: the threads fill the first
  // trees while the rest are still being made, and each directory is changed
  // by one thread only (see each()). Returns the first directory that could
  // not be made ("" if none; written_ and wrote_ tell about files), and sets
  // `stopped` when interrupted (then some files are not written).
  std::string build_trees(bool& stopped) {
    plan_staging();
    const size_t dirs = t_.new_dirs.size(), files = t_.puts.size();
    made_new_.assign(dirs, 0);
    written_.assign(files, std::string());
    wrote_.assign(files, Status::success());
    std::vector<Status> made(dirs);
    // Tasks [0, dirs) fill new_dirs[task]; those after, directories that exist.
    std::unordered_map<std::string, size_t> task_of;
    for (size_t i = 0; i < dirs; ++i) task_of.emplace(t_.new_dirs[i], i);
    std::vector<std::vector<size_t>> subdirs_of(dirs), files_of(dirs);
    std::vector<size_t> existing;
    auto task_for = [&](const std::string& dir) {
      auto slot = task_of.emplace(dir, subdirs_of.size());
      if (slot.second) {
        existing.push_back(subdirs_of.size());
        subdirs_of.emplace_back();
        files_of.emplace_back();
      }
      return slot.first->second;
    };
    for (size_t i = 0; i < dirs; ++i) subdirs_of[task_for(dir_name(t_.new_dirs[i]))].push_back(i);
    for (size_t i = 0; i < files; ++i) files_of[task_for(dir_name(t_.puts[i].path))].push_back(i);

    int threads = fs_.concurrent() ? thread_count(jobs_, files / 32 + 1) : 1;
    std::atomic<bool> halt{false};
    auto may_write = [&](int thread) {  // before each file (making a directory is quick)
      if (halt) return false;
      if (thread == 0 && asked_to_stop()) stopped = halt = true;
      return !halt;
    };
    auto done = [&](const Status& s) {  // on one thread, the first failure ends the run
      if (threads == 1 && !s.ok()) halt = true;
      return s.ok();
    };
    run_task_tree(existing, threads, halt, [&](size_t task, int thread, const auto& add) {
      for (size_t d : subdirs_of[task]) {
        if (halt) return;
        made[d] = make_new_dir(d);
        made_new_[d] = made[d].ok();
        if (done(made[d])) add(d);
      }
      for (size_t f : files_of[task]) {
        if (!may_write(thread)) return;
        wrote_[f] = write_new_content(f);
        done(wrote_[f]);
      }
    });
    for (size_t i = 0; i < dirs; ++i)
      if (!made[i].ok()) return "cannot create directory " + t_.new_dirs[i] + ": " + made[i].error;
    return "";
  }

  Status make_new_dir(size_t i) {
    const std::string& dir = t_.new_dirs[i];
    Staged& top = tops_[dir_top_[i]];
    return top.final_path == dir ? fs_.make_temp_dir(dir, top.temp_path)
                                 : fs_.make_dir(where(dir_top_[i], dir));
  }

  Status write_new_content(size_t i) {
    const PutFile& put = t_.puts[i];
    std::string buffer, error;
    const std::string* text = try_text_of(*put.output, buffer, error);
    if (!text) return Status::failure(error);
    if (put_top_[i] == kNotStaged)
      return fs_.write_temp(put.path, *text, put.executable, written_[i]);
    std::string path = where(put_top_[i], put.path);
    Status s = fs_.write_new(path, *text, put.executable);
    if (s.ok()) written_[i] = path;
    return s;
  }

  // Each staged tree to its final name. rename(2) replaces at most an empty
  // directory there: a file or a non-empty directory that appeared since
  // the survey makes it fail, and everything is undone.
  std::string place_staged() {
    auto top_dir = [&](size_t t) { return dir_name(tops_[t].final_path); };
    std::vector<Status> placed = each(tops_.size(), top_dir, [&](size_t t) {
      Status s = fs_.rename(tops_[t].temp_path, tops_[t].final_path);
      tops_[t].placed = s.ok();
      return s;
    });
    for (size_t t = 0; t < placed.size(); ++t)
      if (!placed[t].ok())
        return "cannot rename the new directory " + tops_[t].temp_path + " to " +
               tops_[t].final_path + ": " + placed[t].error;
    return "";
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
    // A placed tree is renamed back, so that its final name goes at once;
    // where that fails, it is emptied and removed where it is.
    for (auto& top : tops_)
      if (top.placed && fs_.rename(top.final_path, top.temp_path).ok()) top.placed = false;
    auto was_renamed = [&](size_t i) { return i < renamed_.size() && renamed_[i]; };
    for (size_t i = 0; i < written_.size(); ++i) {
      if (was_renamed(i) || written_[i].empty()) continue;
      std::string path =
          put_top_[i] == kNotStaged ? written_[i] : where(put_top_[i], t_.puts[i].path);
      note(path, fs_.remove_file(path));
    }
    for (size_t i = 0; i < links_.size(); ++i)
      if (!was_renamed(i) && !links_[i].empty()) note(links_[i], fs_.remove_file(links_[i]));
    for (size_t i = removed_; i-- > 0;) note(t_.removes[i], fs_.rename(asides_[i], t_.removes[i]));
    for (size_t i = removed_; i < asides_.size(); ++i)
      note(asides_[i], fs_.remove_file(asides_[i]));
    for (size_t i = made_new_.size(); i-- > 0;) {  // children before parents
      if (!made_new_[i]) continue;
      std::string dir = where(dir_top_[i], t_.new_dirs[i]);
      note(dir, fs_.remove_dir(dir));
    }
    for (size_t i = made_dirs_.size(); i-- > 0;)
      if (made_dirs_[i]) note(t_.make_dirs[i], fs_.remove_dir(t_.make_dirs[i]));
    return problems;
  }

  FileSystem& fs_;
  const Transaction& t_;
  const std::function<bool()>& interrupted_;
  int jobs_;
  // A topmost new directory, built under `temp_path` until it is `placed`
  // at `final_path`.
  struct Staged {
    std::string final_path, temp_path;
    bool placed;
  };
  static constexpr size_t kNotStaged = static_cast<size_t>(-1);

  std::vector<std::string> written_, links_, asides_;
  std::vector<Status> wrote_;
  std::vector<char> made_dirs_, made_new_, renamed_;  // by index in make_dirs / new_dirs / puts
  std::vector<Staged> tops_;
  std::vector<size_t> dir_top_, put_top_;  // index in tops_ by index in new_dirs / puts
  size_t removed_ = 0, modes_done_ = 0;
};

}  // namespace

CommitResult commit(FileSystem& fs, const Transaction& transaction,
                    const std::function<bool()>& interrupted, int jobs) {
  return Committer(fs, transaction, interrupted, jobs).run();
}

}  // namespace gen::emit
