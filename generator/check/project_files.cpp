#include "check/project_files.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace gen::check {
namespace {

namespace fs = std::filesystem;

fs::path spec_dir(const std::string& spec_file) {
  fs::path dir = fs::path(spec_file).parent_path();
  return dir.empty() ? fs::path(".") : dir;
}

// True when canonical `path` is `root` or below it.
bool within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // a trailing separator of the root
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// Kernel file systems whose files are views of the running system (the
// environment of a process, kernel state), never configuration.
bool pseudo_file_system(long type) {
  switch (type) {
    case PROC_SUPER_MAGIC:
    case SYSFS_MAGIC:
    case DEBUGFS_MAGIC:
    case SECURITYFS_MAGIC:
    case TRACEFS_MAGIC:
    case CGROUP_SUPER_MAGIC:
    case CGROUP2_SUPER_MAGIC:
    case DEVPTS_SUPER_MAGIC:
      return true;
    default:
      return false;
  }
}

std::optional<std::string> wrong_kind(const struct stat& st, long fs_type, HostPathKind kind) {
  if (kind == HostPathKind::Any) return std::nullopt;
  if (pseudo_file_system(fs_type)) return "is on a kernel file system (/proc, /sys, ...)";
  const bool file = S_ISREG(st.st_mode), dir = S_ISDIR(st.st_mode);
  if (kind == HostPathKind::File ? file : dir) return std::nullopt;
  if (file) return "is a file, not a directory";
  if (dir) return "is a directory, not a file";
  if (S_ISFIFO(st.st_mode)) return "is a FIFO, not a regular file";
  if (S_ISSOCK(st.st_mode)) return "is a socket, not a regular file";
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return "is a device, not a regular file";
  return "is not a regular file";
}

}  // namespace

HostPath locate_host_path(const std::string& spec_file, const std::string& path,
                          HostPathKind kind) {
  HostPath out;
  const fs::path dir = spec_dir(spec_file);
  const fs::path written(path);
  const fs::path full = written.is_absolute() ? written : dir / written;
  out.shown = full.lexically_normal().string();
  if (written.is_absolute()) {
    out.outside = "is an absolute host path";
  } else {
    const fs::path norm = written.lexically_normal();
    if (!norm.empty() && *norm.begin() == "..") out.outside = "leaves the spec's directory with ..";
  }
  struct stat st {};
  if (::stat(full.c_str(), &st) != 0) return out;  // missing (or a dangling link)
  out.exists = true;
  if (!out.outside) {
    std::error_code ec;
    const fs::path root = fs::canonical(dir, ec);
    const fs::path real = ec ? fs::path() : fs::canonical(full, ec);
    if (!ec && !within(real, root))
      out.outside = "leads through a symbolic link to " + real.string() +
                    ", outside the spec's directory";
  }
  struct statfs sfs {};
  const long fs_type = ::statfs(full.c_str(), &sfs) == 0 ? static_cast<long>(sfs.f_type) : 0;
  out.special = wrong_kind(st, fs_type, kind);
  return out;
}

std::optional<std::string> read_project_file(const std::string& spec_file,
                                             const std::string& path, std::string& why) {
  auto fail = [&](std::string reason) -> std::optional<std::string> {
    why = std::move(reason);
    return std::nullopt;
  };
  const HostPath where = locate_host_path(spec_file, path, HostPathKind::File);
  if (where.outside) return fail("it " + *where.outside);
  if (!where.exists) return fail("it does not exist");
  if (where.special) return fail("it " + *where.special);
  std::error_code ec;
  const fs::path real = fs::canonical(where.shown, ec);
  if (ec) return fail("it cannot be resolved");
  // O_NONBLOCK: a FIFO put in the file's place must not block the open.
  const int fd = ::open(real.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return fail("it cannot be opened");
  struct stat st {};
  struct statfs sfs {};
  std::optional<std::string> text;
  if (::fstat(fd, &st) != 0 || ::fstatfs(fd, &sfs) != 0) {
    why = "it cannot be examined";
  } else if (auto wrong = wrong_kind(st, static_cast<long>(sfs.f_type), HostPathKind::File)) {
    why = "it " + *wrong;
  } else if (static_cast<size_t>(st.st_size) > kMaxConfigFileBytes) {
    why = "it is larger than " + std::to_string(kMaxConfigFileBytes) + " bytes";
  } else {
    std::string buffer(kMaxConfigFileBytes + 1, '\0');
    size_t got = 0;
    for (;;) {
      ssize_t n = ::read(fd, buffer.data() + got, buffer.size() - got);
      if (n < 0) {
        why = "it cannot be read";
        break;
      }
      if (n == 0) {
        buffer.resize(got);
        text = std::move(buffer);
        break;
      }
      got += static_cast<size_t>(n);
      if (got > kMaxConfigFileBytes) {  // grew since fstat
        why = "it is larger than " + std::to_string(kMaxConfigFileBytes) + " bytes";
        break;
      }
    }
  }
  ::close(fd);
  return text;
}

std::optional<std::vector<std::string>> list_project_dir(const std::string& spec_file,
                                                         const std::string& path,
                                                         std::string& why) {
  auto fail = [&](std::string reason) -> std::optional<std::vector<std::string>> {
    why = std::move(reason);
    return std::nullopt;
  };
  const HostPath where = locate_host_path(spec_file, path, HostPathKind::Directory);
  if (where.outside) return fail("it " + *where.outside);
  if (!where.exists) return fail("it does not exist");
  if (where.special) return fail("it " + *where.special);
  std::error_code ec;
  const fs::path root = fs::canonical(where.shown, ec);
  if (ec) return fail("it cannot be resolved");
  std::vector<std::string> files;
  // Directory links are not followed (the walk stays in the tree); a link to
  // a file is listed, and read_project_file checks where it leads.
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    const std::string rel = e.path().lexically_relative(root).generic_string();
    std::error_code kind_ec;
    if (e.is_symlink(kind_ec) && e.is_directory(kind_ec))
      return fail("it holds " + rel + ", a link to a directory");
    if (e.is_directory(kind_ec)) continue;
    if (!e.is_regular_file(kind_ec)) return fail("it holds " + rel + ", which is not a regular file");
    if (files.size() == kMaxConfigDirFiles)
      return fail("it holds more than " + std::to_string(kMaxConfigDirFiles) + " files");
    files.push_back(rel);
  }
  if (ec) return fail("it cannot be read");
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace gen::check
