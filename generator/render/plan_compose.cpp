// The compose target: one compose.yaml at the output root (layout single),
// or one <module>/compose.yaml per module in that module's directory (layout
// per-module, seed 000: every module owns its compose file). Base modules are
// images, not services, and get none. docs/compose.md describes the output.
#include "render/compose_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_compose(const Json& context) {
  Plan plan;
  const auto& compose = context["targets"]["compose"];
  bool per_module = compose.is_object() && compose["layout"] == "per-module";
  if (!per_module) {
    plan.push_back({"compose.yaml",
                    "compose/compose.yaml.j2",
                    {own("compose", compose_single_model(context))}});
    return plan;
  }
  for (const auto& module : context["modules"]) {
    if (module["kind"] == "base") continue;
    plan.push_back(
        {module["dir"].get<std::string>() + "/compose.yaml",
         "compose/module-compose.yaml.j2",
         {borrow("module", module), own("compose", compose_module_model(context, module))}});
  }
  return plan;
}

}  // namespace gen::render
