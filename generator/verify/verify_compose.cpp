// Post-conditions of the compose target, checked on the rendered compose
// files themselves (parsed back with positions), so that a template override
// that drops a hardening setting is refused with a diagnostic in the
// artifact naming the rule and the template. Every service must run as a
// numeric non-root user, with a read-only root filesystem, all capabilities
// dropped, no-new-privileges, published ports on loopback (unless the
// module waives loopback-ports) and, for long-running modules, a health
// check with the spec's timings; conf, config and other modules' directories
// stay read-only; secrets appear only as ${NAME} references. docs/compose.md
// lists the rules.
#include <set>

#include "verify/artifact.h"
#include "verify/compose_checks.h"
#include "verify/verifiers.h"
#include "verify/yaml_doc.h"

namespace gen::verify {

void verify_compose(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  std::set<std::string> seen;
  const std::string* first_path = nullptr;
  for (const auto& [path, file] : files) {
    if (file.template_name.rfind("compose/", 0) != 0) continue;
    if (!first_path) first_path = &path;
    auto docs = parse_yaml_artifact(path, file, diags);
    if (!docs) continue;
    for (const auto& doc : *docs) check_compose_document(path, file, doc, project, diags, seen);
  }
  if (!first_path) return;
  // Every module that runs has a service somewhere (base modules are images).
  for (const auto& m : project.modules) {
    if (m.kind == model::ModuleKind::Base || seen.count(m.name)) continue;
    artifact_error(diags, "compose-services", *first_path, files.at(*first_path), 0, 0,
                   "no compose service runs module '" + m.name + "'")
        .help = "every module of the spec except base images gets a service";
  }
}

}  // namespace gen::verify
