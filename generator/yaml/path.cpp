#include "yaml/path.h"

namespace gen::yaml {

std::string path_key(const std::string& parent, const std::string& key) {
  std::string k = key;
  if (k.size() > 40) k = k.substr(0, 40) + "...";
  for (char& c : k)
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  return parent.empty() ? k : parent + "." + k;
}

std::string path_index(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string path_where(const std::string& path) {
  return path.empty() ? "at the top level" : "in " + path;
}

}  // namespace gen::yaml
