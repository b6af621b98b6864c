// The health check a container runs on itself (Dockerfile HEALTHCHECK,
// compose healthcheck, Quadlet HealthCmd=): the module's container probe
// turned into a command that only uses a tool its image is known to have.
// The image's stack decides the tool (model::Stack::probe): python's urllib,
// node's or bun's fetch, ruby's net/http, php's http wrapper, BusyBox wget
// (static), curl for the Debian-based runtimes of debian, go, rust, java and
// dotnet (their Dockerfile installs it when the module or its base does not
// already), and for a plain image,
// whose tools gen cannot know, a sh script that tries curl, wget, python3 and
// node in turn. One function, so the image and every runtime agree on what
// "healthy" means.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "model/project.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

// What runs the check in `module`'s image: "python", "node", "bun", "ruby",
// "php", "wget", "curl" (curl / bash) or "sh" (plain images, own Dockerfiles).
std::string probe_tool(const model::Module& module);

// The check as an exec-form argv (list of strings), or null when the module
// has no container probe (model::Health::container).
Json container_probe_argv(const model::Module& module);

// True when the check uses curl, which the curl stacks then install.
bool probe_needs_curl(const model::Module& module);

}  // namespace gen::render
