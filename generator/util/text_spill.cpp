#include "util/text_spill.h"

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace gen {

std::unique_ptr<TextSpill> TextSpill::open(const std::string& dir) {
#if defined(O_TMPFILE)
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0) return nullptr;
  return std::unique_ptr<TextSpill>(new TextSpill(fd));
#else
  (void)dir;
  return nullptr;
#endif
}

TextSpill::~TextSpill() { ::close(fd_); }

bool TextSpill::put(std::string_view text, Ref& ref) {
  if (text.empty()) return true;
  std::uint64_t offset;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    offset = end_;
    end_ += text.size();
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done,
                         static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  if (!ref.pieces.empty() && ref.pieces.back().offset + ref.pieces.back().size == offset)
    ref.pieces.back().size += text.size();
  else
    ref.pieces.push_back(Piece{offset, text.size()});
  ref.size += text.size();
  return true;
}

bool TextSpill::get(const Ref& ref, std::string& out) const {
  out.resize(static_cast<size_t>(ref.size));
  size_t at = 0;
  for (const Piece& piece : ref.pieces) {
    size_t done = 0;
    while (done < piece.size) {
      ssize_t n = ::pread(fd_, &out[at + done], piece.size - done,
                          static_cast<off_t>(piece.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    at += done;
  }
  return true;
}

bool TextSpill::read(const Ref& ref, size_t chunk,
                     const std::function<void(std::string_view piece)>& fn) const {
  std::string buffer;
  for (const Piece& piece : ref.pieces) {
    for (std::uint64_t at = 0; at < piece.size;) {
      const size_t want = static_cast<size_t>(std::min<std::uint64_t>(chunk, piece.size - at));
      buffer.resize(want);
      size_t done = 0;
      while (done < want) {
        ssize_t n = ::pread(fd_, &buffer[done], want - done,
                            static_cast<off_t>(piece.offset + at + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<size_t>(n);
      }
      fn(buffer);
      at += want;
    }
  }
  return true;
}

}  // namespace gen
