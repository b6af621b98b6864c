#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

namespace {

spec::Mount bind_mount(const std::string& source, int line) {
  spec::Mount m;
  m.kind = spec::Mount::Kind::Bind;
  m.source = str(source, line, 16);
  m.target = str("/x" + std::to_string(line), line, 40);
  return m;
}

}  // namespace

TEST_CASE("no-privileged") {
  auto s = project();
  auto m = service("api", 10);
  m.privileged = flag(true, 14, 17);
  auto off = service("app", 20);
  off.privileged = flag(false, 24, 17);
  s.modules = {m, off};
  CHECK(full(s, "no-privileged") ==
        Lines{"14:17 module api runs privileged\n"
              "  help: remove `privileged: true`; a privileged container holds every capability "
              "and every host device"});
}

TEST_CASE("no-host-network") {
  auto s = project();
  auto m = service("api", 10);
  m.network_mode = str("host", 14, 19);
  auto none = service("app", 20);
  none.network_mode = str("none", 24, 19);
  s.modules = {m, none};
  CHECK(full(s, "no-host-network") ==
        Lines{"14:19 module api shares the host's network namespace\n"
              "  help: remove `network_mode: host`; publish ports on loopback and join the "
              "project's networks instead"});
}

TEST_CASE("no-engine-socket: sockets, directories above them, rootless paths") {
  auto s = project();
  auto m = service("ci", 10);
  m.mounts = {bind_mount("/var/run/docker.sock", 15), bind_mount("/run/podman/podman.sock", 16),
              bind_mount("/run//containerd/containerd.sock", 17), bind_mount("/var/run", 18),
              bind_mount("/run/user/1000/podman/podman.sock", 19), bind_mount("/srv/data", 20),
              bind_mount("./docker.sock", 21)};
  spec::Mount cfg = bind_mount("/run/docker.sock", 22);
  cfg.kind = spec::Mount::Kind::Config;
  m.mounts.push_back(cfg);
  s.modules.push_back(m);
  // The host paths are also host-binds and project-paths findings; this test
  // is about the sockets.
  Lines sockets;
  for (const auto& f : findings(s))
    if (f.find("[no-engine-socket]") != std::string::npos) sockets.push_back(f);
  CHECK(sockets ==
        Lines{"15:16 error[no-engine-socket]: module ci mounts the container engine socket "
              "/var/run/docker.sock",
              "16:16 error[no-engine-socket]: module ci mounts the container engine socket "
              "/run/podman/podman.sock",
              "17:16 error[no-engine-socket]: module ci mounts the container engine socket "
              "/run/containerd/containerd.sock",
              "18:16 error[no-engine-socket]: module ci mounts /var/run, which holds the container "
              "engine socket /var/run/docker.sock",
              "19:16 error[no-engine-socket]: module ci mounts the container engine socket "
              "/run/user/1000/podman/podman.sock",
              "22:16 error[no-engine-socket]: module ci mounts the container engine socket "
              "/run/docker.sock"});
  CHECK(full(s, "no-engine-socket")[0] ==
        "15:16 module ci mounts the container engine socket /var/run/docker.sock\n"
        "  help: remove the mount; whoever reaches the engine's socket is root on the host");
}

TEST_CASE("isolation rules honour waivers") {
  auto s = project();
  auto m = service("ci", 10);
  m.privileged = flag(true, 14, 17);
  m.network_mode = str("host", 15, 19);
  m.mounts = {bind_mount("/var/run/docker.sock", 16)};
  m.waivers = {waiver("no-privileged", "nested podman for CI builds", 18),
               waiver("no-host-network", "DHCP server", 19),
               waiver("no-engine-socket", "the CI runner starts build containers", 20),
               waiver("host-binds", "the engine's socket is a host path", 21)};
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{});
}
