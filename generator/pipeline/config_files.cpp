#include "pipeline/config_files.h"

#include "check/project_files.h"
#include "template/text.h"

namespace gen::pipeline {

namespace {

// The file's text, or null: read only through check::read_project_file, so a
// path outside the project or a special file is never read (the check stage
// has already refused such a spec; this is the second lock on the door).
nlohmann::ordered_json read_text(const std::string& spec_path, const std::string& rel) {
  std::string why;
  auto text = check::read_project_file(spec_path, rel, why);
  if (!text || !tmpl::text::valid_utf8(*text)) return nullptr;
  return *text;
}

}  // namespace

void add_config_files(nlohmann::ordered_json& context, const std::string& spec_path) {
  auto files = nlohmann::ordered_json::object();
  if (context.contains("modules") && context["modules"].is_array()) {
    for (const auto& m : context["modules"]) {
      if (!m.contains("mounts") || !m["mounts"].is_array()) continue;
      for (const auto& mt : m["mounts"]) {
        if (mt.value("type", "") != "config" || !mt["host"].is_object()) continue;
        std::string rel = mt["host"].value("path", "");
        if (rel.empty() || files.contains(rel)) continue;
        files[rel] = read_text(spec_path, rel);
      }
    }
  }
  context["config_files"] = files;
}

}  // namespace gen::pipeline
