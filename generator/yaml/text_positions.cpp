#include "yaml/text_positions.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace gen::yaml {

namespace {
bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

TextPositions::TextPositions(const std::string& text) : text_(text) {
  // Every parsed text comes through here: 8 bytes at a time for the high
  // bits, memchr for '\r'.
  uint64_t high = 0;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    high |= word;
  }
  for (; i < text.size(); ++i) high |= static_cast<unsigned char>(text[i]);
  bool ascii = (high & 0x8080808080808080ull) == 0;
  plain_ = ascii && std::memchr(text.data(), '\r', text.size()) == nullptr;
  if (ascii) return;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (continuation(text[i])) continue;
    if (chars % kStride == 0) checkpoints_.push_back(i);
    ++chars;
  }
}

void TextPositions::index_lines() const {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

size_t TextPositions::byte_of(size_t char_index) const {
  if (checkpoints_.empty()) return std::min(char_index, text_.size());
  size_t slot = std::min(char_index / kStride, checkpoints_.size() - 1);
  size_t byte = checkpoints_[slot];
  size_t chars = char_index - slot * kStride;
  while (chars > 0 && byte < text_.size()) {
    ++byte;
    while (byte < text_.size() && continuation(text_[byte])) ++byte;
    --chars;
  }
  return byte;
}

SourceLocation TextPositions::at_byte(FileName file, size_t byte) const {
  if (line_starts_.empty()) index_lines();
  byte = std::min(byte, text_.size());
  auto starts_line = [&](size_t i) {
    return line_starts_[i] <= byte && (i + 1 == line_starts_.size() || byte < line_starts_[i + 1]);
  };
  size_t index = last_line_;
  if (!starts_line(index)) {
    if (index + 1 < line_starts_.size() && starts_line(index + 1)) {
      ++index;
    } else {
      auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
      index = static_cast<size_t>(it - line_starts_.begin()) - 1;
    }
  }
  last_line_ = index;
  size_t line = index + 1;  // 1-based
  size_t start = line_starts_[index];
  return SourceLocation{file, static_cast<int>(line), static_cast<int>(byte - start + 1)};
}

}  // namespace gen::yaml
