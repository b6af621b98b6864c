// `gen context` as a command: exit codes (command.h), where output goes, and
// the exact diagnostics of an unknown profile.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_gen.h"

using gen::test::run_gen;

namespace {

std::string spec_path(const std::string& name) {
  return std::string(GEN_SOURCE_DIR) + "/specs/" + name + ".yaml";
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = "/tmp/gen-context-test-" + std::to_string(getpid()) + "-" + name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("gen context: an unknown profile exits 1 with a suggestion and prints nothing") {
  auto r = run_gen({"context", "--spec", spec_path("todo"), "--profile", "prd"});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == spec_path("todo") +
                     ": error[unknown-profile]: unknown profile 'prd'\n"
                     "  = note: profiles in this spec: local, minikube, prod\n"
                     "  = help: did you mean 'prod'?\n");
}

TEST_CASE("gen context: diagnostics as JSON on stderr, context on stdout") {
  auto r = run_gen(
      {"context", "--spec", spec_path("wats"), "--profile", "nope", "--diagnostics", "json"});
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  auto j = nlohmann::json::parse(r.err);
  REQUIRE(j["diagnostics"].size() == 1);
  CHECK(j["diagnostics"][0]["rule"] == "unknown-profile");
  CHECK(j["diagnostics"][0]["notes"][0]["message"] == "profiles in this spec: local");

  auto ok = run_gen({"context", "--spec", spec_path("wats"), "--diagnostics", "json"});
  CHECK(ok.code == 0);
  CHECK(ok.err == "{\n  \"diagnostics\": []\n}\n");
  CHECK(nlohmann::json::parse(ok.out)["project"]["name"] == "wats");
}

TEST_CASE("gen context: a spec that breaks a rule exits 1 before resolving") {
  std::string path = write_temp("root.yaml", R"(version: 1
project: p
defaults: {restart: always}
modules:
  a:
    image: x:1
    user: {uid: 0, gid: 1000}
    health: {tcp: 8080}
    ports: [{container: 8080}]
)");
  auto r = run_gen({"context", "--spec", path});
  std::remove(path.c_str());
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("error[non-root-user]") != std::string::npos);
}

TEST_CASE("gen context: usage and I/O errors exit 2") {
  auto missing = run_gen({"context", "--spec", "/nonexistent/gen.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.out.empty());
  CHECK(missing.err.find("/nonexistent/gen.yaml: error[io-error]") == 0);
  auto extra = run_gen({"context", "--spec", spec_path("wats"), "stray"});
  CHECK(extra.code == 2);
  CHECK(extra.err == "gen context: error: unexpected argument 'stray'\n");
  auto format = run_gen({"context", "--spec", spec_path("wats"), "--diagnostics", "xml"});
  CHECK(format.code == 2);
  auto help = run_gen({"context", "--help"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--profile") != std::string::npos);
}
