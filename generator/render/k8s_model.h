// What the Kubernetes templates need beyond the context: names and choices
// that depend on more than one module (claims and their access modes,
// NetworkPolicy peers, overlay image overrides) or on Kubernetes rules
// (workload kind, label sets, ConfigMap keys). Computed once, here, so every
// template that refers to an object uses the same name. docs/k8s.md documents
// each field; templates see it as the local `k8s`.
#pragma once

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

// The `k8s` object for the whole project:
//   {"namespace", "labels", "pull_secrets", "pull_policy", "storage_class",
//    "claims": [CLAIM...], "modules": {NAME: MODULE...}, "overlays": [OVERLAY...]}
// Modules of kind base (built, never run) have no entry in "modules"; the
// workload of the others is model::workload_of (model/workload.h).
nlohmann::ordered_json k8s_model(const model::Project& project);

}  // namespace gen::render
