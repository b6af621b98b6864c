// Equality of short strings (names and JSON object keys) without a memcmp
// call: lengths first, then 8 bytes at a time. The evaluator compares names
// on every variable and attribute lookup, so this is its hottest comparison.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace gen::tmpl {

inline bool same_text(std::string_view a, std::string_view b) {
  size_t n = b.size();
  if (a.size() != n) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n > 32) return std::memcmp(x, y, n) == 0;
  while (n >= 8) {
    uint64_t p, q;
    std::memcpy(&p, x, 8);
    std::memcpy(&q, y, 8);
    if (p != q) return false;
    x += 8, y += 8, n -= 8;
  }
  while (n--)
    if (*x++ != *y++) return false;
  return true;
}

}  // namespace gen::tmpl
