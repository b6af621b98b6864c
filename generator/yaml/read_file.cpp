#include "yaml/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "yaml/ids.h"

namespace gen::yaml {
namespace {

// Closes the descriptor on every return path.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string size_text(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::optional<std::string> read_spec_file(const std::string& path, Diagnostics& diags,
                                          size_t max_bytes) {
  SourceLocation at{path, 0, 0};
  // O_NONBLOCK: opening a FIFO without a writer must not hang.
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK)};
  if (f.fd < 0) {
    diags.error(ids::kIoError, at, std::string("cannot open the spec: ") + std::strerror(errno));
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) {
    diags.error(ids::kIoError, at, std::string("cannot read the spec: ") + std::strerror(errno));
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    diags.error(ids::kIoError, at, "the spec path is a directory, not a file");
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    diags.error(ids::kIoError, at, "the spec is not a regular file");
    return std::nullopt;
  }
  auto too_large = [&](size_t size) {
    diags.error(ids::kInputLimit, at,
                "the spec is too large (" + std::to_string(size) + " bytes; the limit is " +
                    size_text(max_bytes) + ")");
  };
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    too_large(static_cast<size_t>(st.st_size));
    return std::nullopt;
  }
  std::string text;
  text.resize(static_cast<size_t>(st.st_size));
  size_t have = 0;
  // The file may grow while we read: read until EOF, but never past the limit.
  for (;;) {
    if (have == text.size()) {
      if (text.size() > max_bytes) {
        too_large(text.size());
        return std::nullopt;
      }
      // At the size fstat gave: whether the file grew since is asked into
      // a small buffer of its own, as growing `text` (here, to find EOF)
      // would double a large spec's buffer.
      char more[65536];
      ssize_t n = ::read(f.fd, more, std::min(sizeof more, max_bytes + 1 - text.size()));
      if (n < 0) {
        if (errno == EINTR) continue;
        diags.error(ids::kIoError, at, std::string("cannot read the spec: ") + std::strerror(errno));
        return std::nullopt;
      }
      if (n == 0) break;
      text.append(more, static_cast<size_t>(n));
      have = text.size();
      continue;
    }
    ssize_t n = ::read(f.fd, &text[have], text.size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      diags.error(ids::kIoError, at, std::string("cannot read the spec: ") + std::strerror(errno));
      return std::nullopt;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  text.resize(have);
  if (text.size() > max_bytes) {
    too_large(text.size());
    return std::nullopt;
  }
  return text;
}

}  // namespace gen::yaml
