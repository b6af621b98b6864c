// `gen all` / `gen <target>`: put a rendered, verified FileSet under --out.
// Survey first (survey.h), then decide, then commit all or nothing
// (transaction.h):
//   - unchanged files are not touched (their mtime stays);
//   - a file without gen's marker is never overwritten unless --force;
//   - files with the marker the spec no longer produces are reported, and
//     removed only with --prune (then directories they leave empty go too);
//   - temporary files and directories left by a killed run are removed.
#pragma once

#include <functional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "emit/filesystem.h"
#include "util/file_set.h"

namespace gen::emit {

inline constexpr const char* kRuleNotGenerated = "output-not-generated";
inline constexpr const char* kRuleStale = "output-stale";

struct WriteOptions {
  bool force = false;  // overwrite files without gen's marker
  bool prune = false;  // delete stale generated files
  // Whether the FileSet is everything gen produces (gen all); stale files
  // only make sense then, since `gen compose` does not render the others.
  bool complete = true;
  int jobs = 1;                       // threads that read the existing files (0: one per CPU)
  std::function<bool()> interrupted;  // e.g. SignalGuard::interrupted
};

enum class WriteOutcome {
  Written,      // the tree now matches (possibly without any change)
  Refused,      // a check failed (diagnostics); nothing was touched
  Failed,       // the system failed mid-way; everything was undone (diagnostics)
  Interrupted,  // a signal arrived before the renames; everything was undone
};

struct WriteResult {
  WriteOutcome outcome = WriteOutcome::Written;
  int created = 0, updated = 0, unchanged = 0, pruned = 0, stale = 0;
};

WriteResult write_output(FileSystem& fs, const std::string& out_dir, const FileSet& files,
                         const WriteOptions& options, Diagnostics& diags);

}  // namespace gen::emit
