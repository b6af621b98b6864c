// The in-memory result of rendering (render makes it; verify, emit and check
// read it): relative output path -> bytes. Sorted by
// path (std::map) so every later stage walks it in a deterministic order.
#pragma once

#include <map>
#include <string>

namespace gen {

struct OutputFile {
  std::string content;
  std::string template_name;  // what produced it, for verify diagnostics
};

using FileSet = std::map<std::string, OutputFile>;

}  // namespace gen
