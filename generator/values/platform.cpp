#include "values/platform.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "values/split.h"

namespace gen::values {

namespace {

// GOOS/GOARCH spellings of the OCI image index (the Kubernetes node labels
// kubernetes.io/os and kubernetes.io/arch use the same words).
const std::vector<std::string_view>& known_oses() {
  static const std::vector<std::string_view> v = {"linux"};
  return v;
}
const std::vector<std::string_view>& known_archs() {
  static const std::vector<std::string_view> v = {"amd64", "arm64", "arm",    "386",
                                                  "ppc64le", "s390x", "riscv64"};
  return v;
}

bool one_of(const std::vector<std::string_view>& names, std::string_view s) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// v5, v6, v7, v8 (arm), v8 (arm64), v1..v4 (amd64 micro-architecture levels).
bool is_variant(std::string_view s) {
  if (s.size() < 2 || s.size() > 3 || s[0] != 'v') return false;
  return std::all_of(s.begin() + 1, s.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::optional<Platform> Platform::parse(std::string_view text) {
  std::vector<std::string_view> parts = split_at(text, '/');
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  if (!one_of(known_oses(), parts[0]) || !one_of(known_archs(), parts[1])) return std::nullopt;
  if (parts.size() == 3 && !is_variant(parts[2])) return std::nullopt;
  Platform p;
  p.os = std::string(parts[0]);
  p.arch = std::string(parts[1]);
  if (parts.size() == 3) p.variant = std::string(parts[2]);
  return p;
}

std::string Platform::text() const {
  return os + "/" + arch + (variant.empty() ? "" : "/" + variant);
}

}  // namespace gen::values
