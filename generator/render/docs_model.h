// What the docs templates (CONTRACT.md, scripts/verify.sh,
// scripts/materialize-secret.sh) need beyond the context: Mermaid node ids,
// how verify.sh finds each module's container under compose and under the
// systemd units, the HTTP endpoints it can call from the host (a health path
// on a published port), network names as shell words (only their ${VAR}
// references expand), and the env file of every module in every profile.
// docs/systemd.md documents the fields; templates see it as the local `docs`.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

// The `docs` object for the whole project:
//   {"networks": [{"key", "name", "external", "internal", "variables", "id", "sh"}],
//    "volumes": [{"key", "name", "id"}],
//    "env_profiles": [{"name", "files": [{"module", "path"}]}],
//    "modules": {NAME: {"id", "compose_project", "http_checks": [...],
//                       "logs_host": path or null}}}
nlohmann::ordered_json docs_model(const model::Project& project);

// `text` as one double-quoted sh word in which only ${NAME} / $NAME
// references expand (written ${NAME}); every other `$`, backquote,
// backslash and double quote is literal.
std::string shell_expand_word(const std::string& text);

// A Mermaid node id for `name` with `prefix`: letters, digits and '_' only.
std::string mermaid_id(const std::string& prefix, const std::string& name);

}  // namespace gen::render
