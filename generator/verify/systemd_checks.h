// The container contract checked on a rendered systemd unit: a Quadlet
// .container ([Container] keys) or a classic .service (the flags of the
// `podman run` / `docker run` on its ExecStart). Both are read back with
// verify/systemd_unit.h and checked against the resolved module: numeric
// non-root user and group, read-only root, every capability dropped, no new
// privileges, published ports on loopback, read-only conf mounts, a health
// check for long-running modules. Rule ids are the compose verifier's.
#pragma once

#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "util/file_set.h"
#include "verify/systemd_unit.h"

namespace gen::verify {

struct UnitSite {
  const std::string& path;
  const OutputFile& file;
  Diagnostics& diags;

  Diagnostic& error(const char* rule, unit::Position at, std::string message) const;
};

// `module`: the resolved module the unit runs. `routed`: the project has
// routes, so only its edge proxy may publish host port 80 or 443.
// `routed_networks`: how a unit names the project's network that routes out
// of the host (its runtime name, its .network file; egress), empty when there
// is none; the unit joins it exactly when module.routes_out().
void check_quadlet_container(const UnitSite& at, const unit::UnitFile& unit,
                             const model::Module& module, bool routed,
                             const std::vector<std::string>& routed_networks,
                             const model::Project& project);

// `engine`: the program ExecStart= must run (`podman` or `docker`).
void check_service_unit(const UnitSite& at, const unit::UnitFile& unit,
                        const model::Module& module, const std::string& engine,
                        bool routed,
                        const std::vector<std::string>& routed_networks,
                        const model::Project& project);

// Setup steps (model::Module::setup): the unit requires and starts after
// the step it waits for (its last step; a step: the one before it), and a
// step's unit is Type=oneshot, so it completes before what waits for it.
void check_setup_order(const UnitSite& at, const unit::UnitFile& unit, const model::Module& module,
                       const model::Project& project);

}  // namespace gen::verify
