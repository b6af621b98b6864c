#include "template/yaml_fold.h"

namespace gen::tmpl {

std::optional<std::vector<std::string_view>> fold_at_spaces(std::string_view text, size_t width) {
  if (text.size() <= width || text.front() == ' ' || text.back() == ' ' ||
      text.find("  ") != std::string_view::npos)
    return std::nullopt;
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  for (std::string_view brk : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf"})
    if (text.find(brk) != std::string_view::npos) return std::nullopt;
  std::vector<std::string_view> lines;
  size_t line_start = 0;  // of the line being filled
  size_t line_end = 0;    // its last word's end, so far
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    if (end - line_start > width && line_end > line_start) {
      lines.push_back(text.substr(line_start, line_end - line_start));
      line_start = pos;
    }
    line_end = end;
    pos = end + 1;
  }
  lines.push_back(text.substr(line_start, line_end - line_start));
  return lines;
}

}  // namespace gen::tmpl
