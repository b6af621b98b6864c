#include "util/text_spill.h"

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
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ref.offset = end_;
    end_ += text.size();
  }
  ref.size = text.size();
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::pwrite(fd_, text.data() + done, text.size() - done,
                         static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool TextSpill::get(const Ref& ref, std::string& out) const {
  out.resize(ref.size);
  size_t done = 0;
  while (done < ref.size) {
    ssize_t n = ::pread(fd_, &out[done], ref.size - done, static_cast<off_t>(ref.offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace gen
