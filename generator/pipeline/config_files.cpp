#include "pipeline/config_files.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace gen::pipeline {

namespace {

namespace fs = std::filesystem;

// Well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    unsigned min;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      len = 2, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      len = 3, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      len = 4, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    unsigned cp = c & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

std::optional<std::string> read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxConfigFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (!valid_utf8(s)) return std::nullopt;
  return s;
}

}  // namespace

void add_config_files(model::Project& project, const std::string& spec_path) {
  fs::path spec_dir = fs::path(spec_path).parent_path();
  std::vector<model::ConfigFile> files;
  std::set<std::string> seen;
  for (const auto& m : project.modules)
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::Config || !mt.host) continue;
      const std::string& rel = mt.host->path;
      if (rel.empty() || !seen.insert(rel).second) continue;
      files.push_back({rel, read_text(spec_dir / rel)});
    }
  project.config_files = std::move(files);
  project.index();
}

}  // namespace gen::pipeline
