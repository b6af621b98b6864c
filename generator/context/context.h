// The JSON context templates see (docs/context.md): the resolved project
// serialised in one place. It is the stable interface of templates, built-in
// or overridden; render and verify read the typed model, never this JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::context {

using Json = nlohmann::ordered_json;

// Version of the context's shape; bumped only when a field is renamed or
// removed (additions keep the version).
constexpr int kContextVersion = 1;

// The whole context. `paths` and `config_files` appear when the project has
// them (the rendering pipeline adds them; `gen context` has neither).
Json to_json(const model::Project& project);

// Parts, for planners that hand one value to a template as a local.
Json to_json(const model::Module& module, const model::Project& project);
Json to_json(const model::HostPath& path);
Json to_json(const model::User& user);
Json to_json(const model::Probe& probe);

}  // namespace gen::context
