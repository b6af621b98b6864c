// gen init's detection (detect/detect.h): the stack each kind of manifest
// says, the Dockerfile's port and user, a health endpoint in the sources,
// what is skipped, and the starter spec's comments and waivers.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "detect/detect.h"

using namespace gen;
namespace fs = std::filesystem;

namespace {

struct Repo {
  fs::path root;
  Repo() {
    static int n = 0;
    root = fs::temp_directory_path() /
           ("gen-detect-test-" + std::to_string(::getpid()) + "-" + std::to_string(n++)) / "shop";
    fs::create_directories(root);
  }
  ~Repo() {
    std::error_code ec;
    fs::remove_all(root.parent_path(), ec);
  }
  void write(const std::string& name, const std::string& text = "") const {
    fs::create_directories((root / name).parent_path());
    std::ofstream(root / name) << text;
  }
};

std::string stack_of(const std::vector<detect::DetectedModule>& ms, const std::string& dir) {
  for (const auto& m : ms)
    if (m.dir == dir) return m.stack ? m.stack->value : "(none)";
  return "(not detected)";
}

}  // namespace

TEST_CASE("each manifest says its stack") {
  Repo r;
  r.write("web/package.json", R"({"dependencies": {"next": "14.0.0", "react": "18"}})");
  r.write("bunapp/package.json", R"({"dependencies": {"hono": "4"}})");
  r.write("bunapp/bun.lock");
  r.write("spa/package.json", R"({"devDependencies": {"vite": "5"}, "dependencies": {"vue": "3"}})");
  r.write("api/package.json", R"({"dependencies": {"express": "4", "vue": "3"}})");
  r.write("svc/go.mod", "module x\n");
  r.write("rs/Cargo.toml", "[package]\n");
  r.write("mvn/pom.xml", "<project/>");
  r.write("gradle/build.gradle.kts", "");
  r.write("net/App.csproj", "<Project/>");
  r.write("rb/Gemfile", "");
  r.write("php/composer.json", "{}");
  r.write("uv/pyproject.toml", "");
  r.write("uv/uv.lock", "");
  r.write("pip/requirements.txt", "flask\n");
  r.write("pyproj/pyproject.toml", "");
  r.write("plain/index.php", "<?php");
  r.write("docs/README.md", "no module here");
  auto ms = detect::detect_modules(r.root);
  CHECK(stack_of(ms, "./web") == "nextjs");
  CHECK(stack_of(ms, "./bunapp") == "bun");
  CHECK(stack_of(ms, "./spa") == "static");
  CHECK(stack_of(ms, "./api") == "node");  // a server framework wins over a SPA dependency
  CHECK(stack_of(ms, "./svc") == "go");
  CHECK(stack_of(ms, "./rs") == "rust");
  CHECK(stack_of(ms, "./mvn") == "java-maven");
  CHECK(stack_of(ms, "./gradle") == "java-gradle");
  CHECK(stack_of(ms, "./net") == "dotnet");
  CHECK(stack_of(ms, "./rb") == "ruby");
  CHECK(stack_of(ms, "./php") == "php");
  CHECK(stack_of(ms, "./uv") == "python-uv");
  CHECK(stack_of(ms, "./pip") == "python-pip");
  CHECK(stack_of(ms, "./pyproj") == "python-pip");
  CHECK(stack_of(ms, "./plain") == "php");
  CHECK(stack_of(ms, "./docs") == "(not detected)");
  CHECK(ms.size() == 15);
  for (size_t i = 1; i < ms.size(); ++i) CHECK(ms[i - 1].dir < ms[i].dir);  // sorted
}

TEST_CASE("dependencies, output and hidden directories are no modules; a module's subdirectories are its own") {
  Repo r;
  r.write("app/package.json", "{}");
  r.write("app/node_modules/left-pad/package.json", "{}");
  r.write("app/packages/inner/go.mod", "module y\n");
  r.write("node_modules/x/package.json", "{}");
  r.write(".git/hooks/go.mod", "");
  r.write("vendor/lib/go.mod", "");
  r.write("a/b/c/d/e/f/go.mod", "");  // deeper than detection looks
  auto ms = detect::detect_modules(r.root);
  REQUIRE(ms.size() == 1);
  CHECK(ms[0].dir == "./app");
  CHECK(ms[0].name == "app");
}

TEST_CASE("the Dockerfile's EXPOSE, USER and the sources' health path") {
  Repo r;
  r.write("api/go.mod", "module z\n");
  r.write("api/Dockerfile", "FROM golang:1.22 AS build\nEXPOSE 9999\nFROM debian:12\nEXPOSE 8081/tcp 9000\nUSER 1001:1002\n");
  r.write("api/cmd/main.go", "mux.HandleFunc(\"/healthz\", ok)\nmux.HandleFunc(\"/ping\", ok)\n");
  r.write("proxy/Dockerfile", "FROM nginx:1.27\nUSER nginx\n");
  r.write("root/Dockerfile", "FROM debian:12\nUSER root\n");
  r.write("broken/Dockerfile", "# no FROM\n");
  auto ms = detect::detect_modules(r.root);
  REQUIRE(ms.size() == 3);  // ./broken has nothing to build
  const auto& api = ms[0];
  CHECK(api.dir == "./api");
  CHECK(api.dockerfile == "./api/Dockerfile");
  REQUIRE(api.port);
  CHECK(api.port->value == "8081");  // the built (last) stage's first EXPOSE
  CHECK(api.user.kind == check::ImageUser::Kind::Numeric);
  CHECK(api.user.uid == 1001);
  CHECK(api.user.gid == 1002);
  REQUIRE(api.health);
  CHECK(api.health->value == "/healthz");
  CHECK(api.health->why == "\"/healthz\" in ./api/cmd/main.go");
  CHECK(ms[1].dir == "./proxy");
  CHECK_FALSE(ms[1].port);
  CHECK(ms[1].user.kind == check::ImageUser::Kind::Name);
  CHECK(ms[2].user.kind == check::ImageUser::Kind::Root);

  const std::string spec = detect::detected_spec("shop", ms);
  INFO(spec);
  CHECK(spec.find("project: shop\n") != std::string::npos);
  CHECK(spec.find("  api:\n    build:\n      context: \"./api\"\n      dockerfile: \"./api/Dockerfile\"\n"
                  "    user: {uid: 1001, gid: 1002}   # USER in ./api/Dockerfile:5\n"
                  "    ports:\n      - {container: 8081}   # EXPOSE 8081 in ./api/Dockerfile\n"
                  "    health: {http: /healthz}   # \"/healthz\" in ./api/cmd/main.go\n") !=
        std::string::npos);
  CHECK(spec.find("dockerfile-user: \"gen init: ./proxy/Dockerfile:2 says USER nginx;") !=
        std::string::npos);
  CHECK(spec.find("health-check: \"gen init found no port") != std::string::npos);
}

TEST_CASE("nothing to detect: the generic example") {
  Repo r;
  r.write("README.md", "hello");
  auto ms = detect::detect_modules(r.root);
  CHECK(ms.empty());
  const std::string spec = detect::detected_spec("shop", ms);
  CHECK(spec.find("stack: python-uv") != std::string::npos);
}

TEST_CASE("names from the repository stay inside the starter spec's comments") {
  Repo r;
  r.write("bad\nname: injected/go.mod", "module x\n");
  r.write("bad\nname: injected/main.go", "http.HandleFunc(\"/healthz\", ok)\n");
  auto ms = detect::detect_modules(r.root);
  REQUIRE(ms.size() == 1);
  const std::string spec = detect::detected_spec("shop", ms);
  INFO(spec);
  CHECK(spec.find("\nname: injected") == std::string::npos);
  CHECK(spec.find("# detected in ./bad?name: injected: stack go") != std::string::npos);
  CHECK(spec.find("context: \"./bad\\nname: injected\"") != std::string::npos);  // JSON-quoted
}
