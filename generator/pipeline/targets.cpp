#include "pipeline/targets.h"

#include "render/targets.h"

namespace gen::pipeline {

namespace {

using render::SharedModels;

// Adapters from the planners' and verifiers' own signatures (what their
// tests call) to the targets' common one.
// Planners read the resolved project (and borrow parts of its JSON
// serialisation for templates); verifiers read only the project.
template <render::Plan (*plan)(const model::Project&, const nlohmann::ordered_json&)>
render::Plan plan_with(const SharedModels& m) {
  return plan(m.project(), m.context());
}
template <void (*verify)(const FileSet&, const model::Project&, Diagnostics&)>
void verify_with(const FileSet& files, const SharedModels& m, Diagnostics& diags) {
  verify(files, m.project(), diags);
}

// The dockerfile target writes what gen builds for the modules to run: their
// Dockerfiles and, with routes, the edge proxy's Caddyfile.
void verify_build_inputs(const FileSet& files, const SharedModels& m, Diagnostics& diags) {
  verify::verify_dockerfile(files, m.project(), diags);
  verify::verify_edge(files, m.project(), diags);
}

render::Plan plan_systemd(const SharedModels& m) {
  return render::plan_systemd(m.project(), m.context(), m.systemd());
}
render::Plan plan_docs(const SharedModels& m) {
  return render::plan_docs(m.project(), m.context(), m.systemd());
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> table{
      {"dockerfile",
       "Dockerfile and .dockerignore for every module that builds (and the edge proxy's "
       "Caddyfile)",
       plan_with<render::plan_dockerfile>, verify_build_inputs, 40},
      {"compose", "compose.yaml (one file, or one per module)", plan_with<render::plan_compose>,
       verify_with<verify::verify_compose>, 41},
      {"k8s", "Kubernetes manifests with kustomize base and overlays", plan_with<render::plan_k8s>,
       verify_with<verify::verify_k8s>, 115},
      {"systemd", "systemd units: Podman Quadlet or classic .service", plan_systemd,
       verify_with<verify::verify_systemd>, 33},
      {"docs", "CONTRACT.md and operational scripts", plan_docs, verify_with<verify::verify_docs>, 57},
  };
  return table;
}

const Target* find_target(const std::string& name) {
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace gen::pipeline
