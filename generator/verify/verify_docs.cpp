// The docs target's post-conditions, light: CONTRACT.md keeps the sections
// of the seed documents, its topology and, for every module that runs, its
// process identity row with the spec's uid and gid (so an overridden
// template cannot drop the contract's core); the scripts start with a shell
// and gen's marker. Row-by-row agreement with the spec is tested in
// tests/docs_contract.
#include <map>
#include <string>
#include <string_view>

#include "model/project.h"
#include "verify/artifact.h"
#include "verify/verifiers.h"

namespace gen::verify {

namespace {

const char* kSections[] = {"Scope", "Topology", "Required Runtime Rules", "Ports",
                           "Process Identity", "Mounts", "Environment", "Health",
                           "Signals and Grace Periods", "Logging", "Image Tags",
                           "Environment Materialization", "Validation Checklist"};

// The module name of a table row "| `name` | ...", or "".
std::string_view row_module(std::string_view line) {
  if (line.substr(0, 3) != "| `") return {};
  size_t close = line.find("` |", 3);
  return close == std::string_view::npos ? std::string_view() : line.substr(3, close - 3);
}

// The line ends with `suffix`.
bool ends_with(std::string_view line, std::string_view suffix) {
  return line.size() >= suffix.size() && line.substr(line.size() - suffix.size()) == suffix;
}

// One pass over the document, line by line (CONTRACT.md is 22 MB at 10,000
// modules: it is read from the spill a piece at a time, never whole), with
// what to look for worked out from the spec first.
void check_contract(const std::string& path, const OutputFile& file,
                    const model::Project& project, Diagnostics& diags) {
  // Each section's heading line: where it is first (0: nowhere).
  std::map<std::string, int, std::less<>> sections;
  for (const char* s : kSections) sections[std::string("## ") + s] = 0;
  sections["## Routes"] = 0;
  // Each route's row, as the table's row starts: is it there.
  std::map<std::string, bool, std::less<>> route_rows;
  for (const model::Route& r : project.routes)
    route_rows["| `" + r.host + "` | `" + r.path + "` | `" + r.module + "` | " +
               std::to_string(r.port) + " | "] = false;
  // Each module that runs as a user: " | uid | gid | " in one of its rows of
  // Process Identity (any row after the heading naming it).
  struct Identity {
    std::string ids;
    bool found = false;
  };
  std::map<std::string, Identity, std::less<>> identities;
  for (const model::Module& m : project.modules)
    if (m.kind != model::ModuleKind::Base && m.user)
      identities[m.name].ids =
          " | " + std::to_string(m.user->uid) + " | " + std::to_string(m.user->gid) + " | ";
  bool mermaid = false;
  int identity = 0;
  for_each_line(file, [&](std::string_view line, int number) {
    if (line.substr(0, 3) == "## ") {
      auto it = sections.find(line);
      if (it != sections.end() && !it->second) it->second = number;
      if (line == "## Process Identity" && !identity) identity = number;
      return;
    }
    if (!mermaid && ends_with(line, "```mermaid")) mermaid = true;
    if (line.substr(0, 3) != "| `") return;
    // A route's row: the line up to one of its " | " separators.
    if (!route_rows.empty())
      for (size_t bar = line.find(" | "); bar != std::string_view::npos;
           bar = line.find(" | ", bar + 1)) {
        auto it = route_rows.find(line.substr(0, bar + 3));
        if (it != route_rows.end()) it->second = true;
      }
    if (identity) {
      auto it = identities.find(row_module(line));
      if (it != identities.end() && line.find(it->second.ids) != std::string_view::npos)
        it->second.found = true;
    }
  });

  for (const char* s : kSections)
    if (!sections.find(std::string("## ") + s)->second)
      artifact_error(diags, "docs-contract", path, file, 0, 0,
                     std::string("CONTRACT.md has no section '## ") + s + "'");
  if (!mermaid)
    artifact_error(diags, "docs-contract", path, file, 0, 0,
                   "CONTRACT.md has no Mermaid topology (```mermaid)");
  // Routes: the section and a row per route (host, path prefix, module, port).
  if (!project.routes.empty()) {
    int at = sections.find("## Routes")->second;
    if (!at)
      artifact_error(diags, "docs-contract", path, file, 0, 0,
                     "CONTRACT.md has no section '## Routes', and the spec has routes");
    for (const model::Route& r : project.routes) {
      std::string row = "| `" + r.host + "` | `" + r.path + "` | `" + r.module + "` | " +
                        std::to_string(r.port) + " | ";
      if (at && !route_rows.find(row)->second)
        artifact_error(diags, "docs-contract", path, file, at, 1,
                       "Routes has no row for " + r.host + r.path + " to module " + r.module +
                           " port " + std::to_string(r.port));
    }
  }
  if (!identity) return;
  for (const model::Module& m : project.modules) {
    auto it = identities.find(m.name);
    if (it == identities.end() || it->second.found) continue;
    artifact_error(diags, "docs-contract", path, file, identity, 1,
                   "Process Identity has no row for module '" + m.name + "' with uid " +
                       std::to_string(m.user->uid) + " and gid " + std::to_string(m.user->gid));
  }
}

void check_script(const std::string& path, const OutputFile& file, Diagnostics& diags) {
  bool shell = false, marker = false;
  for_each_line(file, [&](std::string_view line, int number) {
    if (number == 1) shell = line == "#!/bin/sh";
    if (!marker && line.find("Generated by gen") != std::string_view::npos) marker = true;
  });
  if (!shell)
    artifact_error(diags, "docs-script", path, file, 1, 1, "script does not start with #!/bin/sh");
  if (!marker)
    artifact_error(diags, "docs-script", path, file, 1, 1,
                   "script has no 'Generated by gen' marker, so gen would not recognise it");
}

}  // namespace

void verify_docs(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  for (const auto& [path, file] : files) {
    if (path == "CONTRACT.md") check_contract(path, file, project, diags);
    else if (path == "scripts/materialize-secret.sh" || path == "scripts/verify.sh")
      check_script(path, file, diags);
  }
}

}  // namespace gen::verify
