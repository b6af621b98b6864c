// no-privileged, no-host-network, no-engine-socket: seed 001 ("avoid
// privileged mode, and avoid Docker socket mounts"), seed 002 ("MUST NOT be
// run with --privileged"), seed 003 ("principle of least privilege").
#include "check/effective.h"
#include "check/families.h"
#include "check/paths.h"

namespace gen::check {
namespace {

// Where container engines listen; "*" matches one path segment (the uid of a
// rootless engine under /run/user).
const char* const kEngineSockets[] = {
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/user/*/docker.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/user/*/podman/podman.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/var/run/crio/crio.sock",
    "/run/cri-dockerd.sock",
    "/var/run/cri-dockerd.sock",
    "/run/buildkit/buildkitd.sock",
};

// The socket a host path exposes (the socket itself or a directory above
// it), or nullptr.
const char* exposed_socket(const std::string& host_path) {
  if (host_path.empty() || host_path[0] != '/') return nullptr;
  const auto path = path_segments(host_path);
  for (const char* socket : kEngineSockets) {
    const auto pattern = path_segments(socket);
    if (path.size() > pattern.size()) continue;
    bool prefix = true;
    for (size_t i = 0; i < path.size() && prefix; ++i)
      prefix = pattern[i] == "*" || pattern[i] == path[i];
    if (prefix) return socket;
  }
  return nullptr;
}

}  // namespace

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
      if (mount.kind != spec::Mount::Kind::Bind && mount.kind != spec::Mount::Kind::Config)
        continue;
      const char* socket = exposed_socket(mount.source.value);
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
