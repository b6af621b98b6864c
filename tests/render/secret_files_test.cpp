// Secret files (issue 20): a `{secret: NAME, file, target}` mount reaches
// every target as a read-only file, and what cannot be said is refused.
// Runs the built gen on a spec written to a temporary directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "k8s_output.h"

using namespace gen::test;
namespace fs = std::filesystem;

namespace {

// A spec directory holding gen.yaml (`body` after the common head) and the
// secret's file; removed with the object.
struct SpecDir {
  fs::path dir;
  explicit SpecDir(const std::string& body) {
    static int n = 0;
    dir = fs::temp_directory_path() /
          ("gen-secret-files-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    fs::remove_all(dir);
    fs::create_directories(dir / "secrets");
    std::ofstream(dir / "secrets" / "db_password.txt") << "not-a-real-password\n";
    std::ofstream(dir / "app.conf") << "level = info\n";
    std::ofstream(dir / "gen.yaml") << "version: 1\n"
                                       "project: sf\n"
                                       "defaults:\n"
                                       "  user: {uid: 10001, gid: 10001}\n"
                                       "  restart: unless-stopped\n"
                                    << body;
  }
  ~SpecDir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string spec() const { return (dir / "gen.yaml").string(); }
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

std::string unit_text(const GenOutput& out, const std::string& suffix) {
  for (const auto& [path, text] : out.files)
    if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return text;
  return "";
}

}  // namespace

TEST_CASE("a secret mount is a compose secret: granted at its target, from its file or external") {
  SpecDir d(kTwoModules);
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
  SpecDir d(kTwoModules);
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
  SpecDir quadlet(kTwoModules);
  GenOutput q = run_gen_out({"all", "--spec", quadlet.spec()});
  INFO(q.err);
  REQUIRE(q.code == 0);
  std::string api = unit_text(q, "api.container");
  CHECK(api.find("Secret=db-password,type=mount,target=/etc/api/db\n") != std::string::npos);
  CHECK(api.find("Secret=api-token,type=mount,target=/run/secrets/api-token\n") !=
        std::string::npos);
  std::string contract = q.at("CONTRACT.md");
  CHECK(contract.find("Secrets mounted as files") != std::string::npos);
  CHECK(contract.find("existing (the operator creates it)") != std::string::npos);

  SpecDir classic(std::string(kTwoModules) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput c = run_gen_out({"all", "--spec", classic.spec()});
  INFO(c.err);
  REQUIRE(c.code == 0);
  std::string svc = unit_text(c, "api.service");
  CHECK(svc.find("--secret \"api-token,type=mount,target=/run/secrets/api-token\"") !=
        std::string::npos);
}

TEST_CASE("docker units bind the secret's file; an existing secret is refused there") {
  SpecDir file_only(
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
  std::string svc = unit_text(ok, "db.service");
  CHECK(svc.find("--secret") == std::string::npos);
  CHECK(svc.find("secrets/db_password.txt:/run/secrets/db-password:ro,z") != std::string::npos);

  SpecDir external(std::string(kTwoModules) + "targets:\n  systemd: {flavor: service, engine: docker}\n");
  GenOutput bad = run_gen_out({"all", "--spec", external.spec()});
  CHECK(bad.code == 1);
  CHECK(bad.err.find("error[target-support]: secret api-token of module api") != std::string::npos);
  CHECK(bad.files.empty());
}

TEST_CASE("a config file named like a secret or under /run/secrets/ is refused") {
  SpecDir named(
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
