// Secret files (issue 20): a `{secret: NAME, file, target}` mount reaches
// every target as a read-only file, and what cannot be said is refused.
// Runs the built gen on a spec written to a temporary directory.
#include <catch2/catch.hpp>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

// The spec directory: gen.yaml and the secret's file (and a config file).
struct Dir : SpecDir {
  explicit Dir(const std::string& body) : SpecDir("secret-files", "sf", body) {
    write("secrets/db_password.txt", "not-a-real-password\n");
    write("app.conf", "level = info\n");
  }
};

const char* const kTwoModules =
    "modules:\n"
    "  db:\n"
    "    image: docker.io/library/postgres:16.4\n"
    "    health: {command: [pg_isready]}\n"
    "    env:\n"
    "      POSTGRES_PASSWORD_FILE: /run/secrets/db-password\n"
    "    mounts:\n"
    "      - {secret: db-password, file: ./secrets/db_password.txt}\n"
    "  api:\n"
    "    image: docker.io/library/busybox:1.36\n"
    "    command: [httpd, -f, -p, \"8080\"]\n"
    "    health: {tcp: 8080}\n"
    "    ports: [{container: 8080}]\n"
    "    mounts:\n"
    "      - {secret: db-password, file: ./secrets/db_password.txt, target: /etc/api/db}\n"
    "      - {secret: api-token}\n";

}  // namespace

TEST_CASE("a secret mount is a compose secret: granted at its target, from its file or external") {
  Dir d(kTwoModules);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  YAML::Node top = compose["secrets"];
  REQUIRE(top.IsMap());
  CHECK(top.size() == 2);
  std::string file = top["db-password"]["file"].as<std::string>();
  CHECK(file.size() > 23);
  CHECK(file.substr(file.size() - 23) == "secrets/db_password.txt");
  CHECK_FALSE(top["db-password"]["external"]);
  CHECK(top["api-token"]["external"].as<bool>());
  YAML::Node db = compose["services"]["db"]["secrets"];
  REQUIRE(db.size() == 1);
  CHECK(db[0]["source"].as<std::string>() == "db-password");
  CHECK(db[0]["target"].as<std::string>() == "/run/secrets/db-password");
  YAML::Node api = compose["services"]["api"]["secrets"];
  REQUIRE(api.size() == 2);
  CHECK(api[0]["target"].as<std::string>() == "/etc/api/db");
  CHECK(api[1]["source"].as<std::string>() == "api-token");
  CHECK(api[1]["target"].as<std::string>() == "/run/secrets/api-token");
}

TEST_CASE("a secret mount is one key of the operator's Secret in Kubernetes, read-only") {
  Dir d(kTwoModules);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  for (const auto& [key, o] : objects) CHECK(key.rfind("Secret/", 0) != 0);  // gen writes none
  REQUIRE(objects.count("Deployment/api"));
  YAML::Node api = objects.at("Deployment/api").node;
  YAML::Node m = mount_at(container(api), "/run/secrets/api-token");
  REQUIRE(m.IsMap());
  CHECK(m["readOnly"].as<bool>());
  CHECK(m["subPath"].as<std::string>() == "api-token");
  YAML::Node v = volume(api, m["name"].as<std::string>());
  REQUIRE(v.IsMap());
  CHECK(v["secret"]["secretName"].as<std::string>() == "api-token");
  CHECK(v["secret"]["items"][0]["key"].as<std::string>() == "api-token");
  CHECK(v["secret"]["items"][0]["path"].as<std::string>() == "api-token");
  YAML::Node other = mount_at(container(api), "/etc/api/db");
  REQUIRE(other.IsMap());
  CHECK(volume(api, other["name"].as<std::string>())["secret"]["secretName"].as<std::string>() ==
        "db-password");
}

TEST_CASE("a secret mount is a podman secret of type mount in Quadlet and classic units") {
  Dir quadlet(kTwoModules);
  GenOutput q = run_gen_out({"all", "--spec", quadlet.spec()});
  INFO(q.err);
  REQUIRE(q.code == 0);
  std::string api = q.ending("api.container");
  CHECK(api.find("Secret=db-password,type=mount,target=/etc/api/db\n") != std::string::npos);
  CHECK(api.find("Secret=api-token,type=mount,target=/run/secrets/api-token\n") !=
        std::string::npos);
  std::string contract = q.at("CONTRACT.md");
  CHECK(contract.find("Secrets mounted as files") != std::string::npos);
  CHECK(contract.find("existing (the operator creates it)") != std::string::npos);

  Dir classic(std::string(kTwoModules) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput c = run_gen_out({"all", "--spec", classic.spec()});
  INFO(c.err);
  REQUIRE(c.code == 0);
  std::string svc = c.ending("api.service");
  CHECK(svc.find("--secret \"api-token,type=mount,target=/run/secrets/api-token\"") !=
        std::string::npos);
}

TEST_CASE("docker units bind the secret's file; an existing secret is refused there") {
  Dir file_only(
      "modules:\n"
      "  db:\n"
      "    image: docker.io/library/postgres:16.4\n"
      "    health: {command: [pg_isready]}\n"
      "    mounts:\n"
      "      - {secret: db-password, file: ./secrets/db_password.txt}\n"
      "targets:\n  systemd: {flavor: service, engine: docker}\n");
  GenOutput ok = run_gen_out({"all", "--spec", file_only.spec()});
  INFO(ok.err);
  REQUIRE(ok.code == 0);
  std::string svc = ok.ending("db.service");
  CHECK(svc.find("--secret") == std::string::npos);
  CHECK(svc.find("secrets/db_password.txt:/run/secrets/db-password:ro,z") != std::string::npos);

  Dir external(std::string(kTwoModules) + "targets:\n  systemd: {flavor: service, engine: docker}\n");
  GenOutput bad = run_gen_out({"all", "--spec", external.spec()});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("error[target-support]: secret api-token of module api") != std::string::npos);
  CHECK(bad.files.empty());
}

TEST_CASE("a config file named like a secret or under /run/secrets/ is refused") {
  Dir named(
      "modules:\n"
      "  db:\n"
      "    image: docker.io/library/postgres:16.4\n"
      "    health: {command: [pg_isready]}\n"
      "    mounts:\n"
      "      - {config: ./secrets/db_password.txt, target: /etc/db/pw}\n"
      "      - {config: ./app.conf, target: /run/secrets/app.conf}\n");
  GenOutput out = run_gen_out({"all", "--spec", named.spec()});
  CHECK(out.code == 1);
  CHECK(out.err.find("config file ./secrets/db_password.txt of module db is named like a secret") !=
        std::string::npos);
  CHECK(out.err.find("config file ./app.conf of module db is mounted under /run/secrets/") !=
        std::string::npos);
}
