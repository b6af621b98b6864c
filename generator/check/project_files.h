// Host paths a spec names (config files, bind sources, build contexts) stay
// in the project: the spec's directory tree. This module decides where such a
// path lands (lexically, then through symbolic links) and is the only reader
// of config files, for the check stage (secrets in their content) and for
// the pipeline (ConfigMaps), so neither can read a file outside the project
// or a special file (FIFO, device, socket, /proc, /sys).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gen::check {

// Largest config file gen reads: what fits a ConfigMap (the API server's
// 1 MiB object limit, less room for metadata).
constexpr size_t kMaxConfigFileBytes = 1000 * 1000;

// Most files a config directory may hold (each is a key of a ConfigMap).
constexpr size_t kMaxConfigDirFiles = 256;

// What the path must be when it exists.
enum class HostPathKind { File, Directory, Any };

struct HostPath {
  std::string shown;                   // spec directory / path, lexically normal
  std::optional<std::string> outside;  // why it is not in the project, e.g. "is absolute"
  std::optional<std::string> special;  // why it is not the kind wanted, e.g. "is a FIFO"
  bool exists = false;
};

// Where `path` (as written in the spec; relative to the directory of
// `spec_file`) lands. `outside` is set for an absolute path, a path whose
// `..` leave the spec's directory, and a path that a symbolic link leads out
// of it; `special` for an existing path that is not a `kind` (a regular file
// or a directory), or that lies on /proc or /sys.
HostPath locate_host_path(const std::string& spec_file, const std::string& path,
                          HostPathKind kind);

// The text of config file `path`, or nullopt with `why` set when it is
// outside the project, special, missing, unreadable or larger than
// kMaxConfigFileBytes. The file is opened without following a final symbolic
// link and checked again on the open descriptor (regular, not on /proc or
// /sys), so it cannot be swapped for a FIFO or a link after the check.
std::optional<std::string> read_project_file(const std::string& spec_file,
                                             const std::string& path, std::string& why);

// The files of config directory `path` (relative to it, e.g. "default.conf",
// "sites/a.conf"; subdirectories walked, sorted by path), or nullopt with
// `why` set when the directory is outside the project, special, missing or
// unreadable, holds more than kMaxConfigDirFiles files, or holds anything
// but regular files and directories (a FIFO, a socket, a link to a
// directory). Each file is then read with read_project_file.
std::optional<std::vector<std::string>> list_project_dir(const std::string& spec_file,
                                                         const std::string& path,
                                                         std::string& why);

}  // namespace gen::check
