// The compose target: one compose.yaml at the output root (layout single),
// or one <module>/compose.yaml per module in that module's directory (layout
// per-module, seed 000: every module owns its compose file). Base modules are
// images, not services, and get none. docs/compose.md describes the output.
#include "render/compose_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_compose(const nlohmann::ordered_json& context) {
  Plan plan;
  const auto& compose = context["targets"]["compose"];
  bool per_module = compose.is_object() && compose["layout"] == "per-module";
  // Locals are built by assignment, not from initializer lists (which
  // copy): a large project's models are big.
  if (!per_module) {
    nlohmann::ordered_json locals = nlohmann::ordered_json::object();
    locals["compose"] = compose_single_model(context);
    plan.push_back({"compose.yaml", "compose/compose.yaml.j2", std::move(locals)});
    return plan;
  }
  for (const auto& module : context["modules"]) {
    if (module["kind"] == "base") continue;
    nlohmann::ordered_json locals = {{"module", nullptr}, {"compose", nullptr}};
    locals["module"] = module;
    locals["compose"] = compose_module_model(context, module);
    plan.push_back({module["dir"].get<std::string>() + "/compose.yaml",
                    "compose/module-compose.yaml.j2", std::move(locals)});
  }
  return plan;
}

}  // namespace gen::render
