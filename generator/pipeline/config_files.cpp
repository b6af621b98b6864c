#include "pipeline/config_files.h"

#include <set>
#include <vector>

#include "check/project_files.h"
#include "template/text.h"

namespace gen::pipeline {

namespace {

// The file's text, or none: read only through check::read_project_file, so a
// path outside the project or a special file is never read (the check stage
// has already refused such a spec; this is the second lock on the door).
std::optional<std::string> read_text(const std::string& spec_path, const std::string& rel) {
  std::string why;
  auto text = check::read_project_file(spec_path, rel, why);
  if (!text || !tmpl::text::valid_utf8(*text)) return std::nullopt;
  return text;
}

}  // namespace

void add_config_files(model::Project& project, const std::string& spec_path) {
  std::vector<model::ConfigFile> files;
  std::set<std::string> seen;
  for (const auto& m : project.modules)
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::Config || !mt.host) continue;
      const std::string& rel = mt.host->path;
      if (rel.empty() || !seen.insert(rel).second) continue;
      files.push_back({rel, read_text(spec_path, rel)});
    }
  project.config_files = std::move(files);
  project.index();
}

}  // namespace gen::pipeline
