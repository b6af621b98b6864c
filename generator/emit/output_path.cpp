#include "emit/output_path.h"

#include "emit/filesystem.h"

namespace gen::emit {

std::string output_path_problem(const std::string& path) {
  if (path.empty()) return "is empty";
  if (path[0] == '/') return "is absolute";
  if (path.find('\0') != std::string::npos) return "contains a NUL byte";
  if (path.find('\\') != std::string::npos) return "contains a backslash";
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    std::string part =
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part.empty()) return "has an empty component";
    if (part == ".") return "has a '.' component";
    if (part == "..") return "has a '..' component (it would leave the output directory)";
    if (is_temp_file_name(part)) return "looks like one of gen's temporary files";
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return "";
}

}  // namespace gen::emit
