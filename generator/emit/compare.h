// `gen check`: compare a rendered FileSet with what is committed under --out
// without writing anything. Each difference is a Drift: a changed file (with
// its unified diff), a missing one, a stale one (gen's marker, no longer
// produced), or one whose executable bit is wrong.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "emit/filesystem.h"
#include "util/file_set.h"

namespace gen::emit {

enum class DriftKind { Changed, Missing, Stale, Mode };

struct Drift {
  DriftKind kind = DriftKind::Changed;
  std::string path;  // display path ("deploy/compose.yaml")
  // Changed: "--- path\t(on disk)\n+++ path\t(generated)\n@@ ..." (patch -p0
  // applies it to bring the tree up to date).
  std::string diff;
  int line = 0;                // Changed: first line of the file that differs
  int removed = 0, added = 0;  // Changed: line counts
  bool executable = false;     // Mode: whether gen makes the file executable
  // Changed: the diff was cut at kMaxDiffBytes (`diff` ends with a line
  // saying so, outside any hunk); this many lines of it are not shown.
  size_t diff_lines_cut = 0;
  // Changed: the file on disk is far larger than the generated one (see
  // read_bound in survey.h), so it was not read whole nor diffed: `diff`
  // holds only a line saying so, `removed` and `added` are 0.
  bool too_large = false;
  unsigned long long disk_size = 0, generated_size = 0;  // Changed: in bytes
};

// The diff shown for one file is cut beyond this size: a CI log or an
// annotation cannot show more usefully, and `gen all` makes the change anyway.
inline constexpr size_t kMaxDiffBytes = size_t{1} << 20;

struct Comparison {
  bool ok = true;            // false when the tree could not be surveyed (diagnostics)
  std::vector<Drift> drift;  // sorted by path
  int files = 0;             // files the spec produces
};

// Existing files are read on `jobs` threads (0: one per CPU; see survey.h).
Comparison compare_output(FileSystem& fs, const std::string& out_dir, const FileSet& files,
                          Diagnostics& diags, int jobs = 1);

}  // namespace gen::emit
