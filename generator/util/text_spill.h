// Rendered text set aside on disk while the rest of a run goes on. At
// 10,000 modules the rendered files (180 MB of text) were most of gen's
// peak memory (bench/README.md, issue 17): past a threshold each file's
// text is put here as soon as it is rendered, and whatever needs it later
// (verify, the write, gen check) reads it back one file at a time
// (util/file_set.h, text_of).
//
// The file has no name (O_TMPFILE): nothing can see it, and nothing is left
// behind however the run ends. It is made on the filesystem the output
// goes to, which the same bytes are about to be written to anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace gen {

class TextSpill {
 public:
  // A spill in directory `dir`, or nullptr where the system cannot make an
  // unnamed file there (no such directory, read-only, not Linux...).
  static std::unique_ptr<TextSpill> open(const std::string& dir);
  ~TextSpill();
  TextSpill(const TextSpill&) = delete;
  TextSpill& operator=(const TextSpill&) = delete;

  struct Ref {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  // Appends `text`; false when the system refused (the disk is full...).
  // Safe from several threads at once.
  bool put(std::string_view text, Ref& ref);
  // The text `ref` was given for; false when the system refused.
  bool get(const Ref& ref, std::string& out) const;

 private:
  explicit TextSpill(int fd) : fd_(fd) {}
  int fd_;
  std::mutex mutex_;  // guards end_
  std::uint64_t end_ = 0;
};

}  // namespace gen
