// Byte positions in a text, from the character indices libyaml reports.
// libyaml counts characters (a UTF-8 "é" is one), while gen's diagnostics
// use 1-based lines split at '\n' and 1-based byte columns (what the caret
// renderer counts). This maps one to the other in O(log n) per lookup.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "diagnostics/source_location.h"

namespace gen::yaml {

class TextPositions {
 public:
  explicit TextPositions(const std::string& text);

  // The byte offset of the character at `char_index` (clamped to the end).
  size_t byte_of(size_t char_index) const;
  // 1-based line and byte column of byte offset `byte`.
  SourceLocation at_byte(FileName file, size_t byte) const;
  SourceLocation at_char(FileName file, size_t char_index) const {
    return at_byte(file, byte_of(char_index));
  }
  // The same for a libyaml mark (character index, 0-based line and column in
  // characters): in a text of ASCII without '\r' (where libyaml's lines and
  // columns are gen's) the mark is used as it is, with no lookup.
  SourceLocation at_mark(FileName file, size_t char_index, size_t line, size_t column) const {
    if (plain_)
      return SourceLocation{file, static_cast<int>(line + 1), static_cast<int>(column + 1)};
    return at_char(file, char_index);
  }
  // The same for a mark whose index counts bytes (the block reader's).
  SourceLocation at_byte_mark(FileName file, size_t byte, size_t line, size_t column) const {
    if (plain_)
      return SourceLocation{file, static_cast<int>(line + 1), static_cast<int>(column + 1)};
    return at_byte(file, byte);
  }

 private:
  // Every kStride-th character's byte offset; empty when the text is ASCII
  // (then a character index is its byte offset).
  static constexpr size_t kStride = 256;
  void index_lines() const;
  const std::string& text_;
  bool plain_ = true;  // ASCII, no '\r'
  std::vector<size_t> checkpoints_;
  mutable std::vector<size_t> line_starts_;  // built on the first at_byte
  // The line of the last lookup: parsers ask in ascending order, so most
  // lookups hit it or the next line without a search.
  mutable size_t last_line_ = 0;  // 0-based index into line_starts_
};

}  // namespace gen::yaml
