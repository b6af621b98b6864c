// The edge proxy's Caddyfile model (routes, issue 21): per host a site with
// its TLS and one handler per path prefix. docs/compose.md "Routes".
#pragma once

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

// {http_port, https_port, sites: [{address, cert, key, issuer, handles:
// [{matchers: [...], upstream}]}]}; sites in order of each host's first
// route, handles in route order, the catch-all ("/", no matchers) last.
nlohmann::ordered_json edge_model(const model::Project& project);

}  // namespace gen::render
