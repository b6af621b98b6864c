// The systemd target's post-conditions, checked on the rendered units read
// back as systemd reads them (verify/systemd_unit.h): every module's unit
// keeps the container contract (verify/systemd_checks.h), and every unit file
// parses (a broken line would make systemd or Quadlet skip the setting).
#include <map>

#include "model/project.h"
#include "verify/artifact.h"
#include "verify/systemd_checks.h"
#include "verify/verifiers.h"

namespace gen::verify {

void verify_systemd(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  // Quadlet is Podman's: that flavor always runs podman, whatever the
  // engine says (docs/systemd.md).
  const model::SystemdTarget& target = project.targets.systemd;
  bool quadlet = target.flavor == model::SystemdFlavor::Quadlet;
  std::string engine = quadlet ? "podman" : model::spelled(target.engine);

  std::map<std::string, unit::UnitFile> units;  // every unit, parsed once
  for (const auto& [path, file] : files) {
    if (path.rfind("systemd/", 0) != 0) continue;
    unit::UnitFile& u = units[path] = unit::parse(file.content);
    UnitSite at{path, file, diags};
    for (const auto& p : u.problems) at.error("systemd-syntax", p.at, p.message);
  }

  for (const model::Module& module : project.modules) {
    if (module.kind == model::ModuleKind::Base) continue;  // built, never run: no unit
    std::string path = "systemd/" + module.name + (quadlet ? ".container" : ".service");
    auto it = units.find(path);
    if (it == units.end()) continue;  // not rendered by this run's targets
    UnitSite at{path, files.at(path), diags};
    if (quadlet)
      check_quadlet_container(at, it->second, module);
    else
      check_service_unit(at, it->second, module, engine);
    check_setup_order(at, it->second, module, project);
  }
}

}  // namespace gen::verify
