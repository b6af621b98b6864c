// What the systemd templates need beyond the context: unit names, the
// networks and volumes gen creates, image references an engine accepts as
// they are (Podman refuses to guess a registry for short names), the
// variables a unit takes from its environment at start, dependencies, and
// the health command (render/container_probe.h, shared with the Dockerfile
// and compose). Computed once, here, so the
// Quadlet and classic templates and the verifier agree. docs/systemd.md
// documents each field; templates see it as the local `systemd`.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

// The `systemd` object for the whole project:
//   {"flavor", "engine", "engine_bin", "networks": [NETWORK...],
//    "volumes": [VOLUME...], "modules": {NAME: MODULE...}}
// Modules of kind base (built, never run) have no entry in "modules".
// Built from `project` alone.
nlohmann::ordered_json systemd_model(const model::Project& project);

// The same model with each module's entry built when it is read
// (util/json_lazy.h) and dropped once its units are rendered: at 10,000
// modules the whole model was some 50 MiB, held while other targets ran
// (bench/README.md). The pointer owns what the entries are built from; the
// project must outlive it.
std::shared_ptr<const nlohmann::ordered_json> lazy_systemd_model(const model::Project& project);

// The reference `engine` pulls without guessing: for podman a name without
// a registry gets one (docker.io/library/ for one-part official images,
// docker.io/ for Docker Hub paths, localhost/ for images gen builds without
// a registry, which is where `podman build -t` puts them); docker takes
// references as they are. `$VAR` becomes `${VAR}`, the only form systemd
// expands inside a word.
std::string engine_image_ref(const std::string& ref, bool built, const std::string& engine);

// `$VAR` and `${VAR}` spelled `${VAR}`; other text unchanged.
std::string brace_variables(const std::string& text);

// Names of the `$VAR` / `${VAR}` references in `text`, once each, in order.
std::vector<std::string> variables_in(const std::string& text);

}  // namespace gen::render
