// Test helper for the Kubernetes planner and verifier: the resolved model of
// a spec file (load + resolve, as `gen context` runs them without a profile),
// and the JSON context serialised from it, which the planner borrows from.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "context/context.h"
#include "load/load_spec.h"
#include "model/project.h"
#include "resolve/resolve.h"

namespace gen::test {

inline model::Project project_of(const std::string& spec_file) {
  Diagnostics diags;
  SourceFiles sources;
  auto spec = load::load_spec(spec_file, diags, sources);
  INFO(spec_file);
  REQUIRE(spec);
  REQUIRE_FALSE(diags.has_errors());
  auto project = resolve::resolve(*spec, "", diags, 1);
  REQUIRE(project);
  REQUIRE_FALSE(diags.has_errors());
  return std::move(*project);
}

// The module named `name` of `project`, to change a field before planning.
inline model::Module& module_of(model::Project& project, const std::string& name) {
  for (auto& m : project.modules)
    if (m.name == name) return m;
  FAIL("no module " << name);
  static model::Module none;
  return none;
}

}  // namespace gen::test
