#include "values/engine_size.h"

#include <cstdint>
#include <string>

namespace gen::values {

std::optional<int64_t> engine_bytes(std::string_view text) {
  size_t i = 0;
  int64_t n = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (n > (INT64_MAX - 9) / 10) return std::nullopt;
    n = n * 10 + (text[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::string unit;
  for (char c : text.substr(i)) unit += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  int shift = 0;
  if (unit.empty() || unit == "b") shift = 0;
  else if (unit == "k" || unit == "kb") shift = 10;
  else if (unit == "m" || unit == "mb") shift = 20;
  else if (unit == "g" || unit == "gb") shift = 30;
  else return std::nullopt;
  if (shift && n > (INT64_MAX >> shift)) return std::nullopt;
  return n << shift;
}

}  // namespace gen::values
