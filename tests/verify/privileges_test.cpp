// Issue 20, privileges: `cap_add`, `devices` and `read_only: false`, each
// refused by its rule unless the module waives it, and then honoured the
// same way by every target (compose, Quadlet, classic units, Kubernetes,
// CONTRACT.md). The verifiers accept exactly what the spec grants: another
// capability or device is refused, a granted one missing is refused too.
#include <catch2/catch.hpp>

#include "../render/k8s_output.h"
#include "compose_gen.h"
#include "override_refusal.h"

using namespace gen::test;

namespace {

const char* const kHead =
    "version: 1\n"
    "project: vpn\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n";

// A module `gw` with `extra` (indented 4) and a plain module `app`.
std::string spec_with(const std::string& extra, const std::string& tail = "") {
  return std::string(kHead) +
         "modules:\n"
         "  gw:\n"
         "    image: docker.io/library/gw:1.0\n"
         "    ports: [{container: 8080}]\n"
         "    health: {tcp: 8080}\n" +
         extra +
         "  app:\n"
         "    image: docker.io/library/app:1.0\n"
         "    ports: [{container: 8000}]\n"
         "    health: {tcp: 8000}\n" +
         tail;
}

const char* const kCaps =
    "    cap_add: [NET_ADMIN, NET_RAW, NET_ADMIN]\n"
    "    waive: {no-added-capabilities: \"VPN gateway manages routes\"}\n";
const char* const kBaselineCaps =
    "    cap_add: [CHOWN]\n"
    "    waive: {no-added-capabilities: \"chowns its data at start\"}\n";
const char* const kBindOnly =
    "    cap_add: [NET_BIND_SERVICE]\n"
    "    waive: {no-added-capabilities: \"listens on port 80\"}\n";
const char* const kDevices =
    "    devices: [/dev/net/tun, \"/dev/snd:/dev/audio:rw\"]\n"
    "    waive: {no-host-devices: \"the tunnel device\"}\n";
const char* const kWritable =
    "    read_only: false\n"
    "    waive: {read-only-rootfs: \"vendor image writes all over /etc at start\"}\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";
// The device plugins' resources Kubernetes hands the devices over as.
const char* const kDeviceResources =
    "targets:\n  k8s:\n    device_resources: {/dev/net/tun: example.com/tun, /dev/snd: example.com/snd}\n";
const char* const kClassicDevices =
    "targets:\n  systemd: {flavor: service, engine: podman}\n"
    "  k8s:\n    device_resources: {/dev/net/tun: example.com/tun, /dev/snd: example.com/snd}\n";

// The pod's container securityContext of `workload` in the k8s files of `r`.
YAML::Node container_sc(const GenRun& r, const std::string& path) {
  YAML::Node doc = YAML::Load(r.at(path));
  return doc["spec"]["template"]["spec"]["containers"][0]["securityContext"];
}

std::string enforce(const GenRun& r) {
  return YAML::Load(r.at("k8s/base/namespace.yaml"))["metadata"]["labels"]
                   ["pod-security.kubernetes.io/enforce"]
                       .as<std::string>();
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("cap_add, devices and read_only: false are refused without a waiver, at the value") {
  Scratch s;
  GenRun r = gen_in(s,
                    spec_with("    cap_add: [NET_ADMIN]\n"
                              "    devices: [/dev/fuse]\n"
                              "    read_only: false\n"),
                    {"validate"});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("gen.yaml:11:15: error[no-added-capabilities]: module gw adds capability "
                   "NET_ADMIN") != std::string::npos);
  CHECK(r.err.find("gen.yaml:12:15: error[no-host-devices]: module gw is given host device "
                   "/dev/fuse") != std::string::npos);
  CHECK(r.err.find("gen.yaml:13:16: error[read-only-rootfs]: module gw asks for a writable root "
                   "filesystem") != std::string::npos);
}

TEST_CASE("values the grammar refuses are positioned schema errors") {
  Scratch s;
  GenRun r = gen_in(s, spec_with("    cap_add: [ALL, cap_net_raw]\n    devices: [/etc/passwd, /dev/x:rwx]\n"),
                    {"validate"});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("gen.yaml:11:15:") != std::string::npos);
  CHECK(r.err.find("gen.yaml:11:20:") != std::string::npos);
  CHECK(r.err.find("gen.yaml:12:15:") != std::string::npos);
  CHECK(r.err.find("gen.yaml:12:28:") != std::string::npos);
}

TEST_CASE("waived capabilities are added on every target, each once, and CONTRACT.md says so") {
  Scratch s;
  GenRun r = gen_in(s, spec_with(kCaps), {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  YAML::Node compose = YAML::Load(r.at("compose.yaml"));
  YAML::Node gw = compose["services"]["gw"];
  REQUIRE(gw["cap_add"].IsSequence());
  CHECK(gw["cap_add"].size() == 2);
  CHECK(gw["cap_add"][0].as<std::string>() == "NET_ADMIN");
  CHECK(gw["cap_add"][1].as<std::string>() == "NET_RAW");
  CHECK(gw["cap_drop"][0].as<std::string>() == "ALL");
  CHECK_FALSE(compose["services"]["app"]["cap_add"]);
  CHECK(r.at("systemd/gw.container").find("\nAddCapability=NET_ADMIN NET_RAW\n") !=
        std::string::npos);
  CHECK(r.at("systemd/app.container").find("AddCapability") == std::string::npos);
  YAML::Node sc = container_sc(r, "k8s/base/modules/gw/deployment.yaml");
  CHECK(sc["capabilities"]["drop"][0].as<std::string>() == "ALL");
  REQUIRE(sc["capabilities"]["add"].size() == 2);
  CHECK(sc["capabilities"]["add"][1].as<std::string>() == "NET_RAW");
  CHECK_FALSE(container_sc(r, "k8s/base/modules/app/deployment.yaml")["capabilities"]["add"]);
  // NET_ADMIN is on no Pod Security list: the namespace must be privileged.
  CHECK(enforce(r) == "privileged");
  const std::string& contract = r.at("CONTRACT.md");
  CHECK(contract.find("## Added Privileges") != std::string::npos);
  CHECK(contract.find("| `gw` | NET_ADMIN, NET_RAW | none | read-only | privileged |") !=
        std::string::npos);
  CHECK(contract.find("`gw` needs privileged") != std::string::npos);
  CHECK(r.at("scripts/verify.sh").find("check_capabilities gw \"$cid\" 'NET_ADMIN NET_RAW'") !=
        std::string::npos);

  Scratch c;
  GenRun classic = gen_in(c, spec_with(kCaps, kClassic), {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  const std::string& unit = classic.at("systemd/gw.service");
  CHECK(unit.find("--cap-add \"NET_ADMIN\"") != std::string::npos);
  CHECK(unit.find("--cap-add \"NET_RAW\"") != std::string::npos);
}

TEST_CASE("the Pod Security level follows the capabilities: baseline list, NET_BIND_SERVICE") {
  Scratch a;
  GenRun baseline = gen_in(a, spec_with(kBaselineCaps), {"k8s"});
  INFO(baseline.err);
  REQUIRE(baseline.code == 0);
  CHECK(enforce(baseline) == "baseline");
  Scratch b;
  GenRun bind = gen_in(b, spec_with(kBindOnly), {"all"});
  INFO(bind.err);
  REQUIRE(bind.code == 0);
  CHECK(enforce(bind) == "restricted");
  CHECK(bind.at("CONTRACT.md").find("| `gw` | NET_BIND_SERVICE | none | read-only | restricted |") !=
        std::string::npos);
}

TEST_CASE("waived devices reach compose and the units, and Kubernetes as plugin resources") {
  Scratch s;
  GenRun compose = gen_in(s, spec_with(kDevices, kDeviceResources), {"compose"});
  INFO(compose.err);
  REQUIRE(compose.code == 0);
  YAML::Node gw = YAML::Load(compose.at("compose.yaml"))["services"]["gw"];
  REQUIRE(gw["devices"].size() == 2);
  CHECK(gw["devices"][0].as<std::string>() == "/dev/net/tun:/dev/net/tun:rwm");
  CHECK(gw["devices"][1].as<std::string>() == "/dev/snd:/dev/audio:rw");

  Scratch q;
  GenRun quadlet = gen_in(q, spec_with(kDevices, kDeviceResources), {"systemd"});
  INFO(quadlet.err);
  REQUIRE(quadlet.code == 0);
  const std::string& unit = quadlet.at("systemd/gw.container");
  CHECK(unit.find("\nAddDevice=/dev/net/tun:/dev/net/tun:rwm\n") != std::string::npos);
  CHECK(unit.find("\nAddDevice=/dev/snd:/dev/audio:rw\n") != std::string::npos);

  Scratch c;
  GenRun classic = gen_in(c, spec_with(kDevices, kClassicDevices), {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.at("systemd/gw.service").find("--device \"/dev/snd:/dev/audio:rw\"") !=
        std::string::npos);

  Scratch k;
  GenRun k8s = gen_in(k, spec_with(kDevices, kDeviceResources), {"all"});
  INFO(k8s.err);
  REQUIRE(k8s.code == 0);
  YAML::Node ctr = YAML::Load(k8s.at("k8s/base/modules/gw/deployment.yaml"))["spec"]["template"]
                                                                          ["spec"]["containers"][0];
  for (const char* field : {"requests", "limits"}) {
    INFO(field);
    CHECK(ctr["resources"][field]["example.com/tun"].as<std::string>() == "1");
    CHECK(ctr["resources"][field]["example.com/snd"].as<std::string>() == "1");
  }
  CHECK(enforce(k8s) == "restricted");
  CHECK(k8s.at("CONTRACT.md").find("/dev/net/tun:/dev/net/tun:rwm (example.com/tun)") !=
        std::string::npos);

  // Without a plugin resource: refused at check time, at the device.
  Scratch n;
  GenRun none = gen_in(n, spec_with(kDevices), {"validate"});
  CHECK(none.code == 1);
  CHECK(none.err.find("gen.yaml:11:15: error[target-support]: module gw is given host device "
                      "/dev/net/tun, which Kubernetes hands over only through a device plugin") !=
        std::string::npos);
  CHECK(none.err.find("device_resources") != std::string::npos);
}

TEST_CASE("a waived writable root is writable on every target, and the level stays restricted") {
  Scratch s;
  GenRun r = gen_in(s, spec_with(kWritable), {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  YAML::Node compose = YAML::Load(r.at("compose.yaml"));
  CHECK(compose["services"]["gw"]["read_only"].as<bool>() == false);
  CHECK(compose["services"]["app"]["read_only"].as<bool>() == true);
  CHECK(r.at("systemd/gw.container").find("\nReadOnly=false\n") != std::string::npos);
  CHECK(r.at("systemd/app.container").find("\nReadOnly=true\n") != std::string::npos);
  CHECK(container_sc(r, "k8s/base/modules/gw/deployment.yaml")["readOnlyRootFilesystem"].as<bool>() ==
        false);
  CHECK(container_sc(r, "k8s/base/modules/app/deployment.yaml")["readOnlyRootFilesystem"].as<bool>());
  CHECK(enforce(r) == "restricted");
  CHECK(r.at("CONTRACT.md").find("| `gw` | none | none | writable | restricted |") !=
        std::string::npos);
  CHECK(count(r.at("scripts/verify.sh"), "check_read_only ") == 1);  // app only

  Scratch c;
  GenRun classic = gen_in(c, spec_with(kWritable, kClassic), {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.at("systemd/gw.service").find("--read-only=false") != std::string::npos);
  CHECK(classic.at("systemd/app.service").find("--read-only=false") == std::string::npos);
}

TEST_CASE("verify accepts exactly the granted privileges: no other, none missing") {
  const std::string svc = "compose/_service.yaml.j2";
  const std::string caps = spec_with(kCaps);
  // Another capability than the spec grants.
  expect_refused(caps, "compose", svc,
                 replaced(svc, "      - {{ c|yaml }}\n", "      - {{ c|yaml }}\n      - SYS_ADMIN\n"),
                 "cap-drop-all");
  // A granted one missing (the list written without its entries).
  expect_refused(caps, "compose", svc, replaced(svc, "      - {{ c|yaml }}\n", ""),
                 "granted-privileges");
  // A device other than the spec's, or none of the spec's.
  const std::string devices = spec_with(kDevices, kDeviceResources);
  expect_refused(devices, "compose", svc,
                 replaced(svc, "      - {{ d.text|yaml }}\n", "      - /dev/kvm\n"), "no-devices");
  // The writable root the spec asks for, written read-only.
  expect_refused(spec_with(kWritable), "compose", svc,
                 replaced(svc, "    read_only: false\n", "    read_only: true\n"),
                 "granted-privileges");

  const std::string unit = "systemd/container.container.j2";
  expect_refused(caps, "systemd", unit,
                 replaced(unit, "AddCapability={{ module.cap_add|join(\" \")|systemd_value }}\n",
                          "AddCapability=NET_ADMIN SYS_ADMIN NET_RAW\n"),
                 "cap-drop-all");
  expect_refused(caps, "systemd", unit,
                 replaced(unit, "AddCapability={{ module.cap_add|join(\" \")|systemd_value }}\n",
                          "AddCapability=NET_ADMIN\n"),
                 "granted-privileges");
  expect_refused(devices, "systemd", unit,
                 replaced(unit, "AddDevice={{ d.text|systemd_value }}\n", "AddDevice=/dev/fuse\n"),
                 "no-devices");
  expect_refused(spec_with(kWritable), "systemd", unit,
                 replaced(unit, "ReadOnly=false\n", "ReadOnly=true\n"), "granted-privileges");

  // Kubernetes: an added capability beyond the grant, a writable root without one.
  const std::string ctr = "k8s/_container.yaml.j2";
  expect_refused(caps, "k8s", ctr,
                 replaced(ctr, "                - {{ cap|yaml }}\n",
                          "                - {{ cap|yaml }}\n                - SYS_ADMIN\n"),
                 "k8s-capabilities");
  expect_refused(caps, "k8s", ctr, replaced(ctr, "                - {{ cap|yaml }}\n", ""),
                 "k8s-capabilities");
  expect_refused(spec_with(""), "k8s", ctr,
                 replaced(ctr, "            readOnlyRootFilesystem: true\n",
                          "            readOnlyRootFilesystem: false\n"),
                 "k8s-read-only-root");
  // A device's plugin resource not requested (the requests' entries dropped).
  expect_refused(devices, "k8s", ctr,
                 replaced(ctr,
                          "{% for d in devs %}\n              {{ d|yaml }}: \"1\"\n{% endfor %}\n"
                          "{% endif %}\n{% if (r and ((r.cpu and r.cpu.limit)",
                          "{% endif %}\n{% if (r and ((r.cpu and r.cpu.limit)"),
                 "k8s-devices");
}
