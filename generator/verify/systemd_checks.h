// The container contract checked on a rendered systemd unit: a Quadlet
// .container ([Container] keys) or a classic .service (the flags of the
// `podman run` / `docker run` on its ExecStart). Both are read back with
// verify/systemd_unit.h and checked against the module's context: numeric
// non-root user and group, read-only root, every capability dropped, no new
// privileges, published ports on loopback, read-only conf mounts, a health
// check for long-running modules. Rule ids are the compose verifier's.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "diagnostics/diagnostic.h"
#include "util/file_set.h"
#include "verify/systemd_unit.h"

namespace gen::verify {

struct UnitSite {
  const std::string& path;
  const OutputFile& file;
  Diagnostics& diags;

  Diagnostic& error(const char* rule, unit::Position at, std::string message) const;
};

// `module`: the module's context entry; `unit_model`: its entry in the
// systemd model (render/systemd_model.h).
void check_quadlet_container(const UnitSite& at, const unit::UnitFile& unit,
                             const nlohmann::ordered_json& module,
                             const nlohmann::ordered_json& unit_model);

void check_service_unit(const UnitSite& at, const unit::UnitFile& unit,
                        const nlohmann::ordered_json& module,
                        const nlohmann::ordered_json& unit_model, const std::string& engine);

}  // namespace gen::verify
