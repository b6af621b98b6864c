#include "values/duration.h"

#include <limits>

namespace gen::values {

std::optional<Duration> Duration::parse(std::string_view s) {
  if (s.empty()) return std::nullopt;
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    int64_t n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i++] - '0');
    if (i == start || i - start > 9) return std::nullopt;
    int64_t unit;
    if (s.substr(i, 2) == "ms") {
      unit = 1, i += 2;
    } else if (i < s.size() && s[i] == 's') {
      unit = 1000, ++i;
    } else if (i < s.size() && s[i] == 'm') {
      unit = 60000, ++i;
    } else if (i < s.size() && s[i] == 'h') {
      unit = 3600000, ++i;
    } else {
      return std::nullopt;
    }
    int64_t add = n * unit;  // < 1e9 * 3.6e6, fits
    total = total > kMax - add ? kMax : total + add;
  }
  return Duration{std::string(s), total};
}

int64_t Duration::ceil_seconds() const {
  if (millis <= 0) return 0;
  return millis / 1000 + (millis % 1000 != 0 ? 1 : 0);
}

}  // namespace gen::values
