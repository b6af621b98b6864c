#include "check/paths.h"

namespace gen::check {

std::vector<std::string> path_segments(const std::string& absolute) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < absolute.size()) {
    size_t slash = absolute.find('/', i);
    if (slash == std::string::npos) slash = absolute.size();
    std::string seg = absolute.substr(i, slash - i);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      out.push_back(std::move(seg));
    }
    i = slash + 1;
  }
  return out;
}

std::string normalise_path(const std::string& absolute) {
  std::string out;
  for (const auto& seg : path_segments(absolute)) out += "/" + seg;
  return out.empty() ? "/" : out;
}

}  // namespace gen::check
