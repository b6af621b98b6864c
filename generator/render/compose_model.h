// What the compose templates need beyond the context, for one compose file
// (the planner passes it as the local `compose`): the services of the file
// (every module but base modules, in context order), their host paths as seen
// from the file's directory, image references and network names with their
// ${VAR} made mandatory (${VAR:?set outside repo}), health check commands,
// and the top-level networks and volumes the file uses. Values from the spec
// stay raw here; the templates quote them (and escape `$` as `$$`, which
// compose would otherwise interpolate). docs/compose.md lists the fields.
#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "model/project.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

// The model of the single compose.yaml at the output root. `context` is
// the project's serialisation (context::to_json): each service carries its
// module's entry of it, borrowed, as `module` for the templates.
Json compose_single_model(const model::Project& project, const Json& context);

// The model of `<module.dir>/compose.yaml` (per-module layout, seed 000):
// the service of project.modules[module] only, paths relative to its
// directory.
Json compose_module_model(const model::Project& project, const Json& context, size_t module);

// The same models with each service built when a template reads it
// (util/json_lazy.h), as the planner passes them: never every service of a
// large project's compose.yaml at once. The plain ones above are these,
// materialized.
std::shared_ptr<const Json> lazy_compose_single_model(const model::Project& project,
                                                      const Json& context);
std::shared_ptr<const Json> lazy_compose_module_model(const model::Project& project,
                                                      const Json& context, size_t module);

// `text` with every ${NAME} (no default or check yet) turned into
// ${NAME:?set outside repo}, so compose refuses to start when it is unset
// instead of using an empty string.
std::string require_variables(const std::string& text);

// The marker compose prints when a required variable is unset.
constexpr const char* kSetOutsideRepo = "set outside repo";

}  // namespace gen::render
