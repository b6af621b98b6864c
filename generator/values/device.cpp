#include "values/device.h"

#include <cctype>
#include <vector>

#include "values/split.h"

namespace gen::values {

namespace {

// An absolute path of plain segments: no empty, "." or ".." segment, no
// characters an engine's `:`-separated syntax or a unit line would split.
bool plain_path(std::string_view p) {
  if (p.size() < 2 || p[0] != '/') return false;
  size_t start = 1;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    std::string_view seg = p.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    for (char c : seg)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
            c == '+' || c == '@'))
        return false;
    start = end + 1;
  }
  return true;
}

bool is_permissions(std::string_view s) {
  if (s.empty() || s.size() > 3) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != 'r' && s[i] != 'w' && s[i] != 'm') return false;
    if (s.find(s[i], i + 1) != std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

std::optional<Device> Device::parse(std::string_view text) {
  std::vector<std::string_view> parts = split_at(text, ':');
  if (parts.size() > 3) return std::nullopt;
  Device d;
  if (!plain_path(parts[0]) || parts[0].substr(0, 5) != "/dev/") return std::nullopt;
  d.host = std::string(parts[0]);
  d.container = d.host;
  if (parts.size() == 2) {
    // HOST:PERMISSIONS or HOST:CONTAINER, as the engines read it.
    if (is_permissions(parts[1]))
      d.permissions = std::string(parts[1]);
    else if (plain_path(parts[1]))
      d.container = std::string(parts[1]);
    else
      return std::nullopt;
  } else if (parts.size() == 3) {
    if (!plain_path(parts[1]) || !is_permissions(parts[2])) return std::nullopt;
    d.container = std::string(parts[1]);
    d.permissions = std::string(parts[2]);
  }
  return d;
}

std::string Device::text() const { return host + ":" + container + ":" + permissions; }

}  // namespace gen::values
