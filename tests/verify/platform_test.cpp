// Issue 20, `platform`: the image variant a module runs reaches every
// target (compose `platform`, Quadlet `PodmanArgs=--platform=`, classic
// `--platform`, a Kubernetes nodeSelector on the well-known node labels),
// and the verifiers refuse an override that drops or changes it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "../render/k8s_output.h"
#include "compose_gen.h"
#include "override_refusal.h"
#include "run_deployment.h"

using namespace gen::test;

namespace {

const char* const kSpec =
    "version: 1\n"
    "project: plat\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n"
    "modules:\n"
    "  pi:\n"
    "    image: docker.io/library/pi:1.0\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    platform: linux/arm/v7\n"
    "  app:\n"
    "    image: docker.io/library/app:1.0\n"
    "    ports: [{container: 8000}]\n"
    "    health: {tcp: 8000}\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";

}  // namespace

TEST_CASE("platform reaches every target") {
  Scratch s;
  GenRun r = gen_in(s, kSpec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  YAML::Node svc = YAML::Load(r.at("compose.yaml"))["services"];
  CHECK(svc["pi"]["platform"].as<std::string>() == "linux/arm/v7");
  CHECK_FALSE(svc["app"]["platform"]);

  CHECK(r.at("systemd/pi.container").find("\nPodmanArgs=--platform=linux/arm/v7\n") !=
        std::string::npos);
  CHECK(r.at("systemd/app.container").find("--platform") == std::string::npos);

  YAML::Node selector = pod_spec(deployment(r, "pi"))["nodeSelector"];
  REQUIRE(selector.IsMap());
  CHECK(selector.size() == 2);
  CHECK(selector["kubernetes.io/os"].as<std::string>() == "linux");
  CHECK(selector["kubernetes.io/arch"].as<std::string>() == "arm");
  CHECK_FALSE(pod_spec(deployment(r, "app"))["nodeSelector"]);

  const std::string& contract = r.at("CONTRACT.md");
  CHECK(contract.find("| `pi` | no | no | no | none | linux/arm/v7 |\n") != std::string::npos);
  CHECK(contract.find("| `app` | no |") == std::string::npos);

  Scratch c;
  GenRun classic = gen_in(c, std::string(kSpec) + kClassic, {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.at("systemd/pi.service").find("--platform \"linux/arm/v7\" \\\n") !=
        std::string::npos);
  CHECK(classic.at("systemd/app.service").find("--platform") == std::string::npos);
}

TEST_CASE("the context parses the platform once: os, arch and variant") {
  Scratch s;
  write_text(s.dir / "gen.yaml", kSpec);
  GenRun r = run_gen_in(s.dir, {"context", "--spec", "gen.yaml"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  nlohmann::json modules = nlohmann::json::parse(r.out)["modules"];
  REQUIRE(modules.is_array());
  for (const auto& m : modules) {
    INFO(m["name"]);
    if (m["name"] == "pi")
      CHECK(m["platform"] == nlohmann::json{{"text", "linux/arm/v7"},
                                            {"os", "linux"},
                                            {"arch", "arm"},
                                            {"variant", "v7"}});
    else
      CHECK(m["platform"].is_null());
  }
}

TEST_CASE("an override that drops or changes the platform is refused on each target") {
  const std::string svc = "compose/_service.yaml.j2";
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "    platform: {{ m.platform.text|yaml }}\n", ""),
                 "process-details");
  const std::string unit = "systemd/container.container.j2";
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "PodmanArgs=--platform={{ module.platform.text|systemd_value }}\n",
                          "PodmanArgs=--platform=linux/amd64\n"),
                 "process-details");
  const std::string service = "systemd/service.service.j2";
  expect_refused(std::string(kSpec) + kClassic, "systemd", service,
                 replaced(service, "[\"--platform \" ~ module.platform.text|systemd_exec]", "[]"),
                 "process-details");
  const std::string pod = "k8s/_pod.yaml.j2";
  expect_refused(kSpec, "k8s", pod,
                 replaced(pod, "        kubernetes.io/arch: {{ module.platform.arch|yaml }}\n",
                          "        kubernetes.io/arch: amd64\n"),
                 "k8s-process-details");
}
