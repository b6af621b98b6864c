#include "emit/marker.h"

namespace gen::emit {

bool has_marker(std::string_view content) {
  size_t start = 0;
  for (int line = 0; line < kMarkerLines && start < content.size(); ++line) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    if (content.substr(start, end - start).find(kMarker) != std::string_view::npos) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace gen::emit
