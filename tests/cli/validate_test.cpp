// `gen validate` fails exactly when `gen all` would (issue 17): it runs the
// whole pipeline in memory. Each case runs both on the same spec, profile and
// --templates and compares exit code and findings.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../resolve/run_gen.h"

namespace fs = std::filesystem;
using gen::test::run_gen;
using gen::test::slurp;

namespace {

struct Scenario {
  std::string name;
  std::string spec;
  std::string profile;
  std::string templates;  // "" = built-in
};

void check_same(const Scenario& s, int expected_code) {
  INFO(s.name);
  std::vector<std::string> common{"--spec", s.spec};
  if (!s.profile.empty()) common.insert(common.end(), {"--profile", s.profile});
  if (!s.templates.empty()) common.insert(common.end(), {"--templates", s.templates});
  std::string out = "/tmp/gen-validate-test-" + std::to_string(getpid());
  fs::remove_all(out);
  std::vector<std::string> validate{"validate", "--out", out};
  validate.insert(validate.end(), common.begin(), common.end());
  std::vector<std::string> all{"all", "--out", out};
  all.insert(all.end(), common.begin(), common.end());
  gen::test::GenRun v = run_gen(validate);
  CHECK_FALSE(fs::exists(out));  // validate writes nothing
  gen::test::GenRun a = run_gen(all);
  fs::remove_all(out);
  CHECK(v.code == expected_code);
  CHECK(a.code == expected_code);
  if (expected_code != 0) {
    CHECK_FALSE(v.err.empty());
    CHECK(v.err == a.err);  // the same findings, in the same words
  }
}

// A copy of built-in template `name` under `dir`, with `from` replaced by `to`.
void override_template(const std::string& dir, const std::string& name, const std::string& from,
                       const std::string& to) {
  std::string text = slurp(std::string(GEN_SOURCE_DIR) + "/templates/" + name);
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  fs::create_directories(fs::path(dir + "/" + name).parent_path());
  std::ofstream(dir + "/" + name) << text;
}

}  // namespace

TEST_CASE("validate passes every bundled spec and profile that gen all generates") {
  for (const char* spec : {"specs/todo.yaml", "specs/core-infra.yaml", "specs/reactbin.yaml",
                           "specs/whatsapp-adapter.yaml"}) {
    check_same({spec, spec, "", ""}, 0);
    check_same({std::string(spec) + " prod", spec, "prod", ""}, 0);
  }
  check_same({"unknown profile", "specs/wats.yaml", "prod", ""}, 1);
}

TEST_CASE("validate fails where a template override breaks a target, as gen all does") {
  std::string dir = "/tmp/gen-validate-overrides-" + std::to_string(getpid());
  fs::remove_all(dir);
  // Verify refuses the output: the compose service keeps every capability.
  override_template(dir + "/verify", "compose/_service.yaml.j2", "    cap_drop:", "    cap_add:");
  check_same({"verify finding", "specs/todo.yaml", "", dir + "/verify"}, 1);
  // The template itself fails: an undefined name.
  override_template(dir + "/render", "compose/_service.yaml.j2", "    cap_drop:",
                    "    x: {{ no_such_name|yaml }}\n    cap_drop:");
  check_same({"render error", "specs/todo.yaml", "", dir + "/render"}, 1);
  // The lint refuses an interpolation without its format's escaping filter.
  override_template(dir + "/lint", "compose/_service.yaml.j2", "    cap_drop:",
                    "    x: {{ m.name }}\n    cap_drop:");
  check_same({"lint", "specs/todo.yaml", "", dir + "/lint"}, 1);
  fs::remove_all(dir);
}
