// Shared by the tests that render a spec with one template override and
// expect verify to refuse it (privileges_test, process_test): a spec written
// as gen.yaml in a scratch directory, a built-in template with one piece
// replaced, and the refusal check.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compose_gen.h"

namespace gen::test {

// `gen ARGS --spec gen.yaml` in `s` with `spec` as gen.yaml, output in out/.
inline GenRun gen_in(Scratch& s, const std::string& spec, const std::vector<std::string>& args) {
  write_text(s.dir / "gen.yaml", spec);
  std::vector<std::string> all = args;
  all.insert(all.end(), {"--spec", "gen.yaml"});
  return run_gen_in(s.dir, all, "out");
}

// The built-in template `name` with `from` replaced by `to` (there once).
inline std::string replaced(const std::string& name, const std::string& from,
                            const std::string& to) {
  std::string t = read_text(fs::path(GEN_SOURCE_DIR) / "templates" / name);
  size_t at = t.find(from);
  INFO(name << " no longer contains (once): " << from);
  REQUIRE(at != std::string::npos);
  REQUIRE(t.find(from, at + 1) == std::string::npos);
  return t.replace(at, from.size(), to);
}

// Renders `target` for `spec` with one override; expects a refusal naming
// `rule` and nothing written.
inline void expect_refused(const std::string& spec, const std::string& target,
                           const std::string& name, const std::string& text,
                           const std::string& rule) {
  Scratch s;
  write_text(s.dir / "overrides" / name, text);
  GenRun r = gen_in(s, spec, {target, "--templates", "overrides"});
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("error[" + rule + "]") != std::string::npos);
  CHECK(r.files.empty());
}

}  // namespace gen::test
