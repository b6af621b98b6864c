#include "pipeline/targets.h"

#include "render/targets.h"

namespace gen::pipeline {

namespace {

using render::SharedModels;

// Adapters from the planners' and verifiers' own signatures (what their
// tests call) to the targets' common one.
template <render::Plan (*plan)(const nlohmann::ordered_json&)>
render::Plan plan_with(const SharedModels& m) {
  return plan(m.context());
}
template <void (*verify)(const FileSet&, const nlohmann::ordered_json&, Diagnostics&)>
void verify_with(const FileSet& files, const SharedModels& m, Diagnostics& diags) {
  verify(files, m.context(), diags);
}

render::Plan plan_dockerfile(const SharedModels& m) {
  return render::plan_dockerfile(m.project(), m.context());
}
void verify_dockerfile(const FileSet& files, const SharedModels& m, Diagnostics& diags) {
  verify::verify_dockerfile(files, m.project(), diags);
}
render::Plan plan_systemd(const SharedModels& m) {
  return render::plan_systemd(m.context(), m.systemd());
}
render::Plan plan_docs(const SharedModels& m) {
  return render::plan_docs(m.context(), m.systemd());
}
void verify_systemd(const FileSet& files, const SharedModels& m, Diagnostics& diags) {
  verify::verify_systemd(files, m.context(), *m.systemd(), diags);
}

}  // namespace

const std::vector<Target>& targets() {
  static const std::vector<Target> table{
      {"dockerfile", "Dockerfile and .dockerignore for every module that builds",
       plan_dockerfile, verify_dockerfile},
      {"compose", "compose.yaml (one file, or one per module)", plan_with<render::plan_compose>,
       verify_with<verify::verify_compose>},
      {"k8s", "Kubernetes manifests with kustomize base and overlays", plan_with<render::plan_k8s>,
       verify_with<verify::verify_k8s>},
      {"systemd", "systemd units: Podman Quadlet or classic .service", plan_systemd,
       verify_systemd},
      {"docs", "CONTRACT.md and operational scripts", plan_docs, verify_with<verify::verify_docs>},
  };
  return table;
}

const Target* find_target(const std::string& name) {
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace gen::pipeline
