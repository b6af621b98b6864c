// Issue 20, static IPv4 addresses and subnets: a network's `subnet` and
// `gateway` and a module's `addresses` on compose, Quadlet and classic
// units (podman and docker); Kubernetes has no field for them (a warning);
// the verifiers refuse an override that drops or changes one.
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include "compose_gen.h"
#include "override_refusal.h"

using namespace gen::test;

namespace {

const char* const kSpec =
    "version: 1\n"
    "project: addr\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n"
    "networks:\n"
    "  backend: {subnet: 172.28.0.0/16, gateway: 172.28.0.1}\n"
    "  cache_net: {subnet: 10.30.0.0/24}\n"
    "modules:\n"
    "  db:\n"
    "    image: docker.io/library/db:1.0\n"
    "    ports: [{container: 5432}]\n"
    "    health: {tcp: 5432}\n"
    "    networks: [backend, cache_net]\n"
    "    addresses: {backend: 172.28.0.10}\n"
    "    aliases: [database]\n"
    "  api:\n"
    "    image: docker.io/library/api:1.0\n"
    "    ports: [{container: 8000, host: 8100}]\n"
    "    health: {tcp: 8000}\n"
    "    depends_on: {db: healthy}\n"
    "    networks: [backend]\n"
    "    addresses: {backend: 172.28.0.20}\n"
    "  worker:\n"
    "    image: docker.io/library/worker:1.0\n"
    "    ports: [{container: 9000}]\n"
    "    health: {tcp: 9000}\n"
    "    networks: [backend]\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";
const char* const kDocker = "targets:\n  systemd: {flavor: service, engine: docker}\n";

bool has(const std::string& text, const std::string& piece) {
  INFO(piece);
  return text.find(piece) != std::string::npos;
}

}  // namespace

TEST_CASE("subnets, gateways and static addresses reach compose, Quadlet and CONTRACT.md") {
  Scratch s;
  GenRun r = gen_in(s, kSpec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);
  // Kubernetes cannot: a positioned warning per module with addresses.
  CHECK(has(r.err, "gen.yaml:15:17: warning[target-gap]: Kubernetes cannot express addresses of "
                   "module db: pods get the addresses the cluster assigns"));
  CHECK(has(r.err, "warning[target-gap]: Kubernetes cannot express addresses of module api"));
  CHECK_FALSE(has(r.err, "addresses of module worker"));

  YAML::Node compose = YAML::Load(r.at("compose.yaml"));
  YAML::Node backend = compose["networks"]["backend"];
  CHECK(backend["ipam"]["config"][0]["subnet"].as<std::string>() == "172.28.0.0/16");
  CHECK(backend["ipam"]["config"][0]["gateway"].as<std::string>() == "172.28.0.1");
  CHECK(compose["networks"]["cache_net"]["ipam"]["config"][0]["subnet"].as<std::string>() ==
        "10.30.0.0/24");
  CHECK_FALSE(compose["networks"]["cache_net"]["ipam"]["config"][0]["gateway"]);
  CHECK_FALSE(compose["networks"]["egress"]["ipam"]);  // gen's routed network: the engine's block
  YAML::Node svc = compose["services"];
  CHECK(svc["db"]["networks"]["backend"]["ipv4_address"].as<std::string>() == "172.28.0.10");
  CHECK(svc["db"]["networks"]["backend"]["aliases"][0].as<std::string>() == "database");
  CHECK_FALSE(svc["db"]["networks"]["cache_net"]["ipv4_address"]);
  CHECK(svc["db"]["networks"]["cache_net"]["aliases"][0].as<std::string>() == "database");
  CHECK(svc["api"]["networks"]["backend"]["ipv4_address"].as<std::string>() == "172.28.0.20");
  CHECK(svc["api"]["networks"]["egress"].IsMap());  // joined, no address
  CHECK(svc["worker"]["networks"].IsSequence());     // no names, no address: the list form

  const std::string& net = r.at("systemd/backend.network");
  CHECK(has(net, "\nSubnet=172.28.0.0/16\nGateway=172.28.0.1\n"));
  CHECK(has(r.at("systemd/cache_net.network"), "\nSubnet=10.30.0.0/24\n"));
  CHECK_FALSE(has(r.at("systemd/cache_net.network"), "Gateway="));
  CHECK_FALSE(has(r.at("systemd/addr-egress.network"), "Subnet="));
  CHECK(has(r.at("systemd/db.container"), "\nNetwork=backend.network:ip=172.28.0.10\n"));
  CHECK(has(r.at("systemd/db.container"), "\nNetwork=cache_net.network\n"));
  CHECK(has(r.at("systemd/api.container"), "\nNetwork=backend.network:ip=172.28.0.20\n"));
  CHECK(has(r.at("systemd/worker.container"), "\nNetwork=backend.network\n"));

  const std::string& contract = r.at("CONTRACT.md");
  CHECK(has(contract, "## Static Addresses"));
  CHECK(has(contract, "| `backend` | `172.28.0.0/16` | `172.28.0.1` |\n"));
  CHECK(has(contract, "| `cache_net` | `10.30.0.0/24` | the block's first host |\n"));
  CHECK(has(contract, "| `db` | `backend` | `172.28.0.10` | assigned by Kubernetes; reached "
                      "through its Service db |\n"));
  // Nothing in the Kubernetes manifests names an address.
  for (const auto& [path, text] : r.files)
    if (path.rfind("k8s/", 0) == 0) {
      INFO(path);
      CHECK_FALSE(has(text, "172.28.0.10"));
    }
}

TEST_CASE("classic units create the subnet and join with the address, podman and docker") {
  Scratch p;
  GenRun podman = gen_in(p, std::string(kSpec) + kClassic, {"systemd"});
  INFO(podman.err);
  REQUIRE(podman.code == 0);
  CHECK(has(podman.at("systemd/backend-network.service"),
            "network create --ignore --internal --subnet 172.28.0.0/16 --gateway 172.28.0.1 "
            "addr_backend\n"));
  CHECK(has(podman.at("systemd/cache_net-network.service"),
            "--internal --subnet 10.30.0.0/24 addr_cache_net\n"));
  CHECK(has(podman.at("systemd/db.service"), "--network addr_backend:ip=172.28.0.10 "));
  CHECK(has(podman.at("systemd/db.service"), "--network addr_cache_net "));

  Scratch d;
  GenRun docker = gen_in(d, std::string(kSpec) + kDocker, {"systemd"});
  INFO(docker.err);
  REQUIRE(docker.code == 0);
  CHECK(has(docker.at("systemd/backend-network.service"),
            "network create --internal --subnet 172.28.0.0/16 --gateway 172.28.0.1 "
            "addr_backend"));
  CHECK(has(docker.at("systemd/db.service"), "--network name=addr_backend,ip=172.28.0.10 "));
  CHECK(has(docker.at("systemd/api.service"), "--network name=addr_backend,ip=172.28.0.20 "));
}

TEST_CASE("an override that drops or changes a subnet or an address is refused on each target") {
  const std::string body = "compose/_body.yaml.j2";
  expect_refused(kSpec, "compose", body,
                 replaced(body, "        - subnet: {{ n.subnet|yaml }}\n",
                          "        - subnet: 10.99.0.0/16\n"),
                 "static-addresses");
  expect_refused(kSpec, "compose", body,
                 replaced(body, "          gateway: {{ n.gateway|yaml }}\n", ""),
                 "static-addresses");
  const std::string svc = "compose/_service.yaml.j2";
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "        ipv4_address: {{ m.addresses[n]|yaml }}\n", ""),
                 "static-addresses");
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, "        ipv4_address: {{ m.addresses[n]|yaml }}\n",
                          "        ipv4_address: 172.28.0.99\n"),
                 "static-addresses");

  const std::string network = "systemd/network.network.j2";
  expect_refused(kSpec, "systemd", network,
                 replaced(network, "Subnet={{ network.subnet|systemd_escape }}\n", ""),
                 "static-addresses");
  expect_refused(kSpec, "systemd", network,
                 replaced(network, "Gateway={{ network.gateway|systemd_escape }}\n",
                          "Gateway=172.28.0.2\n"),
                 "static-addresses");
  const std::string unit = "systemd/container.container.j2";
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "Network={{ (n.ref ~ (\":ip=\" ~ n.ip if n.ip else \"\"))|systemd_escape }}\n",
                          "Network={{ n.ref|systemd_escape }}\n"),
                 "static-addresses");

  const std::string create = "systemd/network.service.j2";
  expect_refused(std::string(kSpec) + kClassic, "systemd", create,
                 replaced(create, " --gateway {{ network.gateway|systemd_escape }}", ""),
                 "static-addresses");
  expect_refused(std::string(kSpec) + kDocker, "systemd", create,
                 replaced(create,
                          "{% set ipam = (\" --subnet \" ~ network.subnet ~ (\" --gateway \" ~ "
                          "network.gateway if network.gateway else \"\")) if network.subnet else "
                          "\"\" %}\n",
                          "{% set ipam = \"\" %}\n"),
                 "static-addresses");
  const std::string service = "systemd/service.service.j2";
  expect_refused(std::string(kSpec) + kClassic, "systemd", service,
                 replaced(service, "(n.name ~ \":ip=\" ~ n.ip)", "(n.name ~ \":ip=172.28.0.99\")"),
                 "static-addresses");
  expect_refused(std::string(kSpec) + kDocker, "systemd", service,
                 replaced(service, "(\"name=\" ~ n.name ~ \",ip=\" ~ n.ip)", "n.name"),
                 "static-addresses");
}
