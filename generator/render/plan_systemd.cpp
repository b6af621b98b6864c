// The systemd target: Podman Quadlet units (flavor quadlet: <module>.container
// plus a .network / .volume per network and volume gen creates) or classic
// units that run the same container with podman or docker (flavor service:
// <module>.service plus <name>-network.service / <name>-volume.service, the
// names Quadlet gives its generated units). docs/systemd.md describes them.
#include "render/systemd_model.h"
#include "render/targets.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

Plan plan_systemd(const Json& context) {
  Json model = systemd_model(context);
  bool quadlet = model["flavor"] == "quadlet";
  Plan plan;
  Json shared = model;  // what each unit sees: the model without the per-item lists
  shared.erase("modules");
  shared.erase("networks");
  shared.erase("volumes");
  auto add = [&](const std::string& path, const std::string& tmpl, Json locals) {
    locals["systemd"] = shared;
    plan.push_back(PlannedFile{"systemd/" + path, "systemd/" + tmpl, std::move(locals)});
  };
  for (const auto& n : model["networks"]) {
    std::string key = n["key"].get<std::string>();
    if (quadlet) add(key + ".network", "network.network.j2", Json{{"network", n}});
    else add(n["service"].get<std::string>(), "network.service.j2", Json{{"network", n}});
  }
  for (const auto& v : model["volumes"]) {
    std::string key = v["key"].get<std::string>();
    if (quadlet) add(key + ".volume", "volume.volume.j2", Json{{"volume", v}});
    else add(v["service"].get<std::string>(), "volume.service.j2", Json{{"volume", v}});
  }
  for (const auto& module : context["modules"]) {
    std::string name = module["name"].get<std::string>();
    if (!model["modules"].contains(name)) continue;  // kind base: never runs
    Json locals = Json{{"module", module}, {"unit", model["modules"][name]}};
    if (quadlet) add(name + ".container", "container.container.j2", std::move(locals));
    else add(name + ".service", "service.service.j2", std::move(locals));
  }
  return plan;
}

}  // namespace gen::render
