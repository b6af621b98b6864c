// What is under --out compared with what the spec produces: the read-only
// first half shared by `gen all` (write.h) and `gen check` (compare.h).
// Every path is checked on the way: a FileSet path must be normalised and
// relative (output_path.h), and a symlink inside --out may only lead to
// somewhere inside --out.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "emit/filesystem.h"
#include "util/file_set.h"

namespace gen::emit {

enum class FileState {
  Missing,      // nothing there yet
  Same,         // same bytes and executable bit: left alone
  ModeDiffers,  // same bytes, executable bit differs
  Differs,      // other bytes
};

struct SurveyedFile {
  std::string path;       // relative to --out, as in the FileSet
  std::string disk_path;  // what the FileSystem is asked for
  const OutputFile* output = nullptr;
  FileState state = FileState::Missing;
  std::string existing;  // the current bytes, when the file exists and Differs
  // False when the file on disk is much larger than the output (above
  // read_bound): then only its first bytes were read, and `existing` holds
  // just its head (where the marker is); `existing_size` is its full size.
  bool existing_whole = true;
  unsigned long long existing_size = 0;
  bool existing_executable = false;
  bool existing_generated = false;  // carries gen's marker (marker.h)
};

// How much of an existing file is read to compare it with an output of
// `generated` bytes: twice that plus 1 MiB. A file larger than this differs
// anyway; reading it whole (a 2 GB file in the output tree took 6.3 GB of
// memory to diff) would only serve a diff nobody can read.
inline size_t read_bound(size_t generated) { return 2 * generated + (size_t{1} << 20); }

struct Survey {
  std::string root;                 // --out as the FileSystem sees it
  std::vector<SurveyedFile> files;  // in FileSet (path) order
  // Disk paths to create, parents first: --out and its missing parents, and
  // the missing directories inside --out.
  std::vector<std::string> missing_root_dirs;
  std::vector<std::string> missing_dirs;
  // Relative paths, sorted: files with gen's marker the spec no longer
  // produces, temporary files a killed run left behind, and the directories
  // it was building under temporary names (never looked into).
  std::vector<std::string> stale;
  std::vector<std::string> leftovers;
  std::vector<std::string> leftover_dirs;
};

// Diagnostic rule ids of the output tree.
inline constexpr const char* kRuleOutputPath = "output-path";        // unsafe FileSet path
inline constexpr const char* kRuleOutputOutside = "output-outside";  // symlink out of --out
inline constexpr const char* kRuleOutputBlocked = "output-blocked";  // not a file/dir where needed
inline constexpr const char* kRuleOutputIo = "output-io";            // the system said no

// Fills `survey`; false (with errors in `diags`, each positioned at the file
// in question) when a path is unsafe, blocked or unreadable. Stale files are
// looked for (when `find_stale`) in every directory gen writes into and one
// level below them (a removed module's or profile's directory), never
// through symlinks or into .git; unreadable directories there are skipped.
// Existing files are read on `jobs` threads (0: one per CPU) when the
// FileSystem allows it.
bool survey_output(FileSystem& fs, const std::string& out_dir, const FileSet& files,
                   bool find_stale, Survey& survey, Diagnostics& diags, int jobs = 1);

// --out as emit uses it: trailing slashes and leading "./" dropped, "" -> ".".
std::string out_root(const std::string& out_dir);

// How diagnostics and `gen check` name a file: --out joined with the
// relative path ("deploy/compose.yaml").
std::string display_path(const std::string& out_dir, const std::string& rel);

// True when `diags` holds an output-io error (exit code 2, not 1).
bool has_io_error(const Diagnostics& diags);

}  // namespace gen::emit
