// The filesystem as emit sees it. An interface, so tests run emit on an
// in-memory tree (memory_filesystem.h) that can fail any operation on
// demand, and gen runs it on the real one (real_filesystem.h). Paths are
// '/'-separated; a relative path is relative to the working directory.
#pragma once

#include <string>
#include <vector>

namespace gen::emit {

// The outcome of an operation: empty on success, else why it failed (the
// system's message, e.g. "Permission denied").
struct Status {
  std::string error;

  bool ok() const { return error.empty(); }
  static Status success() { return {}; }
  static Status failure(std::string message) { return {std::move(message)}; }
};

enum class EntryKind { Missing, File, Directory, Symlink, Other };

struct Entry {
  EntryKind kind = EntryKind::Missing;
  bool executable = false;  // a regular file with an execute bit set
  unsigned long long size = 0;  // a regular file's size in bytes
};

struct DirEntry {
  std::string name;
  EntryKind kind = EntryKind::Other;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // What `path` is, without following a final symlink (lstat). Missing, not
  // an error, when nothing is there.
  virtual Status stat(const std::string& path, Entry& entry) = 0;
  // Reads a regular file, or only its first `limit` bytes.
  virtual Status read(const std::string& path, std::string& content,
                      size_t limit = static_cast<size_t>(-1)) = 0;
  // stat and, when `path` is a regular file, read (its first `limit` bytes
  // at most), in one call (a real filesystem needs fewer system calls for
  // both): fails when either fails.
  virtual Status probe(const std::string& path, Entry& entry, std::string& content,
                       size_t limit = static_cast<size_t>(-1));
  // Whether operations may run on several threads at once (each on its own
  // paths): emit then reads and writes files in parallel.
  virtual bool concurrent() const { return false; }
  // The entries of a directory (no "." or ".."), sorted by name.
  virtual Status list(const std::string& dir, std::vector<DirEntry>& entries) = 0;
  virtual Status make_dir(const std::string& path) = 0;
  // Creates an empty directory beside `target`, under a name nothing has
  // (see temp_file_name); returns its path. A new subtree is built in it and
  // renamed to `target` whole, so a killed run leaves only a name the next
  // run recognises.
  virtual Status make_temp_dir(const std::string& target, std::string& temp_path) = 0;
  // Creates a new file in the directory of `target`, under a name no file
  // has (see temp_file_name), holding `content`; returns its path.
  virtual Status write_temp(const std::string& target, const std::string& content, bool executable,
                            std::string& temp_path) = 0;
  // Creates the file `path`, which must not exist yet (O_EXCL), holding
  // `content`; a failed write leaves no file.
  virtual Status write_new(const std::string& path, const std::string& content,
                           bool executable) = 0;
  // Gives the file at `path` a second name (a hard link) beside it, under a
  // fresh temporary name, so it can be put back untouched (same inode, same
  // mtime) if a later step fails. Fails where hard links are not supported.
  virtual Status link_aside(const std::string& path, std::string& aside_path) = 0;
  // Atomically replaces `to` (rename(2)). A directory moves with everything
  // in it and replaces only an empty directory: onto a non-empty directory
  // or a file it fails.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  virtual Status remove_file(const std::string& path) = 0;
  virtual Status remove_dir(const std::string& path) = 0;  // fails unless empty
  virtual Status set_executable(const std::string& path, bool executable) = 0;
  // The absolute path with every symlink resolved (realpath); must exist.
  virtual Status resolve(const std::string& path, std::string& resolved) = 0;
  // Whether the temporary file or directory `name` (is_temp_file_name) may
  // belong to a run that is still going: its leftovers are then not
  // removed. The lock on --out (out_lock.h) already keeps gen runs apart;
  // this covers a filesystem that cannot lock.
  virtual bool temp_in_use(const std::string& name) const {
    (void)name;
    return false;
  }
};

// Deletes the directory `dir` and everything in it, never through a symlink
// (a symlink inside is removed itself).
Status remove_tree(FileSystem& fs, const std::string& dir);

// Temporary files and directories are named ".<target name>.gen-tmp-<unique>"
// so that a run killed outright (SIGKILL, power loss) leaves entries the
// next run recognises as its own leftovers and removes.
std::string temp_file_name(const std::string& target_name, const std::string& unique);
bool is_temp_file_name(const std::string& name);
// What follows the tag in a temporary name ("<pid>-<n>" on a real disk).
std::string temp_file_unique(const std::string& name);

// "a/b" + "c" -> "a/b/c"; "" or "." as the directory gives the name alone.
std::string join_path(const std::string& dir, const std::string& name);
std::string dir_name(const std::string& path);   // "a/b/c" -> "a/b", "c" -> "."
std::string base_name(const std::string& path);  // "a/b/c" -> "c"

}  // namespace gen::emit
