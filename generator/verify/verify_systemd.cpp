// The systemd target's post-conditions, checked on the rendered units read
// back as systemd reads them (verify/systemd_unit.h): every module's unit
// keeps the container contract (verify/systemd_checks.h), and every unit file
// parses (a broken line would make systemd or Quadlet skip the setting).
#include <map>

#include "render/json_index.h"
#include "render/systemd_model.h"
#include "verify/artifact.h"
#include "verify/systemd_checks.h"
#include "verify/verifiers.h"

namespace gen::verify {

void verify_systemd(const FileSet& files, const Json& context, Diagnostics& diags) {
  verify_systemd(files, context, render::systemd_model(context), diags);
}

void verify_systemd(const FileSet& files, const Json& context, const Json& model,
                    Diagnostics& diags) {
  bool quadlet = model["flavor"] == "quadlet";
  std::string engine = model["engine"].get<std::string>();

  std::map<std::string, unit::UnitFile> units;  // every unit, parsed once
  for (const auto& [path, file] : files) {
    if (path.rfind("systemd/", 0) != 0) continue;
    unit::UnitFile& u = units[path] = unit::parse(file.content);
    UnitSite at{path, file, diags};
    for (const auto& p : u.problems) at.error("systemd-syntax", p.at, p.message);
  }

  render::KeyIndex unit_models(model["modules"]);
  for (const auto& module : context["modules"]) {
    const std::string& name = module["name"].get_ref<const std::string&>();
    const Json* unit_model = unit_models.find(name);
    if (!unit_model) continue;  // kind base: no unit
    std::string path = "systemd/" + name + (quadlet ? ".container" : ".service");
    auto it = units.find(path);
    if (it == units.end()) continue;  // not rendered by this run's targets
    UnitSite at{path, files.at(path), diags};
    if (quadlet)
      check_quadlet_container(at, it->second, module, *unit_model);
    else
      check_service_unit(at, it->second, module, *unit_model, engine);
  }
}

}  // namespace gen::verify
