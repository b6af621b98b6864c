// Variable names with dots (issue 20): Elasticsearch reads `discovery.type`.
// A fixed value under such a name reaches the container on every target; a
// value set at run time is refused (rule target-support), since systemd and
// compose interpolation cannot carry the name.
#include <catch2/catch.hpp>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

const char* const kSearch =
    "modules:\n"
    "  search:\n"
    "    image: docker.elastic.co/elasticsearch/elasticsearch:8.15.0\n"
    "    ports: [{container: 9200}]\n"
    "    health: {tcp: 9200}\n"
    "    env:\n"
    "      discovery.type: single-node\n"
    "      xpack.security.enabled: {default: \"false\"}\n"
    "      ES_JAVA_OPTS: -Xms512m\n";

}  // namespace

TEST_CASE("a dotted variable name with a value reaches every target") {
  SpecDir d("env-names", "search", kSearch);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node env = YAML::Load(out.at("compose.yaml"))["services"]["search"]["environment"];
  CHECK(env["discovery.type"].as<std::string>() == "single-node");
  CHECK(env["xpack.security.enabled"].as<std::string>() == "false");

  auto objects = k8s_objects(out);
  REQUIRE(objects.count("ConfigMap/search-env"));
  YAML::Node data = objects.at("ConfigMap/search-env").node["data"];
  CHECK(data["discovery.type"].as<std::string>() == "single-node");
  bool named = false;
  for (const auto& e : container(objects.at("Deployment/search").node)["env"])
    named |= e["name"].as<std::string>() == "discovery.type" &&
             e["valueFrom"]["configMapKeyRef"]["key"].as<std::string>() == "discovery.type";
  CHECK(named);

  // Quadlet hands [Container] Environment= to podman as --env (systemd
  // never sees the name); the classic unit writes the --env word itself.
  std::string unit = out.ending("search.container");
  CHECK(has_line(unit, "Environment=\"discovery.type=single-node\""));
  SpecDir c("env-names", "search", std::string(kSearch) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput classic = run_gen_out({"all", "--spec", c.spec()});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.ending("search.service").find("--env \"discovery.type=single-node\"") !=
        std::string::npos);
}
