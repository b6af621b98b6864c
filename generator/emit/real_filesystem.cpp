#include "emit/real_filesystem.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <csignal>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace gen::emit {

namespace {

Status from_errno(int err) { return Status::failure(std::strerror(err)); }

EntryKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return EntryKind::File;
  if (S_ISDIR(mode)) return EntryKind::Directory;
  if (S_ISLNK(mode)) return EntryKind::Symlink;
  return EntryKind::Other;
}

// Closes a descriptor on every path out of a function.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status status_of(int err) { return err == 0 ? Status::success() : from_errno(err); }

// 0 or the errno of writing all of `content`.
int write_all(int fd, const std::string& content) {
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<size_t>(n);
  }
  return 0;
}

// 0 or the errno of creating `path` exclusively, holding `content`; what a
// failed write created is removed.
int create_file(const std::string& path, const std::string& content, bool executable) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, executable ? 0777 : 0666);
  if (fd < 0) return errno;
  int err = write_all(fd, content);
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) ::unlink(path.c_str());
  return err;
}

}  // namespace

Status RealFileSystem::stat(const std::string& path, Entry& entry) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      entry = Entry{};
      return Status::success();
    }
    return from_errno(errno);
  }
  entry.kind = kind_of(st.st_mode);
  entry.executable = entry.kind == EntryKind::File && (st.st_mode & 0111) != 0;
  entry.size = entry.kind == EntryKind::File ? static_cast<unsigned long long>(st.st_size) : 0;
  return Status::success();
}

namespace {

// Reads the rest of `fd` (at most `limit` bytes) straight into `content`;
// `size_hint` (the file's size) lets one read(2) do for the common case.
Status read_fd(int fd, std::string& content, size_t limit, size_t size_hint) {
  content.clear();
  size_t want = std::min(limit, size_hint + 1);  // +1: the read that sees EOF
  size_t used = 0;
  while (used < limit) {
    if (used == content.size()) content.resize(std::min(limit, std::max(want, used * 2 + 4096)));
    ssize_t n = ::read(fd, &content[used], content.size() - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      return from_errno(errno);
    }
    if (n == 0) break;
    used += static_cast<size_t>(n);
    if (used < content.size() && used == size_hint) break;  // short read at the known size: EOF
  }
  content.resize(used);
  return Status::success();
}

}  // namespace

Status RealFileSystem::read(const std::string& path, std::string& content, size_t limit) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) return from_errno(errno);
  struct stat st;
  size_t size =
      ::fstat(f.fd, &st) == 0 && S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0;
  return read_fd(f.fd, content, limit, size);
}

Status RealFileSystem::probe(const std::string& path, Entry& entry, std::string& content,
                             size_t limit) {
  // open + fstat + read instead of lstat + open + fstat + read: O_NOFOLLOW
  // keeps a final symlink unopened, O_NONBLOCK a FIFO from blocking.
  Fd f{::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      entry = Entry{};
      return Status::success();
    }
    // symlink, no permission, ...: as lstat says
    return FileSystem::probe(path, entry, content, limit);
  }
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return from_errno(errno);
  entry.kind = kind_of(st.st_mode);
  entry.executable = entry.kind == EntryKind::File && (st.st_mode & 0111) != 0;
  if (entry.kind != EntryKind::File) return Status::success();
  entry.size = static_cast<unsigned long long>(st.st_size);
  return read_fd(f.fd, content, limit, static_cast<size_t>(st.st_size));
}

Status RealFileSystem::list(const std::string& dir, std::vector<DirEntry>& entries) {
  entries.clear();
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return from_errno(errno);
  errno = 0;
  while (struct dirent* e = ::readdir(d.get())) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{name, EntryKind::Other};
    switch (e->d_type) {
      case DT_REG:
        entry.kind = EntryKind::File;
        break;
      case DT_DIR:
        entry.kind = EntryKind::Directory;
        break;
      case DT_LNK:
        entry.kind = EntryKind::Symlink;
        break;
      case DT_UNKNOWN: {  // some filesystems do not fill d_type
        Entry st;
        Status s = stat(join_path(dir, name), st);
        if (!s.ok()) return s;
        entry.kind = st.kind;
        break;
      }
      default:
        break;
    }
    entries.push_back(std::move(entry));
  }
  if (errno != 0) return from_errno(errno);
  std::sort(entries.begin(), entries.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return Status::success();
}

Status RealFileSystem::make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), 0777) == 0) return Status::success();
  return from_errno(errno);
}

Status RealFileSystem::make_temp_dir(const std::string& target, std::string& temp_path) {
  return create_beside(
      target, [](const std::string& path) { return ::mkdir(path.c_str(), 0777) == 0 ? 0 : errno; },
      temp_path);
}

Status RealFileSystem::write_temp(const std::string& target, const std::string& content,
                                  bool executable, std::string& temp_path) {
  return create_beside(
      target, [&](const std::string& path) { return create_file(path, content, executable); },
      temp_path);
}

Status RealFileSystem::write_new(const std::string& path, const std::string& content,
                                 bool executable) {
  return status_of(create_file(path, content, executable));
}

std::string RealFileSystem::next_unique() { return pid_ + "-" + std::to_string(next_temp_++); }

Status RealFileSystem::create_beside(const std::string& target,
                                     const std::function<int(const std::string&)>& create,
                                     std::string& made) {
  const std::string dir = dir_name(target), name = base_name(target);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string path = join_path(dir, temp_file_name(name, next_unique()));
    int err = create(path);
    if (err == EEXIST) continue;
    if (err == 0) made = path;
    return status_of(err);
  }
  return Status::failure("cannot find a free temporary file name");
}

Status RealFileSystem::link_aside(const std::string& path, std::string& aside_path) {
  return create_beside(
      path,
      [&](const std::string& aside) {
        return ::link(path.c_str(), aside.c_str()) == 0 ? 0 : errno;
      },
      aside_path);
}

Status RealFileSystem::rename(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) == 0) return Status::success();
  return from_errno(errno);
}

Status RealFileSystem::remove_file(const std::string& path) {
  if (::unlink(path.c_str()) == 0) return Status::success();
  return from_errno(errno);
}

Status RealFileSystem::remove_dir(const std::string& path) {
  if (::rmdir(path.c_str()) == 0) return Status::success();
  return from_errno(errno);
}

Status RealFileSystem::set_executable(const std::string& path, bool executable) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return from_errno(errno);
  mode_t mode = st.st_mode & 07777;
  // Execute for whoever may read, as chmod +x does under a usual umask.
  mode = executable ? (mode | ((mode & 0444) >> 2)) : (mode & ~static_cast<mode_t>(0111));
  if (::chmod(path.c_str(), mode) != 0) return from_errno(errno);
  return Status::success();
}

bool RealFileSystem::temp_in_use(const std::string& name) const {
  std::string unique = temp_file_unique(name);
  size_t digits = 0;
  while (digits < unique.size() && std::isdigit(static_cast<unsigned char>(unique[digits])))
    ++digits;
  if (digits == 0 || digits > 9 || digits >= unique.size() || unique[digits] != '-') return false;
  pid_t pid = static_cast<pid_t>(std::stol(unique.substr(0, digits)));
  if (pid <= 0) return false;
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

Status RealFileSystem::resolve(const std::string& path, std::string& resolved) {
  char buf[PATH_MAX];
  if (!::realpath(path.c_str(), buf)) return from_errno(errno);
  resolved = buf;
  return Status::success();
}

}  // namespace gen::emit
