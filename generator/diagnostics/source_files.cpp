#include "diagnostics/source_files.h"

namespace gen {

std::optional<std::string> SourceFiles::line(const std::string& name, int line) const {
  auto it = texts_.find(name);
  if (it == texts_.end() || line < 1) return std::nullopt;
  const std::string& text = it->second;
  size_t pos = 0;
  for (int n = 1; n < line; ++n) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return std::nullopt;
    ++pos;
  }
  if (pos > text.size()) return std::nullopt;
  size_t end = text.find('\n', pos);
  std::string out = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace gen
