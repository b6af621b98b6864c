// no-privileged, no-host-network, no-engine-socket: seed 001 ("avoid
// privileged mode, and avoid Docker socket mounts"), seed 002 ("MUST NOT be
// run with --privileged"), seed 003 ("principle of least privilege").
#include "check/effective.h"
#include "check/families.h"
#include "values/host_paths.h"

namespace gen::check {
using values::exposed_engine_socket;
using values::normalise_path;
using values::path_segments;

void check_no_privileged(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    if (m.privileged && m.privileged->value)
      report.report(m, m.privileged->loc, "module " + m.name.value + " runs privileged",
                    "remove `privileged: true`; a privileged container holds every capability "
                    "and every host device");
}

void check_no_host_network(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    if (m.network_mode && m.network_mode->value == "host")
      report.report(m, m.network_mode->loc,
                    "module " + m.name.value + " shares the host's network namespace",
                    "remove `network_mode: host`; publish ports on loopback and join the "
                    "project's networks instead");
}

void check_no_engine_socket(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    for (const auto& mount : m.mounts) {
      if (mount.kind != spec::Mount::Kind::Bind && mount.kind != spec::Mount::Kind::Config &&
          mount.kind != spec::Mount::Kind::ConfigDir)
        continue;
      const char* socket = exposed_engine_socket(mount.source.value);
      if (!socket) continue;
      const std::string path = normalise_path(mount.source.value);
      std::string msg = "module " + m.name.value + " mounts ";
      if (path_segments(path).size() == path_segments(socket).size())
        msg += "the container engine socket " + path;
      else
        msg += path + ", which holds the container engine socket " + socket;
      report.report(m, mount.source.loc, std::move(msg),
                    "remove the mount; whoever reaches the engine's socket is root on the host");
    }
  }
}

}  // namespace gen::check

// no-added-capabilities, no-host-devices, read-only-rootfs (issue 20): the
// privileges a module may ask for beyond gen's hardening, each only under a
// written waiver, which every target then honours the same way.
namespace gen::check {

void check_no_added_capabilities(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (!m.cap_add) continue;
    for (const auto& cap : m.cap_add->value)
      report.report(m, cap.loc, "module " + m.name.value + " adds capability " + cap.value,
                    "remove it from cap_add; gen drops every capability, so the process holds "
                    "none it does not need");
  }
}

void check_no_host_devices(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (!m.devices) continue;
    for (const auto& d : m.devices->value)
      report.report(m, d.loc, "module " + m.name.value + " is given host device " + d.value,
                    "remove it from devices; a device node reaches the host's kernel driver "
                    "directly (Kubernetes hands one over only through a device plugin)");
  }
}

void check_read_only_rootfs(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    if (m.read_only && !m.read_only->value)
      report.report(m, m.read_only->loc,
                    "module " + m.name.value + " asks for a writable root filesystem",
                    "remove `read_only: false` and mount a tmpfs or a volume where the app "
                    "writes (`mounts: [{tmpfs: /var/cache/app}]`)");
}

}  // namespace gen::check
