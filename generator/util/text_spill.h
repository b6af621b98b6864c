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
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gen {

class TextSpill {
 public:
  // A spill in directory `dir`, or nullptr where the system cannot make an
  // unnamed file there (no such directory, read-only, not Linux...).
  static std::unique_ptr<TextSpill> open(const std::string& dir);
  ~TextSpill();
  TextSpill(const TextSpill&) = delete;
  TextSpill& operator=(const TextSpill&) = delete;

  // Where one text lies: in one piece, or in several when it was streamed
  // while other threads streamed theirs (util/spill_writer.h).
  struct Piece {
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
  };
  struct Ref {
    std::vector<Piece> pieces;
    std::uint64_t size = 0;
  };
  // Appends `text` to the spill and to `ref` (a piece that follows the
  // last one directly extends it); false when the system refused (the disk
  // is full...), and then `ref` is as it was. Safe from several threads.
  bool put(std::string_view text, Ref& ref);
  // The text `ref` was given for, into `out`; false when the system refused.
  bool get(const Ref& ref, std::string& out) const;
  // The same passed to `fn` in order, `chunk` bytes at a time at most, so
  // that a large text is never whole in memory; false when the system
  // refused.
  bool read(const Ref& ref, size_t chunk,
            const std::function<void(std::string_view piece)>& fn) const;

 private:
  explicit TextSpill(int fd) : fd_(fd) {}
  int fd_;
  std::mutex mutex_;  // guards end_
  std::uint64_t end_ = 0;
};

}  // namespace gen
