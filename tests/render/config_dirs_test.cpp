// Config directories (issue 20): a `{config_dir: DIR, target}` mount reaches
// every target as the directory, read-only; in Kubernetes a ConfigMap of its
// files projected back to their paths (a directory bind there would be an
// empty claim). Runs the built gen on a spec written to a temporary directory.
#include <catch2/catch.hpp>

#include <set>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

// The spec directory: gen.yaml and the config directory nginx/conf.d (two
// files, one in a subdirectory, one named like a file the module also
// mounts alone).
struct Dir : SpecDir {
  explicit Dir(const std::string& body) : SpecDir("config-dirs", "cd", body) {
    write("nginx/conf.d/default.conf", "server_tokens off;\n");
    write("nginx/conf.d/sites/app.conf", "listen 8080;\n");
    write("nginx/app.conf", "# the single file\n");
  }
};

const char* const kWeb =
    "modules:\n"
    "  web:\n"
    "    image: docker.io/library/nginx:1.27\n"
    "    health: {tcp: 8080}\n"
    "    ports: [{container: 8080}]\n"
    "    mounts:\n"
    "      - {config: ./nginx/app.conf, target: /etc/nginx/app.conf}\n"
    "      - {config_dir: ./nginx/conf.d, target: /etc/nginx/conf.d}\n";

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

TEST_CASE("a config directory is a read-only bind of the directory under compose") {
  Dir d(kWeb);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  bool found = false;
  for (const auto& v : compose["services"]["web"]["volumes"]) {
    std::string text = v.IsScalar() ? v.as<std::string>() : "";
    if (ends_with(text, "nginx/conf.d:/etc/nginx/conf.d:ro")) found = true;
  }
  CHECK(found);
}

TEST_CASE("a config directory is its files in the module's ConfigMap, projected at their paths") {
  Dir d(kWeb);
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  for (const auto& [key, o] : objects) CHECK(key.rfind("PersistentVolumeClaim/", 0) != 0);
  REQUIRE(objects.count("ConfigMap/web-files"));
  YAML::Node data = objects.at("ConfigMap/web-files").node["data"];
  REQUIRE(data.IsMap());
  CHECK(data.size() == 3);
  // app.conf is the single file's key: the directory's app.conf gets its path.
  CHECK(data["app.conf"].as<std::string>() == "# the single file\n");
  CHECK(data["default.conf"].as<std::string>() == "server_tokens off;\n");
  CHECK(data["sites-app.conf"].as<std::string>() == "listen 8080;\n");

  YAML::Node web = objects.at("Deployment/web").node;
  YAML::Node m = mount_at(container(web), "/etc/nginx/conf.d");
  REQUIRE(m.IsMap());
  CHECK(m["readOnly"].as<bool>());
  CHECK_FALSE(m["subPath"]);
  YAML::Node v = volume(web, m["name"].as<std::string>());
  REQUIRE(v.IsMap());
  CHECK(v["configMap"]["name"].as<std::string>() == "web-files");
  std::set<std::pair<std::string, std::string>> items;
  for (const auto& i : v["configMap"]["items"])
    items.insert({i["key"].as<std::string>(), i["path"].as<std::string>()});
  CHECK(items == std::set<std::pair<std::string, std::string>>{
                     {"default.conf", "default.conf"}, {"sites-app.conf", "sites/app.conf"}});
}

TEST_CASE("a config directory is a read-only volume in Quadlet and classic units, and in CONTRACT.md") {
  Dir quadlet(kWeb);
  GenOutput q = run_gen_out({"all", "--spec", quadlet.spec()});
  INFO(q.err);
  REQUIRE(q.code == 0);
  std::string web = q.ending("web.container");
  CHECK(web.find("nginx/conf.d:/etc/nginx/conf.d:ro,z\n") != std::string::npos);
  std::string contract = q.at("CONTRACT.md");
  CHECK(contract.find("configuration directory `nginx/conf.d/`") != std::string::npos);

  Dir classic(std::string(kWeb) + "targets:\n  systemd: {flavor: service}\n");
  GenOutput c = run_gen_out({"all", "--spec", classic.spec()});
  INFO(c.err);
  REQUIRE(c.code == 0);
  CHECK(c.ending("web.service").find("nginx/conf.d:/etc/nginx/conf.d:ro,z") !=
        std::string::npos);
}

TEST_CASE("a config directory outside the project, missing, or holding a secret is refused") {
  Dir d(
      "modules:\n"
      "  web:\n"
      "    image: docker.io/library/nginx:1.27\n"
      "    mounts:\n"
      "      - {config_dir: ../elsewhere, target: /etc/a}\n"
      "      - {config_dir: ./nginx/app.conf, target: /etc/b}\n"
      "      - {config_dir: ./missing, target: /etc/c}\n"
      "      - {config_dir: ./nginx, target: /etc/d}\n");
  d.write("nginx/conf.d/db_password", "hunter2\n");
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  CHECK(out.code == 1);
  CHECK(out.files.empty());
  CHECK(out.err.find("error[project-paths]: config directory ../elsewhere of module web leaves") !=
        std::string::npos);
  CHECK(out.err.find("config directory ./nginx/app.conf of module web is a file, not a directory") !=
        std::string::npos);
  CHECK(out.err.find("config directory ./missing of module web cannot be carried: it does not exist") !=
        std::string::npos);
  CHECK(out.err.find("config file ./nginx/conf.d/db_password of module web is named like a secret") !=
        std::string::npos);
}
