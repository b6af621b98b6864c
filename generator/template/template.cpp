#include "template/template.h"

#include <algorithm>

namespace gen::tmpl {

void Template::locate(uint32_t offset, int& line, int& column) const {
  if (line_starts.empty()) {
    line = 1;
    column = static_cast<int>(offset) + 1;
    return;
  }
  auto it = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
  size_t index = static_cast<size_t>(it - line_starts.begin()) - 1;
  line = static_cast<int>(index) + 1;
  column = static_cast<int>(offset - line_starts[index]) + 1;
}

}  // namespace gen::tmpl
