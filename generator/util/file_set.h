// The in-memory result of rendering (render makes it; verify, emit and check
// read it): relative output path -> bytes. Sorted by
// path (std::map) so every later stage walks it in a deterministic order.
#pragma once

#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "util/text_spill.h"

namespace gen {

struct OutputFile {
  OutputFile() = default;
  OutputFile(std::string text, std::string from)
      : content(std::move(text)), template_name(std::move(from)) {}

  std::string content;        // the text; empty while it waits in a spill
  std::string template_name;  // what produced it, for verify diagnostics
  // Where the text waits on a large project (util/text_spill.h), if it
  // does, until it is written or compared: text_of() reads it back.
  std::shared_ptr<const TextSpill> spill;
  TextSpill::Ref spilled;
};

using FileSet = std::map<std::string, OutputFile>;

// The size of the file's text.
inline size_t size_of(const OutputFile& file) {
  return file.spill ? static_cast<size_t>(file.spilled.size) : file.content.size();
}

// Why a spill could not be read back (from errno, just after the read).
inline std::string spill_read_error() {
  return std::string("cannot read back rendered text set aside on disk: ") + std::strerror(errno);
}

// The file's text: its content, or what its spill gives back (into
// `buffer`); nullptr, with `error` saying why, when the system refuses to
// read the spill back.
inline const std::string* try_text_of(const OutputFile& file, std::string& buffer,
                                      std::string& error) {
  if (!file.spill) return &file.content;
  if (file.spill->get(file.spilled, buffer)) return &buffer;
  error = spill_read_error();
  return nullptr;
}

// The same, throwing where the system refuses.
inline const std::string& text_of(const OutputFile& file, std::string& buffer) {
  std::string error;
  const std::string* text = try_text_of(file, buffer, error);
  if (!text) throw std::runtime_error(error);
  return *text;
}

// Passes the file's text to `fn` in order, in pieces of at most 1 MiB when
// it waits in a spill (a large file is then never whole in memory), at
// once when it is in memory. Throws where the system refuses to read the
// spill back.
inline void for_each_piece(const OutputFile& file,
                           const std::function<void(std::string_view piece)>& fn) {
  if (!file.spill) {
    fn(file.content);
    return;
  }
  if (!file.spill->read(file.spilled, size_t(1) << 20, fn))
    throw std::runtime_error(spill_read_error());
}

// Passes each line of the file's text to `fn`, without its '\n', with its
// 1-based number; a last line without '\n' too. Reads as for_each_piece.
inline void for_each_line(const OutputFile& file,
                          const std::function<void(std::string_view line, int number)>& fn) {
  std::string partial;  // a line cut by the end of a piece
  int number = 0;
  for_each_piece(file, [&](std::string_view piece) {
    size_t start = 0;
    for (size_t nl; (nl = piece.find('\n', start)) != std::string_view::npos; start = nl + 1) {
      if (partial.empty()) {
        fn(piece.substr(start, nl - start), ++number);
      } else {
        partial.append(piece.substr(start, nl - start));
        fn(partial, ++number);
        partial.clear();
      }
    }
    partial.append(piece.substr(start));
  });
  if (!partial.empty()) fn(partial, ++number);
}

}  // namespace gen
