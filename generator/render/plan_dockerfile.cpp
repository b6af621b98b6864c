// The dockerfile target: for every module that builds an image, its
// Dockerfile (one template per stack), a .dockerignore for its build context
// and, when the module checks its environment before starting, the
// entrypoint script (the Dockerfile writes the same script into the image).
// docs/dockerfile.md describes the output.
#include "render/dockerfile_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_dockerfile(const Json& context) {
  Plan plan;
  for (const auto& module : context["modules"]) {
    if (!module["build"].is_object()) continue;  // a plain image: nothing to build
    std::string dir = module["dir"].get<std::string>();
    std::string stack = module["build"]["stack"].get<std::string>();
    // One model serves the module's Dockerfile, .dockerignore and script.
    auto docker = std::make_shared<const Json>(dockerfile_model(context, module));
    std::vector<Local> locals{borrow("module", module), share("docker", docker)};
    plan.push_back({dir + "/Dockerfile", "dockerfile/" + stack + ".Dockerfile.j2", locals});
    plan.push_back({dir + "/.dockerignore", "dockerfile/dockerignore.j2", locals});
    if ((*docker)["entrypoint_script"].get<bool>())
      plan.push_back({dir + "/entrypoint.sh", "dockerfile/entrypoint.sh.j2", std::move(locals)});
  }
  return plan;
}

}  // namespace gen::render
