// Host names and aliases (issue 20): a module others reach as `es` is
// reachable under that name on every target: compose network aliases on
// each network it joins, Podman NetworkAlias=/--network-alias, a Kubernetes
// Service per name selecting its pods; its hostname is the container's own.
#include <catch2/catch.hpp>

#include <algorithm>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

const char* const kSearch =
    "networks:\n"
    "  back: {}\n"
    "  front: {}\n"
    "modules:\n"
    "  elasticsearch:\n"
    "    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n"
    "    ports: [{container: 9200}, {container: 9300}]\n"
    "    health: {tcp: 9200}\n"
    "    hostname: es\n"
    "    aliases: [search, es]\n"
    "    networks: [back, front]\n"
    "  worker:\n"
    "    image: docker.io/library/busybox:1.36\n"
    "    command: [sleep, infinity]\n"
    "    health: {command: [\"true\"]}\n"
    "    aliases: [jobs]\n"
    "  app:\n"
    "    image: docker.io/library/nginx:1.27\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    networks: [back]\n"
    "    talks_to: [elasticsearch]\n";

std::vector<std::string> strings(const YAML::Node& seq) {
  std::vector<std::string> out;
  for (const auto& n : seq) out.push_back(n.as<std::string>());
  return out;
}

}  // namespace

TEST_CASE("compose: the host name, and the aliases on every network the module joins") {
  SpecDir d("aliases", "search", kSearch);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node services = YAML::Load(out.at("compose.yaml"))["services"];
  YAML::Node es = services["elasticsearch"];
  CHECK(es["hostname"].as<std::string>() == "es");
  // The host name first, then the aliases, each once.
  const std::vector<std::string> names{"es", "search"};
  CHECK(strings(es["networks"]["back"]["aliases"]) == names);
  CHECK(strings(es["networks"]["front"]["aliases"]) == names);
  // No networks listed: compose's default one carries the alias.
  YAML::Node worker = services["worker"];
  CHECK_FALSE(worker["hostname"]);
  CHECK(strings(worker["networks"]["default"]["aliases"]) == std::vector<std::string>{"jobs"});
  // A module without names keeps the short list form.
  CHECK(services["app"]["networks"].IsSequence());
}

TEST_CASE("Kubernetes: a Service per name on the module's pods and ports, the pod's hostname") {
  SpecDir d("aliases", "search", kSearch);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  REQUIRE(objects.count("Service/elasticsearch"));
  const YAML::Node own = objects.at("Service/elasticsearch").node;
  for (const char* name : {"es", "search"}) {
    INFO(name);
    REQUIRE(objects.count(std::string("Service/") + name));
    const YAML::Node alias = objects.at(std::string("Service/") + name).node;
    CHECK(YAML::Dump(alias["spec"]["selector"]) == YAML::Dump(own["spec"]["selector"]));
    CHECK(YAML::Dump(alias["spec"]["ports"]) == YAML::Dump(own["spec"]["ports"]));
  }
  CHECK(out.has("k8s/base/modules/elasticsearch/service-es.yaml"));
  CHECK(out.at("k8s/base/kustomization.yaml").find("modules/elasticsearch/service-search.yaml") !=
        std::string::npos);
  CHECK(pod_spec(objects.at("Deployment/elasticsearch").node)["hostname"].as<std::string>() ==
        "es");
  CHECK_FALSE(pod_spec(objects.at("Deployment/app").node)["hostname"]);
  // No ports: nothing listens, so no Service of any name.
  CHECK_FALSE(objects.count("Service/worker"));
  CHECK_FALSE(objects.count("Service/jobs"));
}

TEST_CASE("systemd: HostName= and NetworkAlias= in Quadlet, the flags in classic units") {
  SpecDir q("aliases", "search", kSearch);
  GenOutput quadlet = run_gen_out({"all", "--spec", q.spec()});
  INFO(quadlet.err);
  REQUIRE(quadlet.code == 0);
  std::string unit = quadlet.ending("elasticsearch.container");
  CHECK(has_line(unit, "HostName=es"));
  CHECK(has_line(unit, "NetworkAlias=es"));
  CHECK(has_line(unit, "NetworkAlias=search"));
  CHECK(quadlet.ending("app.container").find("NetworkAlias=") == std::string::npos);
  std::string contract = quadlet.at("CONTRACT.md");
  CHECK(contract.find("## Host Names and Aliases") != std::string::npos);
  CHECK(contract.find("| `elasticsearch` | `es` | `es`, `search` |") != std::string::npos);
  CHECK(contract.find("| `worker` | (the engine's default) | `jobs` |") != std::string::npos);

  SpecDir c("aliases", "search",
            std::string(kSearch) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput classic = run_gen_out({"all", "--spec", c.spec()});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  std::string service = classic.ending("elasticsearch.service");
  CHECK(service.find("--hostname es") != std::string::npos);
  CHECK(service.find("--network-alias es") != std::string::npos);
  CHECK(service.find("--network-alias search") != std::string::npos);
}

TEST_CASE("a setup step never answers to its owner's names") {
  std::string spec = kSearch;
  const std::string at = "    hostname: es\n";
  spec.replace(spec.find(at), at.size(), at + "    setup: [{name: migrate, command: [\"true\"]}]\n");
  SpecDir d("aliases", "search", spec);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  // The step is a service of its own on the owner's networks, without its names.
  YAML::Node step = YAML::Load(out.at("compose.yaml"))["services"]["elasticsearch-migrate"];
  REQUIRE(step.IsMap());
  CHECK_FALSE(step["hostname"]);
  CHECK(strings(step["networks"]) == std::vector<std::string>{"back", "front"});
}
