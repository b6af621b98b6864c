#include "diagnostics/source_files.h"

#include <cstring>

namespace gen {

void SourceFiles::add(const std::string& name, std::string text) {
  Text t;
  t.text = std::move(text);
  t.line_starts.push_back(0);
  const char* data = t.text.data();
  const size_t size = t.text.size();
  for (size_t pos = 0; pos < size;) {
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    if (!nl) break;
    pos = static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
    t.line_starts.push_back(pos);
  }
  bytes_indexed_ += size;
  texts_[name] = std::move(t);
}

void SourceFiles::merge(SourceFiles&& other) {
  for (auto& [name, text] : other.texts_) texts_[name] = std::move(text);
  bytes_indexed_ += other.bytes_indexed_;
}

std::optional<std::string> SourceFiles::line(const std::string& name, int line) const {
  auto it = texts_.find(name);
  if (it == texts_.end() || line < 1) return std::nullopt;
  const Text& t = it->second;
  size_t index = static_cast<size_t>(line) - 1;
  if (index >= t.line_starts.size()) return std::nullopt;
  size_t begin = t.line_starts[index];
  size_t end = index + 1 < t.line_starts.size() ? t.line_starts[index + 1] - 1 : t.text.size();
  std::string out = t.text.substr(begin, end - begin);
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return out;
}

}  // namespace gen
