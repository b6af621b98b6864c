// The edge proxy module (model/edge.h) derived from a project's routes.
#pragma once

#include "model/project.h"
#include "spec/model.h"

namespace gen::resolve::detail {

// Appends the edge proxy to project.modules when the project has routes (it
// depends on every routed module, so it comes last in dependency order), its
// TLS secret files to project.secret_files, and re-indexes the project.
void add_edge(const spec::Spec& spec, model::Project& project);

}  // namespace gen::resolve::detail
