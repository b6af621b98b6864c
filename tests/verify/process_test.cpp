// Issue 20, process details: `init`, `stdin_open`, `tty` and `extra_hosts`
// on every target (compose, Quadlet, classic units, Kubernetes), and the
// verifiers refuse an override that drops one.
#include <catch2/catch.hpp>

#include "../render/k8s_output.h"
#include "compose_gen.h"
#include "override_refusal.h"
#include "run_deployment.h"

using namespace gen::test;

namespace {

const char* const kSpec =
    "version: 1\n"
    "project: proc\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n"
    "modules:\n"
    "  shell:\n"
    "    image: docker.io/library/shell:1.0\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    init: true\n"
    "    stdin_open: true\n"
    "    tty: true\n"
    "    extra_hosts: {db.internal: 10.0.0.5, v6.internal: \"fd00::1\"}\n"
    "  app:\n"
    "    image: docker.io/library/app:1.0\n"
    "    ports: [{container: 8000}]\n"
    "    health: {tcp: 8000}\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";

}  // namespace

TEST_CASE("init, stdin_open, tty and extra_hosts reach every target") {
  Scratch s;
  GenRun r = gen_in(s, kSpec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  YAML::Node svc = YAML::Load(r.at("compose.yaml"))["services"];
  CHECK(svc["shell"]["init"].as<bool>());
  CHECK(svc["shell"]["stdin_open"].as<bool>());
  CHECK(svc["shell"]["tty"].as<bool>());
  CHECK(svc["shell"]["extra_hosts"]["db.internal"].as<std::string>() == "10.0.0.5");
  CHECK(svc["shell"]["extra_hosts"]["v6.internal"].as<std::string>() == "fd00::1");
  CHECK_FALSE(svc["app"]["init"]);
  CHECK_FALSE(svc["app"]["extra_hosts"]);

  const std::string& unit = r.at("systemd/shell.container");
  for (const char* line : {"\nRunInit=true\n", "\nPodmanArgs=--interactive\n", "\nPodmanArgs=--tty\n",
                           "\nAddHost=db.internal:10.0.0.5\n", "\nAddHost=v6.internal:fd00::1\n"}) {
    INFO(line);
    CHECK(unit.find(line) != std::string::npos);
  }
  CHECK(r.at("systemd/app.container").find("RunInit") == std::string::npos);

  const std::string& contract = r.at("CONTRACT.md");
  CHECK(contract.find("## Process Details") != std::string::npos);
  CHECK(contract.find("| `shell` | yes | yes | yes | db.internal 10.0.0.5, v6.internal fd00::1 | the engine's own |\n") !=
        std::string::npos);
  CHECK(contract.find("| `app` | no |") == std::string::npos);

  YAML::Node shell = deployment(r, "shell");
  CHECK(pod_spec(shell)["shareProcessNamespace"].as<bool>());
  YAML::Node aliases = pod_spec(shell)["hostAliases"];
  REQUIRE(aliases.size() == 2);
  CHECK(aliases[0]["ip"].as<std::string>() == "10.0.0.5");
  CHECK(aliases[0]["hostnames"][0].as<std::string>() == "db.internal");
  CHECK(container(shell)["stdin"].as<bool>());
  CHECK(container(shell)["tty"].as<bool>());
  YAML::Node app = deployment(r, "app");
  CHECK_FALSE(pod_spec(app)["shareProcessNamespace"]);
  CHECK_FALSE(container(app)["tty"]);

  Scratch c;
  GenRun classic = gen_in(c, std::string(kSpec) + kClassic, {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  const std::string& service = classic.at("systemd/shell.service");
  for (const char* arg : {"--init", "--interactive", "--tty", "--add-host \"db.internal:10.0.0.5\""}) {
    INFO(arg);
    CHECK(service.find(arg) != std::string::npos);
  }
}

TEST_CASE("an override that drops a process detail is refused on each target") {
  const std::string svc = "compose/_service.yaml.j2";
  expect_refused(kSpec, "compose", svc, replaced(svc, "    init: true\n", ""), "process-details");
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "      {{ h.host|yaml }}: {{ h.ip|yaml }}\n",
                          "      {{ h.host|yaml }}: 127.0.0.1\n"),
                 "process-details");
  const std::string unit = "systemd/container.container.j2";
  expect_refused(kSpec, "systemd", unit, replaced(unit, "RunInit=true\n", ""), "process-details");
  expect_refused(kSpec, "systemd", unit, replaced(unit, "PodmanArgs=--tty\n", ""),
                 "process-details");
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "AddHost={{ (h.host ~ \":\" ~ h.ip)|systemd_value }}\n", ""),
                 "process-details");
  const std::string pod = "k8s/_pod.yaml.j2";
  expect_refused(kSpec, "k8s", pod, replaced(pod, "      shareProcessNamespace: true\n", ""),
                 "k8s-process-details");
  expect_refused(kSpec, "k8s", pod, replaced(pod, "        - ip: {{ h.ip|yaml }}\n",
                                             "        - ip: 127.0.0.1\n"),
                 "k8s-process-details");
  const std::string ctr = "k8s/_container.yaml.j2";
  expect_refused(kSpec, "k8s", ctr, replaced(ctr, "          tty: true\n", ""),
                 "k8s-process-details");
}
