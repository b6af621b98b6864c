#include "emit/survey.h"

#include <algorithm>
#include <map>
#include <set>

#include "emit/marker.h"
#include "emit/output_path.h"
#include "util/parallel.h"

namespace gen::emit {

namespace {

std::string normalize_root(std::string out) {
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (out.size() > 2 && out.compare(0, 2, "./") == 0) out.erase(0, 2);
  return out.empty() ? "." : out;
}

bool is_inside(const std::string& real_root, const std::string& resolved) {
  if (real_root == "/") return true;
  return resolved == real_root || (resolved.size() > real_root.size() &&
                                   resolved.compare(0, real_root.size(), real_root) == 0 &&
                                   resolved[real_root.size()] == '/');
}

bool is_vcs_dir(const std::string& name) {
  return name == ".git" || name == ".hg" || name == ".svn";
}

class Surveyor {
 public:
  Surveyor(FileSystem& fs, const std::string& out_dir, const FileSet& files, int jobs,
           Survey& survey, Diagnostics& diags)
      : fs_(fs), out_dir_(out_dir), files_(files), jobs_(jobs), survey_(survey), diags_(diags) {}

  bool run(bool find_stale) {
    survey_ = Survey{};
    survey_.root = normalize_root(out_dir_);
    if (!check_root()) return false;
    // Errors are kept per file and reported in FileSet order, though the
    // directories are judged first and the files' reads done in parallel.
    per_file_.resize(files_.size());
    current_ = 0;
    for (const auto& [rel, output] : files_) {
      survey_file(rel, output);
      ++current_;
    }
    probe_existing();
    current_ = kNoFile;
    for (const Diagnostics& d : per_file_) diags_.append(d);
    per_file_.clear();
    if (ok_ && find_stale && root_exists_) {
      for (const auto& [rel, output] : files_)
        for (size_t slash = rel.find('/'); slash != std::string::npos;
             slash = rel.find('/', slash + 1))
          known_dirs_.insert(rel.substr(0, slash));
      scan("", true);
      std::sort(survey_.stale.begin(), survey_.stale.end());
      std::sort(survey_.leftovers.begin(), survey_.leftovers.end());
      std::sort(survey_.leftover_dirs.begin(), survey_.leftover_dirs.end());
    }
    return ok_;
  }

 private:
  enum class DirState { Exists, Missing, Bad };

  std::string disk(const std::string& rel) const { return join_path(survey_.root, rel); }
  std::string shown(const std::string& rel) const { return display_path(out_dir_, rel); }

  // Where errors go now: the current file's list, or straight to diags_.
  Diagnostics& sink() { return current_ == kNoFile ? diags_ : per_file_[current_]; }

  void error(const char* rule, const std::string& rel, const std::string& message,
             const std::string& help = "") {
    auto& d = sink().error(rule, {rel.empty() ? survey_.root : shown(rel), 0, 0}, message);
    d.help = help;
    ok_ = false;
  }

  bool check_root() {
    Entry e;
    if (Status s = fs_.stat(survey_.root, e); !s.ok()) {
      error(kRuleOutputIo, "", "cannot read the output directory: " + s.error);
      return false;
    }
    if (e.kind == EntryKind::Missing) {
      // Created with its missing parents, like mkdir -p.
      std::vector<std::string> chain{survey_.root};
      std::string parent = dir_name(survey_.root);
      while (parent != "." && parent != "/") {
        Entry pe;
        if (Status s = fs_.stat(parent, pe); !s.ok()) {
          error(kRuleOutputIo, "", "cannot read " + parent + ": " + s.error);
          return false;
        }
        if (pe.kind != EntryKind::Missing) break;
        chain.push_back(parent);
        parent = dir_name(parent);
      }
      survey_.missing_root_dirs.assign(chain.rbegin(), chain.rend());
      return true;
    }
    std::string resolved;
    if (Status s = fs_.resolve(survey_.root, resolved); !s.ok()) {
      error(kRuleOutputIo, "", "cannot resolve the output directory: " + s.error);
      return false;
    }
    Entry target;
    if (Status s = fs_.stat(resolved, target); !s.ok() || target.kind != EntryKind::Directory) {
      error(kRuleOutputBlocked, "", "the output directory " + survey_.root + " is not a directory");
      return false;
    }
    real_root_ = resolved;
    root_exists_ = true;
    return true;
  }

  // Whether the directory `rel` (relative to --out) exists, is to be made,
  // or cannot be used; diagnosed once, remembered for the files below it.
  DirState dir_state(const std::string& rel) {
    auto cached = dirs_.find(rel);
    if (cached != dirs_.end()) return cached->second;
    DirState state = DirState::Exists;
    size_t slash = rel.find_last_of('/');
    DirState parent = slash == std::string::npos
                          ? (root_exists_ ? DirState::Exists : DirState::Missing)
                          : dir_state(rel.substr(0, slash));
    if (parent != DirState::Exists) {
      state = parent;
    } else {
      Entry e;
      if (Status s = fs_.stat(disk(rel), e); !s.ok()) {
        error(kRuleOutputIo, rel, "cannot read " + shown(rel) + ": " + s.error);
        state = DirState::Bad;
      } else if (e.kind == EntryKind::Missing) {
        state = DirState::Missing;
      } else if (e.kind == EntryKind::Directory) {
        state = DirState::Exists;
      } else if (e.kind == EntryKind::Symlink) {
        state = symlinked_dir(rel);
      } else {
        error(kRuleOutputBlocked, rel, shown(rel) + " is in the way: gen needs a directory there",
              "move it away");
        state = DirState::Bad;
      }
    }
    if (state == DirState::Missing) survey_.missing_dirs.push_back(disk(rel));  // parents first
    dirs_[rel] = state;
    return state;
  }

  DirState symlinked_dir(const std::string& rel) {
    std::string resolved;
    if (Status s = fs_.resolve(disk(rel), resolved); !s.ok()) {
      error(kRuleOutputBlocked, rel, shown(rel) + " is a symlink gen cannot follow: " + s.error);
      return DirState::Bad;
    }
    if (!is_inside(real_root_, resolved)) {
      error(kRuleOutputOutside, rel,
            shown(rel) + " is a symlink to " + resolved + ", outside the output directory " +
                survey_.root + "; gen does not write through it",
            "replace the symlink with a directory");
      return DirState::Bad;
    }
    Entry e;
    if (Status s = fs_.stat(resolved, e); !s.ok() || e.kind != EntryKind::Directory) {
      error(kRuleOutputBlocked, rel, shown(rel) + " is in the way: gen needs a directory there");
      return DirState::Bad;
    }
    return DirState::Exists;
  }

  void survey_file(const std::string& rel, const OutputFile& output) {
    if (std::string problem = output_path_problem(rel); !problem.empty()) {
      auto& d = sink().error(kRuleOutputPath, {output.template_name, 0, 0},
                             "output path '" + rel + "' " + problem);
      d.notes.push_back("gen only writes normalised paths inside the output directory");
      ok_ = false;
      return;
    }
    SurveyedFile f;
    f.path = rel;
    f.disk_path = disk(rel);
    f.output = &output;
    size_t slash = rel.find_last_of('/');
    DirState parent = slash == std::string::npos
                          ? (root_exists_ ? DirState::Exists : DirState::Missing)
                          : dir_state(rel.substr(0, slash));
    if (parent == DirState::Bad) return;
    survey_.files.push_back(std::move(f));
    file_order_.push_back(current_);
    if (parent == DirState::Exists) to_probe_.push_back(survey_.files.size() - 1);
  }

  // What is on disk at every file whose directory exists: the reads (most of
  // a survey's time) on `jobs_` threads, each into its own slot, then the
  // verdicts and errors in FileSet order.
  void probe_existing() {
    struct Probe {
      Status status;
      Entry entry;
    };
    std::vector<Probe> probes(to_probe_.size());
    int threads = fs_.concurrent() ? thread_count(jobs_, to_probe_.size()) : 1;
    parallel_for(to_probe_.size(), threads, [&](size_t i, int) {
      SurveyedFile& f = survey_.files[to_probe_[i]];
      Probe& p = probes[i];
      p.status = fs_.probe(f.disk_path, p.entry, f.existing, read_bound(size_of(*f.output)) + 1);
      // Compared at once, so that only differing files keep their bytes.
      if (p.status.ok() && p.entry.kind == EntryKind::File) p.status = classify(f, p.entry);
    });
    std::vector<bool> drop(survey_.files.size(), false);
    for (size_t i = 0; i < to_probe_.size(); ++i) {
      current_ = file_order_[to_probe_[i]];
      drop[to_probe_[i]] =
          !judge_existing(survey_.files[to_probe_[i]], probes[i].status, probes[i].entry);
    }
    size_t kept = 0;
    for (size_t i = 0; i < survey_.files.size(); ++i) {
      if (drop[i]) continue;
      if (kept != i) survey_.files[kept] = std::move(survey_.files[i]);
      ++kept;
    }
    survey_.files.resize(kept);
  }

  bool judge_existing(SurveyedFile& f, const Status& probed, const Entry& e) {
    if (!probed.ok()) {
      error(kRuleOutputIo, f.path, "cannot read " + shown(f.path) + ": " + probed.error);
      return false;
    }
    switch (e.kind) {
      case EntryKind::Missing:
        return true;
      case EntryKind::File:
        break;
      case EntryKind::Symlink: {
        std::string resolved;
        bool outside = fs_.resolve(f.disk_path, resolved).ok() && !is_inside(real_root_, resolved);
        error(outside ? kRuleOutputOutside : kRuleOutputBlocked, f.path,
              shown(f.path) + " is a symlink" +
                  (outside ? " to " + resolved + ", outside the output directory" : "") +
                  "; gen writes regular files only",
              "remove the symlink");
        return false;
      }
      case EntryKind::Directory:
        error(kRuleOutputBlocked, f.path,
              shown(f.path) + " is a directory; gen writes a file there", "move it away");
        return false;
      case EntryKind::Other:
        error(kRuleOutputBlocked, f.path, shown(f.path) + " is not a regular file", "move it away");
        return false;
    }
    return true;  // a regular file: classified already
  }

  // An existing regular file (its bytes in f.existing) against the output;
  // fails only where the output's text cannot be read back (file_set.h).
  static Status classify(SurveyedFile& f, const Entry& e) {
    f.existing_executable = e.executable;
    f.existing_generated = has_marker(f.existing);
    f.existing_size = std::max<unsigned long long>(e.size, f.existing.size());
    if (f.existing.size() > read_bound(size_of(*f.output))) {
      // Read no further: it differs, and only its head (the marker) matters.
      f.existing_whole = false;
      f.existing.resize(std::min(f.existing.size(), kMarkerScanBytes));
      f.existing.shrink_to_fit();
      f.state = FileState::Differs;
      return Status::success();
    }
    std::string buffer, error;
    const std::string* text = try_text_of(*f.output, buffer, error);
    if (!text) return Status::failure(error);
    bool executable = wants_executable(*text);
    if (f.existing != *text)
      f.state = FileState::Differs;
    else if (f.existing_executable != executable)
      f.state = FileState::ModeDiffers;
    else
      f.state = FileState::Same;
    // Only a file that will be replaced needs its old bytes (to restore it,
    // or to diff it); an identical one, the common case, gives them back.
    if (f.state != FileState::Differs) std::string().swap(f.existing);
    return Status::success();
  }

  // Files with the marker that the FileSet lacks, in `rel` and (for a
  // directory gen writes into) in its subdirectories; and a killed run's
  // leftovers there.
  // Breadth first, each level's directories listed on `jobs_` threads;
  // stale and leftover files are sorted afterwards, so the order of the
  // listings does not matter.
  void scan(const std::string& root, bool known) {
    struct Dir {
      std::string rel;
      bool known;  // gen writes into it: its subdirectories are looked at too
      Status status;
      std::vector<DirEntry> entries;
    };
    std::vector<Dir> level{Dir{root, known, {}, {}}};
    while (!level.empty()) {
      int threads = fs_.concurrent() ? thread_count(jobs_, level.size() / 8 + 1) : 1;
      parallel_for(level.size(), threads, [&](size_t i, int) {
        level[i].status = fs_.list(disk(level[i].rel), level[i].entries);
      });
      std::vector<Dir> next;
      for (const Dir& dir : level) {
        if (!dir.status.ok()) {
          if (dir.rel.empty())
            error(kRuleOutputIo, dir.rel, "cannot list the output directory: " + dir.status.error);
          continue;  // an unreadable directory below is not gen's
        }
        for (const auto& entry : dir.entries) {
          std::string path = dir.rel.empty() ? entry.name : dir.rel + "/" + entry.name;
          if (is_temp_file_name(entry.name)) {
            // A killed run's temporary file, or a directory it was building
            // (its files carry the marker but are not stale): gen's own, to
            // remove whole. No FileSet path has such a name (output_path.h).
            // One whose run still lives is left alone.
            if (fs_.temp_in_use(entry.name)) continue;
            if (entry.kind == EntryKind::Directory) survey_.leftover_dirs.push_back(path);
            if (entry.kind == EntryKind::File) survey_.leftovers.push_back(path);
          } else if (entry.kind == EntryKind::Directory) {
            if (dir.known && !is_vcs_dir(entry.name))
              next.push_back(Dir{path, known_dirs_.count(path) > 0, {}, {}});
          } else if (entry.kind == EntryKind::File && !files_.count(path)) {
            std::string head;
            if (fs_.read(disk(path), head, kMarkerScanBytes).ok() && has_marker(head))
              survey_.stale.push_back(path);
          }
        }
      }
      level = std::move(next);
    }
  }

  FileSystem& fs_;
  const std::string& out_dir_;
  const FileSet& files_;
  int jobs_;
  Survey& survey_;
  Diagnostics& diags_;
  bool ok_ = true;
  bool root_exists_ = false;
  std::string real_root_;
  std::map<std::string, DirState> dirs_;
  std::set<std::string> known_dirs_;
  static constexpr size_t kNoFile = static_cast<size_t>(-1);
  size_t current_ = kNoFile;           // FileSet index of the file being surveyed
  std::vector<Diagnostics> per_file_;  // errors by FileSet index
  std::vector<size_t> file_order_;     // FileSet index of each survey_.files entry
  std::vector<size_t> to_probe_;       // indexes into survey_.files
};

}  // namespace

std::string out_root(const std::string& out_dir) { return normalize_root(out_dir); }

std::string display_path(const std::string& out_dir, const std::string& rel) {
  return join_path(normalize_root(out_dir), rel);
}

bool has_io_error(const Diagnostics& diags) {
  for (const auto& d : diags.items())
    if (d.severity == Severity::Error && d.rule_id == kRuleOutputIo) return true;
  return false;
}

bool survey_output(FileSystem& fs, const std::string& out_dir, const FileSet& files,
                   bool find_stale, Survey& survey, Diagnostics& diags, int jobs) {
  return Surveyor(fs, out_dir, files, jobs, survey, diags).run(find_stale);
}

}  // namespace gen::emit
