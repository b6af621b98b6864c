// The health command a module's container runs, in exec form, with a tool
// its image has: the probe's own command, or for HTTP and TCP probes the
// runtime the stack installs (python's urllib, node or bun fetch, curl where
// the Debian image installs it) and, for a plain image gen knows nothing
// about, curl or wget through sh. Podman's HealthCmd and --health-cmd take it
// as a JSON array; docker's --health-cmd as one shell line.
#pragma once

#include <nlohmann/json.hpp>

namespace gen::render {

// The argv for module.health.container, or null when the module has no
// health check. `context` is used to look up a build base's packages.
nlohmann::ordered_json health_exec(const nlohmann::ordered_json& module,
                                   const nlohmann::ordered_json& context);

}  // namespace gen::render
