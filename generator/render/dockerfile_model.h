// What a Dockerfile template needs beyond the context, computed once per
// built module (the planner passes it as the local `docker`): values already
// quoted for Dockerfile instructions, the health check command, the final
// ENTRYPOINT (gen's entrypoint script in front when the module has required
// variables), the OS family of the base image and the packages to install.
// The stack templates (templates/dockerfile/<stack>.Dockerfile.j2) own every
// instruction; this only prepares values. docs/dockerfile.md lists
// the fields.
#pragma once

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

// `module` is a module of `project` with a build.
Json dockerfile_model(const model::Project& project, const model::Module& module);

// True when gen's entrypoint script goes into the module's image: it has
// required variables, or its entrypoint is the script (seed 003's shape).
bool needs_entrypoint_script(const model::Module& module);

}  // namespace gen::render
