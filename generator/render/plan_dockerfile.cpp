// The dockerfile target: for every module that builds an image from a stack, its
// Dockerfile (one template per stack), a .dockerignore for its build context
// and, when the module checks its environment before starting, the
// entrypoint script (the Dockerfile writes the same script into the image).
// docs/dockerfile.md describes the output. With routes, the edge proxy's
// Caddyfile too (its image is Caddy's; the Caddyfile is what gen builds for
// it, read by compose and systemd alike: docs/compose.md "Routes").
#include <deque>
#include <memory>

#include "model/edge.h"
#include "render/dockerfile_model.h"
#include "render/edge_model.h"
#include "render/targets.h"
#include "util/json_lazy.h"

namespace gen::render {

namespace {

// Each module's model, built when its files are rendered (one after
// another: built once) and dropped after: never one per module at once.
struct LazyDockerModels {
  LazyJsonPool pool{0, 2};
  std::deque<Json> nodes;  // the lazy node each module's files read as `docker`
};

}  // namespace

Plan plan_dockerfile(const model::Project& project, const Json& context) {
  Plan plan;
  const Json& modules = context["modules"];
  auto models = std::make_shared<LazyDockerModels>();
  for (size_t i = 0; i < project.modules.size(); ++i) {
    const model::Module& m = project.modules[i];
    // A plain image: nothing to build; the project's own Dockerfile: used as is.
    if (!m.build || m.build->own()) continue;
    if (m.setup_of) continue;  // a setup step runs its owner's image
    // The template's `module`: the context's item for this module.
    const Json& module = modules[i];
    // One model serves the module's Dockerfile, .dockerignore and script.
    const LazyJson& lazy = models->pool.add([&project, &m] { return dockerfile_model(project, m); });
    const Json& docker = models->nodes.emplace_back(json_lazy(lazy));
    std::vector<Local> locals{borrow("module", module), share("docker", models, docker)};
    plan.push_back({m.dir + "/Dockerfile", "dockerfile/" + m.build->stack + ".Dockerfile.j2", locals});
    plan.push_back({m.dir + "/.dockerignore", "dockerfile/dockerignore.j2", locals});
    if (needs_entrypoint_script(m))
      plan.push_back({m.dir + "/entrypoint.sh", "dockerfile/entrypoint.sh.j2", std::move(locals)});
  }
  if (!project.routes.empty())
    plan.push_back({model::kEdgeCaddyfile, "edge/Caddyfile.j2",
                    {own("edge", edge_model(project))}});
  return plan;
}

}  // namespace gen::render
