// The parts of a value between separators ("a:b:" -> "a", "b", ""), as the
// grammars of values/ (a device's ':', a platform's '/') read them.
#pragma once

#include <string_view>
#include <vector>

namespace gen::values {

inline std::vector<std::string_view> split_at(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(sep, start);
    parts.push_back(text.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

}  // namespace gen::values
