// Issue 20, kernel settings: `shm_size`, `ulimits` and `sysctls` on every
// target (compose, Quadlet, classic units, Kubernetes), the verifiers refuse
// an override that drops one, a waived unsafe sysctl makes the namespace
// privileged, and ulimits on Kubernetes are a target gap (a warning and a
// row of CONTRACT.md's Target Differences).
#include <catch2/catch.hpp>

#include "../render/k8s_output.h"
#include "compose_gen.h"
#include "override_refusal.h"

using namespace gen::test;

namespace {

const char* const kSpec =
    "version: 1\n"
    "project: kern\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n"
    "modules:\n"
    "  db:\n"
    "    image: docker.io/library/db:1.0\n"
    "    ports: [{container: 5432}]\n"
    "    health: {tcp: 5432}\n"
    "    shm_size: 256Mi\n"
    "    ulimits: {nofile: {soft: 1024, hard: 65536}, memlock: -1}\n"
    "    sysctls: {net.ipv4.tcp_keepalive_time: 600, net.ipv4.ip_local_port_range: \"1024 65000\"}\n"
    "  app:\n"
    "    image: docker.io/library/app:1.0\n"
    "    ports: [{container: 8000}]\n"
    "    health: {tcp: 8000}\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";

YAML::Node workload(const GenRun& r, const std::string& path, const char* kind) {
  for (const auto& doc : YAML::LoadAll(r.at(path)))
    if (doc["kind"] && doc["kind"].as<std::string>() == kind) return doc;
  FAIL("no " << kind << " in " << path);
  return {};
}

std::string enforce(const GenRun& r) {
  return YAML::Load(r.at("k8s/base/namespace.yaml"))["metadata"]["labels"]
                   ["pod-security.kubernetes.io/enforce"]
                       .as<std::string>();
}


}  // namespace

TEST_CASE("shm_size, ulimits and sysctls reach every target") {
  Scratch s;
  GenRun r = gen_in(s, kSpec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  // ulimits on Kubernetes: a warning at the key, with what happens instead.
  CHECK(r.err.find("warning[target-gap]") != std::string::npos);
  CHECK(r.err.find("Kubernetes cannot express ulimits of module db") != std::string::npos);

  YAML::Node svc = YAML::Load(r.at("compose.yaml"))["services"];
  CHECK(svc["db"]["shm_size"].as<int64_t>() == 268435456);
  CHECK(svc["db"]["ulimits"]["nofile"]["soft"].as<int64_t>() == 1024);
  CHECK(svc["db"]["ulimits"]["nofile"]["hard"].as<int64_t>() == 65536);
  CHECK(svc["db"]["ulimits"]["memlock"]["hard"].as<int64_t>() == -1);
  CHECK(svc["db"]["sysctls"]["net.ipv4.tcp_keepalive_time"].as<std::string>() == "600");
  CHECK(svc["db"]["sysctls"]["net.ipv4.ip_local_port_range"].as<std::string>() == "1024 65000");
  CHECK_FALSE(svc["app"]["shm_size"]);
  CHECK_FALSE(svc["app"]["ulimits"]);
  CHECK_FALSE(svc["app"]["sysctls"]);

  const std::string& unit = r.at("systemd/db.container");
  for (const char* line :
       {"\nPodmanArgs=--shm-size \"268435456\"\n",
        "\nPodmanArgs=--ulimit \"nofile=1024:65536\"\n",
        "\nPodmanArgs=--ulimit \"memlock=-1:-1\"\n",
        "\nPodmanArgs=--sysctl \"net.ipv4.tcp_keepalive_time=600\"\n",
        "\nPodmanArgs=--sysctl \"net.ipv4.ip_local_port_range=1024 65000\"\n"}) {
    INFO(line);
    CHECK(unit.find(line) != std::string::npos);
  }
  CHECK(r.at("systemd/app.container").find("--shm-size") == std::string::npos);

  const std::string& contract = r.at("CONTRACT.md");
  CHECK(contract.find("## Kernel Settings") != std::string::npos);
  CHECK(contract.find("| `db` | 256Mi | nofile=1024:65536, memlock=-1:-1 | "
                      "net.ipv4.tcp_keepalive_time, net.ipv4.ip_local_port_range |\n") !=
        std::string::npos);
  CHECK(contract.find("| `app` | default |") == std::string::npos);
  CHECK(contract.find("## Target Differences") != std::string::npos);
  CHECK(contract.find("| `ulimits` | Kubernetes | db | the container runs with the node's") !=
        std::string::npos);

  YAML::Node db = workload(r, "k8s/base/modules/db/deployment.yaml", "Deployment");
  YAML::Node sysctls = pod_spec(db)["securityContext"]["sysctls"];
  REQUIRE(sysctls.size() == 2);
  CHECK(sysctls[0]["name"].as<std::string>() == "net.ipv4.tcp_keepalive_time");
  CHECK(sysctls[0]["value"].as<std::string>() == "600");
  bool shm = false;
  for (const auto& v : pod_spec(db)["volumes"])
    if (v["emptyDir"] && v["emptyDir"]["medium"] &&
        v["emptyDir"]["medium"].as<std::string>() == "Memory")
      shm = v["emptyDir"]["sizeLimit"].as<std::string>() == "256Mi";
  CHECK(shm);
  bool mounted = false;
  for (const auto& m : container(db)["volumeMounts"])
    mounted |= m["mountPath"].as<std::string>() == "/dev/shm";
  CHECK(mounted);
  CHECK(enforce(r) == "restricted");  // the safe sysctls only

  Scratch c;
  GenRun classic = gen_in(c, std::string(kSpec) + kClassic, {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  const std::string& service = classic.at("systemd/db.service");
  for (const char* arg : {"--shm-size \"268435456\"", "--ulimit \"nofile=1024:65536\"",
                          "--sysctl \"net.ipv4.tcp_keepalive_time=600\""}) {
    INFO(arg);
    CHECK(service.find(arg) != std::string::npos);
  }
}

TEST_CASE("an unsafe sysctl is refused unless waived, and then the namespace is privileged") {
  std::string spec = kSpec;
  const std::string from = "    sysctls: {";
  spec.replace(spec.find(from), from.size(), "    sysctls: {net.core.somaxconn: 1024, ");
  Scratch s;
  GenRun refused = gen_in(s, spec, {"validate"});
  CHECK(refused.code == 1);
  CHECK(refused.err.find("error[unsafe-sysctls]") != std::string::npos);

  const std::string at = "    shm_size: 256Mi\n";
  spec.replace(spec.find(at), at.size(),
               at + "    waive: {unsafe-sysctls: \"the queue needs a longer accept backlog\"}\n");
  Scratch w;
  GenRun r = gen_in(w, spec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(enforce(r) == "privileged");
  CHECK(YAML::Load(r.at("compose.yaml"))["services"]["db"]["sysctls"]["net.core.somaxconn"]
            .as<std::string>() == "1024");
  CHECK(r.at("CONTRACT.md").find("`db` needs privileged") != std::string::npos);
  // k8s-baseline accepts exactly the waived sysctl, no other unsafe one.
  const std::string pod = "k8s/_pod.yaml.j2";
  expect_refused(spec, "k8s", pod,
                 replaced(pod, "        sysctls:\n",
                          "        sysctls:\n          - name: net.core.rmem_max\n"
                          "            value: \"1\"\n"),
                 "k8s-baseline");
}

TEST_CASE("an override that drops a kernel setting is refused on each target") {
  const std::string svc = "compose/_service.yaml.j2";
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "    shm_size: {{ m.shm_size.bytes|yaml }}\n", ""), "kernel-limits");
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "        hard: {{ u.hard|yaml }}\n", "        hard: 1\n"),
                 "kernel-limits");
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "      {{ s.name|yaml }}: {{ s.value|yaml }}\n", ""),
                 "kernel-limits");
  const std::string unit = "systemd/container.container.j2";
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "PodmanArgs=--shm-size {{ module.shm_size.bytes|string|systemd_exec }}\n", ""),
                 "kernel-limits");
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "PodmanArgs=--ulimit {{ u.text|systemd_exec }}\n", ""),
                 "kernel-limits");
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "PodmanArgs=--sysctl {{ (s.name ~ \"=\" ~ s.value)|systemd_exec }}\n", ""),
                 "kernel-limits");
  const std::string pod = "k8s/_pod.yaml.j2";
  expect_refused(kSpec, "k8s", pod,
                 replaced(pod, "            medium: {{ v.medium|yaml }}\n", ""),
                 "k8s-kernel-limits");
  expect_refused(kSpec, "k8s", pod,
                 replaced(pod, "            value: {{ s.value|string|yaml }}\n",
                          "            value: \"0\"\n"),
                 "k8s-kernel-limits");
}
