#include "emit/marker.h"

namespace gen::emit {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// prefix, a non-empty spec path, suffix: nothing before or after.
bool is_header(std::string_view line, std::string_view prefix, std::string_view suffix) {
  return line.size() > prefix.size() + suffix.size() && starts_with(line, prefix) &&
         ends_with(line, suffix);
}

}  // namespace

bool is_marker_line(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return is_header(line, kMarkerPrefix, kMarkerSuffix) ||
         is_header(line, kMarkdownMarkerPrefix, kMarkdownMarkerSuffix);
}

bool has_marker(std::string_view content) {
  size_t start = 0;
  for (int line = 0; line < kMarkerLines && start < content.size(); ++line) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    if (is_marker_line(content.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace gen::emit
