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

// TZ from the host's TIMEZONE, OWNER under its own name.
const std::string kClock =
    "modules:\n"
    "  app:\n"
    "    image: docker.io/library/nginx:1.27\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    env:\n"
    "      TZ: {from_host: TIMEZONE}\n"
    "      OWNER: {required: true}\n";

TEST_CASE("from_host: a required value read from the host's variable of another name") {
  const std::string& spec = kClock;
  SpecDir d("env-names", "clock", spec);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node env = YAML::Load(out.at("compose.yaml"))["services"]["app"]["environment"];
  CHECK(env["TZ"].as<std::string>() == "${TIMEZONE:?set outside repo}");
  CHECK(env["OWNER"].as<std::string>() == "${OWNER:?set outside repo}");
  // The header names what to set: the host's variable.
  CHECK(out.at("compose.yaml").find("#   OWNER\n#   TIMEZONE\n") != std::string::npos);

  auto objects = k8s_objects(out);
  std::string key;
  for (const auto& e : container(objects.at("Deployment/app").node)["env"])
    if (e["name"].as<std::string>() == "TZ")
      key = e["valueFrom"]["configMapKeyRef"]["key"].as<std::string>();
  CHECK(key == "TIMEZONE");

  // The unit takes TIMEZONE from its environment and refuses to start without it.
  std::string unit = out.ending("app.container");
  CHECK(has_line(unit, "Environment=TZ=${TIMEZONE}"));
  CHECK(unit.find("# Takes TIMEZONE, OWNER from its environment") != std::string::npos);
  CHECK(out.at("CONTRACT.md").find("| `app` | `TZ` | yes |  | no | no | from the host's `TIMEZONE` |") !=
        std::string::npos);

  SpecDir c("env-names", "clock", spec + "targets:\n  systemd: {flavor: service}\n");
  GenOutput classic = run_gen_out({"all", "--spec", c.spec()});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  std::string service = classic.ending("app.service");
  CHECK(service.find("--env TZ=${TIMEZONE}") != std::string::npos);
  CHECK(service.find("--env \"OWNER\"") != std::string::npos);
}

TEST_CASE("from_host: an env file never supplies it") {
  SpecDir d("env-names", "clock",
            kClock + "profiles:\n  local: {env_file: \"{module}/.env.local\"}\n");
  GenOutput out = run_gen_out({"all", "--spec", d.spec(), "--profile", "local"});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node app = YAML::Load(out.at("compose.yaml"))["services"]["app"];
  REQUIRE(app["env_file"]);
  CHECK(app["environment"]["TZ"].as<std::string>() == "${TIMEZONE:?set outside repo}");
  CHECK_FALSE(app["environment"]["OWNER"]);  // from the env file
  std::string unit = out.ending("app.container");
  CHECK(has_line(unit, "Environment=TZ=${TIMEZONE}"));
}
