// An organisation's template override (--templates DIR) that drops a
// hardening setting is refused: gen parses what it rendered, reports a
// positioned error in the artifact naming the rule and the template, exits
// 1 and writes nothing. The overrides are the built-in templates with one
// setting removed, made at test time.
#include <catch2/catch.hpp>

#include "compose_gen.h"

using namespace gen::test;

namespace {

// The built-in template `name` with `from` (there exactly once) replaced by `to`.
std::string replaced(const std::string& name, const std::string& from, const std::string& to) {
  std::string text = read_text(fs::path(GEN_SOURCE_DIR) / "templates" / name);
  size_t at = text.find(from);
  INFO(name << " no longer contains (once): " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string without(const std::string& name, const std::string& drop) {
  return replaced(name, drop, "");
}

GenRun run_with_override(const Scratch& s, const std::string& target, const std::string& name,
                         const std::string& text) {
  copy_specs(s.dir);
  write_text(s.dir / "overrides" / name, text);
  return run_gen_in(s.dir, {target, "--spec", "specs/wats.yaml", "--templates", "overrides"},
                    "out");
}

}  // namespace

TEST_CASE("an override without cap_drop: positioned error, exit 1, nothing written") {
  Scratch s;
  GenRun r = run_with_override(s, "compose", "compose/_service.yaml.j2",
                               without("compose/_service.yaml.j2", "    cap_drop:\n      - ALL\n"));
  CHECK(r.code == 1);
  CHECK(r.err ==
        "compose.yaml:15:3: error[cap-drop-all]: service 'wats' does not drop all capabilities\n"
        " 15 |   wats:\n"
        "    |   ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: set cap_drop: [ALL]\n");
  CHECK(r.files.empty());
  CHECK_FALSE(fs::exists(s.dir / "out"));
}

TEST_CASE("an override without read_only, the user or the health check is refused") {
  {
    Scratch s;
    GenRun r =
        run_with_override(s, "compose", "compose/_service.yaml.j2",
                          replaced("compose/_service.yaml.j2", "\n    read_only: true\n", "\n"));
    CHECK(r.code == 1);
    CHECK(r.err.rfind("compose.yaml:15:3: error[read-only-root]: service 'wats' does not run "
                      "with a read-only root filesystem\n",
                      0) == 0);
    CHECK(r.files.empty());
  }
  {
    Scratch s;
    GenRun r = run_with_override(
        s, "compose", "compose/_service.yaml.j2",
        without("compose/_service.yaml.j2", "    user: {{ m.user.spec|yaml }}\n"));
    CHECK(r.code == 1);
    CHECK(r.err.rfind("compose.yaml:15:3: error[non-root-user]: service 'wats' sets no user", 0) ==
          0);
  }
  {
    Scratch s;
    std::string text = read_text(fs::path(GEN_SOURCE_DIR) / "templates/compose/_service.yaml.j2");
    // Drop the whole healthcheck block.
    size_t a = text.find("{% if s.probe %}\n    healthcheck:");
    size_t b = text.find("{% if s.ports %}");
    REQUIRE(a != std::string::npos);
    REQUIRE(b > a);
    text.erase(a, b - a);
    GenRun r = run_with_override(s, "compose", "compose/_service.yaml.j2", text);
    CHECK(r.code == 1);
    CHECK(r.err.find("compose.yaml:15:3: error[health-check]: service 'wats' has no health "
                     "check\n") != std::string::npos);
  }
  {
    Scratch s;
    std::string text = read_text(fs::path(GEN_SOURCE_DIR) / "templates/compose/_service.yaml.j2");
    size_t at = text.find("      - {{ p|yaml }}\n");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("      - {{ p|yaml }}\n").size(), "      - \"3000:3000\"\n");
    GenRun r = run_with_override(s, "compose", "compose/_service.yaml.j2", text);
    CHECK(r.code == 1);
    CHECK(r.err.find("error[loopback-ports]: service 'wats' publishes port 3000:3000 on every "
                     "interface\n") != std::string::npos);
  }
}

TEST_CASE("a Dockerfile override without USER or HEALTHCHECK is refused") {
  {
    Scratch s;
    GenRun r =
        run_with_override(s, "dockerfile", "dockerfile/_runtime.j2",
                          without("dockerfile/_runtime.j2", "USER {{ docker.user.spec|docker_word }}\n"));
    CHECK(r.code == 1);
    CHECK(r.err ==
          "wats/Dockerfile:38:1: error[non-root-user]: the final stage sets no USER, so the image "
          "runs as root\n"
          " 38 | FROM oven/bun:1 AS runtime\n"
          "    | ^\n"
          "  = note: rendered from template dockerfile/bun.Dockerfile.j2\n"
          "  = help: end the final stage with USER <uid>:<gid> (numbers, not 0)\n");
    CHECK(r.files.empty());
  }
  {
    Scratch s;
    GenRun r = run_with_override(s, "dockerfile", "dockerfile/_runtime.j2",
                                 without("dockerfile/_runtime.j2",
                                         "HEALTHCHECK {{ docker.healthcheck.options|verbatim }} \\\n"
                                         "    CMD {{ docker.healthcheck.argv|docker_json }}\n"));
    CHECK(r.code == 1);
    CHECK(r.err.find("wats/Dockerfile:38:1: error[health-check]: the final stage has no "
                     "HEALTHCHECK\n") != std::string::npos);
  }
}
