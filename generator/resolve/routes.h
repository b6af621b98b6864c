// Routes (issue 21): spec routes and TLS secrets resolved onto the project's
// modules, and the Kubernetes route settings with their defaults.
#pragma once

#include "model/project.h"
#include "spec/model.h"

namespace gen::resolve::detail {

// Fills project.routes, project.tls_secrets and project.targets.k8s.routes.
// Needs the project's modules resolved and indexed (a route's port defaults
// to its module's first). Routes check refused (rule routes) are left out.
void resolve_routes(const spec::Spec& spec, model::Project& project);

}  // namespace gen::resolve::detail
