// The systemd target: Podman Quadlet units (flavor quadlet: <module>.container
// plus a .network / .volume per network and volume gen creates; a scheduled
// job also gets <module>.timer, on either flavor) or classic
// units that run the same container with podman or docker (flavor service:
// <module>.service plus <name>-network.service / <name>-volume.service, the
// names Quadlet gives its generated units). docs/systemd.md describes them.
#include "render/json_index.h"
#include "render/systemd_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_systemd(const model::Project& project, const Json& context) {
  return plan_systemd(project, context, lazy_systemd_model(project));
}

Plan plan_systemd(const model::Project& project, const Json& context,
                  const std::shared_ptr<const Json>& model) {
  const Json& m = *model;
  bool quadlet = m["flavor"] == "quadlet";
  Plan plan;
  auto add = [&](const std::string& path, const std::string& tmpl, std::vector<Local> locals) {
    locals.push_back(share("systemd", model));
    plan.push_back(PlannedFile{"systemd/" + path, "systemd/" + tmpl, std::move(locals)});
  };
  for (const auto& n : m["networks"]) {
    std::string key = n["key"].get<std::string>();
    if (quadlet)
      add(key + ".network", "network.network.j2", {share("network", model, n)});
    else
      add(n["service"].get<std::string>(), "network.service.j2", {share("network", model, n)});
  }
  for (const auto& v : m["volumes"]) {
    std::string key = v["key"].get<std::string>();
    if (quadlet)
      add(key + ".volume", "volume.volume.j2", {share("volume", model, v)});
    else
      add(v["service"].get<std::string>(), "volume.service.j2", {share("volume", model, v)});
  }
  KeyIndex units(m["modules"]);
  // The context's modules are the project's, in the same order.
  const Json& modules = context["modules"];
  for (size_t i = 0; i < project.modules.size(); ++i) {
    const std::string& name = project.modules[i].name;
    const Json* unit = units.find(name);
    if (!unit) continue;  // kind base: never runs
    std::vector<Local> locals{borrow("module", modules[i]), share("unit", model, *unit)};
    if (project.modules[i].schedule) add(name + ".timer", "timer.timer.j2", locals);  // unit.timer
    if (quadlet) add(name + ".container", "container.container.j2", std::move(locals));
    else add(name + ".service", "service.service.j2", std::move(locals));
  }
  return plan;
}

}  // namespace gen::render
