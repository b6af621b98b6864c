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

// A config directory: its entry, after one entry per file it holds (each
// read as above). No entries unless every file has text and all of them
// together fit one ConfigMap.
model::ConfigFile read_dir(const std::string& spec_path, const std::string& rel,
                           std::set<std::string>& seen, std::vector<model::ConfigFile>& files) {
  std::string why;
  auto entries = check::list_project_dir(spec_path, rel, why);
  if (!entries) return {rel, std::nullopt, true, std::nullopt};
  size_t total = 0;
  bool all = true;
  for (const auto& e : *entries) {
    const std::string path = rel + "/" + e;
    const model::ConfigFile* known = nullptr;
    if (!seen.insert(path).second) {
      for (const auto& f : files)
        if (f.path == path) known = &f;
    } else {
      files.push_back({path, read_text(spec_path, path), false, std::nullopt});
      known = &files.back();
    }
    if (!known || !known->text) all = false;
    else total += known->text->size();
  }
  if (!all || total > check::kMaxConfigFileBytes) entries.reset();
  return {rel, std::nullopt, true, std::move(entries)};
}

}  // namespace

void add_config_files(model::Project& project, const std::string& spec_path) {
  std::vector<model::ConfigFile> files;
  std::set<std::string> seen;
  for (const auto& m : project.modules)
    for (const auto& mt : m.mounts) {
      if (!mt.host) continue;
      const std::string& rel = mt.host->path;
      if (mt.kind == model::MountKind::Config) {
        if (rel.empty() || !seen.insert(rel).second) continue;
        files.push_back({rel, read_text(spec_path, rel), false, std::nullopt});
      } else if (mt.kind == model::MountKind::ConfigDir) {
        if (rel.empty() || !seen.insert(rel + "/").second) continue;
        files.push_back(read_dir(spec_path, rel, seen, files));
      }
    }
  project.config_files = std::move(files);
  project.index();
}

}  // namespace gen::pipeline
