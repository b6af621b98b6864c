#include "pipeline/config_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

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

nlohmann::ordered_json read_text(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return nullptr;
  auto size = fs::file_size(path, ec);
  if (ec || size > kMaxConfigFileBytes) return nullptr;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (!valid_utf8(s)) return nullptr;
  return s;
}

}  // namespace

void add_config_files(nlohmann::ordered_json& context, const std::string& spec_path) {
  fs::path spec_dir = fs::path(spec_path).parent_path();
  auto files = nlohmann::ordered_json::object();
  if (context.contains("modules") && context["modules"].is_array()) {
    for (const auto& m : context["modules"]) {
      if (!m.contains("mounts") || !m["mounts"].is_array()) continue;
      for (const auto& mt : m["mounts"]) {
        if (mt.value("type", "") != "config" || !mt["host"].is_object()) continue;
        std::string rel = mt["host"].value("path", "");
        if (rel.empty() || files.contains(rel)) continue;
        files[rel] = read_text(spec_dir / rel);
      }
    }
  }
  context["config_files"] = files;
}

}  // namespace gen::pipeline
