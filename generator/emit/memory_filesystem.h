// An in-memory FileSystem for tests: a tree of files, directories and
// symlinks (followed like the kernel does, in every component but a final
// one that lstat or rename names), any operation of which can be made to
// fail on its n-th call. Every file remembers which write produced it, so a
// test can tell an untouched file from a rewritten one.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "emit/filesystem.h"

namespace gen::emit {

class MemoryFileSystem : public FileSystem {
 public:
  enum class Op {
    Stat,
    Read,
    List,
    MakeDir,
    MakeTempDir,
    WriteTemp,
    WriteNew,
    LinkAside,
    Rename,
    RemoveFile,
    RemoveDir,
    SetExecutable,
    Resolve
  };

  // Relative paths are taken from `cwd`, which is created.
  explicit MemoryFileSystem(std::string cwd = "/work");

  // Setting up a tree (missing parent directories are created).
  void add_file(const std::string& path, std::string content, bool executable = false);
  void add_dir(const std::string& path);
  void add_symlink(const std::string& path, std::string target);

  // Looking at it afterwards (paths are not resolved through symlinks).
  bool exists(const std::string& path) const;
  std::string content(const std::string& path) const;  // "" unless a file
  bool is_executable(const std::string& path) const;
  // 0 for a file as set up; each write_temp gives a new, larger number.
  int generation(const std::string& path) const;
  // Every entry under `dir`, relative to it, sorted: "a/" for a directory,
  // "l -> target" for a symlink, "f" for a file.
  std::vector<std::string> tree(const std::string& dir) const;

  // The `nth` call (1-based, counted from now) of `op` fails with `message`.
  void fail_on(Op op, int nth, std::string message = "Input/output error");
  int calls(Op op) const;
  // Bytes handed out by read (and probe) so far: what a real read costs.
  size_t bytes_read() const { return bytes_read_; }

  Status stat(const std::string& path, Entry& entry) override;
  Status read(const std::string& path, std::string& content,
              size_t limit = static_cast<size_t>(-1)) override;
  Status list(const std::string& dir, std::vector<DirEntry>& entries) override;
  Status make_dir(const std::string& path) override;
  Status make_temp_dir(const std::string& target, std::string& temp_path) override;
  Status write_temp(const std::string& target, const std::string& content, bool executable,
                    std::string& temp_path) override;
  Status write_new(const std::string& path, const std::string& content, bool executable) override;
  Status link_aside(const std::string& path, std::string& aside_path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove_file(const std::string& path) override;
  Status remove_dir(const std::string& path) override;
  Status set_executable(const std::string& path, bool executable) override;
  Status resolve(const std::string& path, std::string& resolved) override;

 private:
  struct Node {
    EntryKind kind = EntryKind::File;
    std::string content;  // file content, or a symlink's target
    bool executable = false;
    int generation = 0;
  };
  struct Failure {
    Op op;
    int at_call;
    std::string message;
  };

  std::string absolute(const std::string& path) const;
  // The canonical key of `path`, following symlinks in every component and
  // in the last one too when `follow_last`; an error message when a
  // component is missing or not a directory.
  Status walk(const std::string& path, bool follow_last, std::string& key, int depth = 0) const;
  Status begin(Op op);  // counts the call and applies a scheduled failure
  bool has_children(const std::string& key) const;
  // The key of the directory `path` is to be created in; an error unless it
  // is an existing directory.
  Status parent_dir(const std::string& path, std::string& dir_key) const;
  // Puts `node` beside `target` (in `dir_key`) under a temporary name made
  // with `unique`; returns its path as `target` spells its directory.
  std::string add_beside(const std::string& target, const std::string& dir_key,
                         const std::string& unique, Node node);
  // Moves `from_key` and everything below it to `to_key`.
  void move_tree(const std::string& from_key, const std::string& to_key);
  void ensure_dirs(const std::string& key);

  std::string cwd_;
  std::map<std::string, Node> nodes_;  // canonical absolute path -> node; "/" is the root
  std::map<Op, int> calls_;
  std::vector<Failure> failures_;
  int next_generation_ = 1;
  size_t bytes_read_ = 0;
};

}  // namespace gen::emit
