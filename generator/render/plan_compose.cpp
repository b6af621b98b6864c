// The compose target: one compose.yaml at the output root (layout single),
// or one <module>/compose.yaml per module in that module's directory (layout
// per-module, seed 000: every module owns its compose file). Base modules are
// images, not services, and get none. docs/compose.md describes the output.
#include "render/compose_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_compose(const model::Project& project, const Json& context) {
  Plan plan;
  if (project.targets.compose.layout != model::ComposeLayout::PerModule) {
    plan.push_back({"compose.yaml",
                    "compose/compose.yaml.j2",
                    {share("compose", lazy_compose_single_model(project, context))}});
    return plan;
  }
  // context["modules"][i] is project.modules[i] as the templates see it.
  const Json& modules = context["modules"];
  for (size_t i = 0; i < project.modules.size(); ++i) {
    const model::Module& module = project.modules[i];
    if (module.kind == model::ModuleKind::Base) continue;
    if (module.setup_of) continue;  // in its owner's file
    plan.push_back({module.dir + "/compose.yaml",
                    "compose/module-compose.yaml.j2",
                    {borrow("module", modules[i]),
                     share("compose", lazy_compose_module_model(project, context, i))}});
  }
  return plan;
}

}  // namespace gen::render
