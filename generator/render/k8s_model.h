// What the Kubernetes templates need beyond the context: names and choices
// that depend on more than one module (claims and their access modes,
// NetworkPolicy peers, overlay image overrides) or on Kubernetes rules
// (workload kind, label sets, ConfigMap keys). Computed once, here, so every
// template that refers to an object uses the same name. docs/k8s.md documents
// each field; templates see it as the local `k8s`.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>

#include "model/project.h"
#include "util/json_lazy.h"

namespace gen::render {

using gen::LazyJson;

// The `k8s` object for the whole project:
//   {"namespace", "labels", "pull_secrets", "pull_policy", "storage_class",
//    "claims": [CLAIM...], "modules": {NAME: MODULE...}, "overlays": [OVERLAY...]}
// Modules of kind base (built, never run) have no entry in "modules"; the
// workload of the others is model::workload_of (model/workload.h).
nlohmann::ordered_json k8s_model(const model::Project& project);

// The same model with each module's entry and each profile's overlay built
// when it is read (util/json_lazy.h) and dropped once its files are
// rendered: at 10,000 modules the whole model is over 100 MiB
// (bench/README.md). plan_k8s hands it to the templates; the project must
// outlive it.
class LazyK8sModel {
 public:
  explicit LazyK8sModel(const model::Project& project);
  ~LazyK8sModel();
  LazyK8sModel(const LazyK8sModel&) = delete;
  LazyK8sModel& operator=(const LazyK8sModel&) = delete;

  // k8s_model's object, "modules" and "overlays" holding lazy nodes.
  const nlohmann::ordered_json& model() const;
  // The entry of project.modules[module]; nullptr when it has none.
  const LazyJson* entry(size_t module) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gen::render
