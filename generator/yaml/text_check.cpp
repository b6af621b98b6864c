#include "yaml/text_check.h"

#include <cstdint>
#include <cstdio>

#include "yaml/ids.h"

namespace gen::yaml {
namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 if invalid (overlong
// forms, surrogates and code points above U+10FFFF are invalid).
size_t utf8_length(const std::string& text, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  size_t len;
  uint32_t min;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool allowed_control(uint32_t cp) { return cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x85; }
bool is_control(uint32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F); }

}  // namespace

bool check_text(const std::string& file, std::string& text, Diagnostics& diags) {
  auto starts = [&](const char* bom, size_t n) { return text.compare(0, n, bom, n) == 0; };
  if (starts("\xEF\xBB\xBF", 3)) text.erase(0, 3);
  if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2)) {
    diags.error(ids::kEncoding, SourceLocation{file, 0, 0},
                "the spec must be UTF-8 text (found a UTF-16 byte-order mark)");
    return false;
  }
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = utf8_length(text, i, cp);
    auto at = [&] { return SourceLocation{file, line, static_cast<int>(i - line_start) + 1}; };
    char hex[32];
    if (len == 0) {
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      diags.error(ids::kEncoding, at(),
                  std::string("the spec is not valid UTF-8 (byte ") + hex + ")");
      return false;
    }
    if (is_control(cp) && !allowed_control(cp)) {
      std::snprintf(hex, sizeof hex, "U+%04X", cp);
      std::string what =
          cp == 0 ? std::string("a NUL byte") : std::string("control character ") + hex;
      diags.error(ids::kEncoding, at(), "the spec contains " + what + "; YAML does not allow it");
      return false;
    }
    if (cp == '\n') {
      ++line;
      line_start = i + 1;
    }
    i += len;
  }
  return true;
}

std::string printable_copy(const std::string& text) {
  std::string out = text;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t len = utf8_length(text, i, cp);
    if (len == 0) {
      out[i++] = '?';
      continue;
    }
    if (is_control(cp) && !allowed_control(cp)) {
      for (size_t k = 0; k < len; ++k) out[i + k] = '?';
    }
    i += len;
  }
  return out;
}

}  // namespace gen::yaml
