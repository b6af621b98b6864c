#include "pipeline/targets.h"

#include "render/targets.h"

namespace gen::pipeline {

const std::vector<Target>& targets() {
  static const std::vector<Target> table{
      {"dockerfile", "Dockerfile and .dockerignore for every module that builds",
       render::plan_dockerfile, verify::verify_dockerfile},
      {"compose", "compose.yaml (one file, or one per module)", render::plan_compose,
       verify::verify_compose},
      {"k8s", "Kubernetes manifests with kustomize base and overlays", render::plan_k8s,
       verify::verify_k8s},
      {"systemd", "systemd units: Podman Quadlet or classic .service", render::plan_systemd,
       verify::verify_systemd},
      {"docs", "CONTRACT.md and operational scripts", render::plan_docs, verify::verify_docs},
  };
  return table;
}

const Target* find_target(const std::string& name) {
  for (const auto& t : targets())
    if (name == t.name) return &t;
  return nullptr;
}

}  // namespace gen::pipeline
