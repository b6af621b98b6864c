// targets.k8s.expose: a module's public ports (published on a non-loopback
// address, under a loopback-ports waiver) get a second Service
// `<module>-public` of the chosen type at their published numbers; ports
// bound to loopback get none; verify refuses a Service that reaches pods
// from outside the cluster otherwise, and a missing public Service.
#include <catch2/catch.hpp>

#include "../render/k8s_output.h"
#include "../render/k8s_project.h"
#include "../render/spec_dir.h"
#include "verify/verifiers.h"

using gen::Diagnostics;
using gen::FileSet;
using gen::OutputFile;

namespace {

// `web` publishes 8080 (public, waived) and 9090 (loopback); `db` publishes
// nothing. `expose` is written as given ("" leaves the key out).
std::string body(const std::string& expose) {
  std::string out =
      "modules:\n"
      "  web:\n"
      "    image: nginx:1.27\n"
      "    waive: {loopback-ports: \"public edge\"}\n"
      "    ports:\n"
      "      - {container: 8000, host: 8080, bind: 0.0.0.0, name: http}\n"
      "      - {container: 9000, host: 31000, bind: 0.0.0.0, name: admin}\n"
      "      - {container: 9100, host: 9090, name: metrics}\n"
      "    health: {command: [/bin/true]}\n"
      "    depends_on: {db: healthy}\n"
      "  db:\n"
      "    image: postgres:16\n"
      "    ports: [{container: 5432, name: pg}]\n"
      "    health: {command: [pg_isready]}\n";
  if (!expose.empty()) out += "targets:\n  k8s: {expose: " + expose + "}\n";
  return out;
}

struct Rendered {
  gen::test::SpecDir dir;
  gen::test::GenOutput out;
  explicit Rendered(const std::string& expose)
      : dir("k8s-expose", "shop", body(expose)),
        out(gen::test::run_gen_out({"k8s", "--spec", dir.spec()})) {}
};

const char* kPublic = "k8s/base/modules/web/public-service.yaml";

}  // namespace

TEST_CASE("expose none (the default) writes only ClusterIP Services", "[k8s][expose]") {
  Rendered r("");
  INFO(r.out.err);
  REQUIRE(r.out.code == 0);
  CHECK_FALSE(r.out.has(kPublic));
  auto objects = gen::test::k8s_objects(r.out);
  REQUIRE(objects.count("Service/web"));
  CHECK(objects.at("Service/web").node["spec"]["type"].as<std::string>() == "ClusterIP");
}

TEST_CASE("expose LoadBalancer: web-public with the public ports at their published numbers",
          "[k8s][expose]") {
  Rendered r("LoadBalancer");
  INFO(r.out.err);
  REQUIRE(r.out.code == 0);
  auto objects = gen::test::k8s_objects(r.out);
  REQUIRE(objects.count("Service/web-public"));
  YAML::Node spec = objects.at("Service/web-public").node["spec"];
  CHECK(spec["type"].as<std::string>() == "LoadBalancer");
  CHECK(spec["selector"]["app.kubernetes.io/name"].as<std::string>() == "web");
  REQUIRE(spec["ports"].size() == 2);  // the loopback-bound metrics port is not public
  CHECK(spec["ports"][0]["port"].as<int>() == 8080);
  CHECK(spec["ports"][0]["targetPort"].as<std::string>() == "http");
  CHECK(spec["ports"][1]["port"].as<int>() == 31000);
  CHECK(spec["ports"][1]["targetPort"].as<std::string>() == "admin");
  CHECK_FALSE(spec["ports"][0]["nodePort"]);
  // In-cluster clients keep the ClusterIP Service at the container ports.
  YAML::Node internal = objects.at("Service/web").node["spec"];
  CHECK(internal["type"].as<std::string>() == "ClusterIP");
  CHECK(internal["ports"][0]["port"].as<int>() == 8000);
  // db publishes nothing: no public Service; the kustomization lists web's.
  CHECK_FALSE(objects.count("Service/db-public"));
  CHECK(r.out.at("k8s/base/kustomization.yaml").find("modules/web/public-service.yaml") !=
        std::string::npos);
}

TEST_CASE("expose NodePort: nodePort is the published port inside 30000-32767", "[k8s][expose]") {
  Rendered r("NodePort");
  INFO(r.out.err);
  REQUIRE(r.out.code == 0);
  auto objects = gen::test::k8s_objects(r.out);
  REQUIRE(objects.count("Service/web-public"));
  YAML::Node ports = objects.at("Service/web-public").node["spec"]["ports"];
  CHECK(objects.at("Service/web-public").node["spec"]["type"].as<std::string>() == "NodePort");
  CHECK_FALSE(ports[0]["nodePort"]);  // 8080: the cluster assigns one
  CHECK(ports[1]["nodePort"].as<int>() == 31000);
}

TEST_CASE("verify refuses Services that reach pods from outside unasked", "[k8s][expose][verify]") {
  auto files_of = [](const gen::test::GenOutput& out) {
    FileSet files;
    for (const auto& [path, text] : out.files) files[path] = OutputFile{text, "test"};
    return files;
  };
  auto errors = [](const FileSet& files, const gen::model::Project& project) {
    Diagnostics d;
    gen::verify::verify_k8s(files, project, d);
    std::vector<std::string> out;
    for (const auto& x : d.items())
      if (x.severity == gen::Severity::Error) out.push_back(x.rule_id + ": " + x.message);
    return out;
  };
  auto replace = [](FileSet& files, const std::string& path, const std::string& from,
                    const std::string& to) {
    REQUIRE(files.count(path));
    std::string& text = files.at(path).content;
    size_t at = text.find(from);
    INFO(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };

  SECTION("gen's own output passes, with and without expose") {
    for (const char* expose : {"", "LoadBalancer", "NodePort"}) {
      Rendered r(expose);
      REQUIRE(r.out.code == 0);
      CHECK(errors(files_of(r.out), gen::test::project_of(r.dir.spec())).empty());
    }
  }
  SECTION("a database's Service turned LoadBalancer without expose") {
    Rendered r("");
    REQUIRE(r.out.code == 0);
    FileSet files = files_of(r.out);
    replace(files, "k8s/base/modules/db/service.yaml", "type: ClusterIP", "type: LoadBalancer");
    auto e = errors(files, gen::test::project_of(r.dir.spec()));
    REQUIRE(e.size() == 1);
    CHECK(e[0].rfind("k8s-service-exposure: Service db: type LoadBalancer", 0) == 0);
  }
  SECTION("externalIPs on a ClusterIP Service") {
    Rendered r("");
    REQUIRE(r.out.code == 0);
    FileSet files = files_of(r.out);
    replace(files, "k8s/base/modules/db/service.yaml", "type: ClusterIP",
            "type: ClusterIP\n  externalIPs: [203.0.113.7]");
    auto e = errors(files, gen::test::project_of(r.dir.spec()));
    REQUIRE(e.size() == 1);
    CHECK(e[0].find("externalIPs") != std::string::npos);
  }
  SECTION("the public Service of another type, or with a port more, or missing") {
    Rendered r("LoadBalancer");
    REQUIRE(r.out.code == 0);
    auto project = gen::test::project_of(r.dir.spec());
    {
      FileSet files = files_of(r.out);
      replace(files, kPublic, "type: LoadBalancer", "type: NodePort");
      auto e = errors(files, project);
      REQUIRE(e.size() == 1);
      CHECK(e[0] == "k8s-service-exposure: Service web-public: type must be LoadBalancer "
                    "(targets.k8s.expose)");
    }
    {
      FileSet files = files_of(r.out);
      replace(files, kPublic, "    - name: http",
              "    - {name: metrics, port: 9090, targetPort: metrics}\n    - name: http");
      auto e = errors(files, project);
      REQUIRE(e.size() == 1);
      CHECK(e[0] == "k8s-service-exposure: Service web-public: ports must be the module's public "
                    "ports at their published numbers (31000 -> admin, 8080 -> http)");
    }
    {
      FileSet files = files_of(r.out);
      files.erase(kPublic);
      auto e = errors(files, project);
      REQUIRE(e.size() == 1);
      CHECK(e[0].find("no Service web-public of that type") != std::string::npos);
    }
  }
}

TEST_CASE("expose with a module name too long for `<module>-public` is refused",
          "[k8s][expose][check]") {
  const std::string name(57, 'a');
  gen::test::SpecDir dir("k8s-expose-long", "shop",
                         "modules:\n  " + name +
                             ":\n    image: nginx:1.27\n"
                             "    ports: [{container: 8000, host: 8080, name: http}]\n"
                             "    health: {command: [/bin/true]}\n"
                             "targets:\n  k8s: {expose: NodePort}\n");
  gen::test::GenOutput out = gen::test::run_gen_out({"k8s", "--spec", dir.spec()});
  CHECK(out.code == 1);
  CHECK(out.err.find("[target-support]") != std::string::npos);
  CHECK(out.err.find(name + "-public, longer than the 63 characters") != std::string::npos);
  CHECK(out.files.empty());
}

TEST_CASE("expose: an alias that is another module's public Service name is refused",
          "[k8s][expose][check]") {
  gen::test::SpecDir dir("k8s-expose-alias", "shop",
                         "modules:\n  web:\n    image: nginx:1.27\n"
                         "    ports: [{container: 8000, host: 8080, name: http}]\n"
                         "    health: {command: [/bin/true]}\n"
                         "  api:\n    image: nginx:1.27\n    aliases: [web-public]\n"
                         "    ports: [{container: 8000, name: http}]\n"
                         "    health: {command: [/bin/true]}\n"
                         "targets:\n  k8s: {expose: LoadBalancer}\n");
  gen::test::GenOutput out = gen::test::run_gen_out({"k8s", "--spec", dir.spec()});
  CHECK(out.code == 1);
  CHECK(out.err.find("[target-support]") != std::string::npos);
  CHECK(out.err.find("module api is reached by the name web-public, which targets.k8s.expose "
                     "gives the public Service of module web") != std::string::npos);
  CHECK(out.files.empty());
}
