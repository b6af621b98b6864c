// Test helper for the dockerfile and compose planners: the resolved context
// of a spec given as text (load + resolve, as the pipeline runs them), with
// the output paths the pipeline adds for a spec in specs/ rendered into
// output-examples/<project>/.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "load/load_spec.h"
#include "../resolved_context.h"

namespace gen::test {

inline nlohmann::ordered_json spec_context(const std::string& yaml,
                                           const std::string& profile = "") {
  Diagnostics diags;
  SourceFiles sources;
  auto spec = load::load_spec_from_string("specs/test.yaml", yaml, diags, sources);
  if (!spec || diags.has_errors()) throw std::runtime_error("spec does not load: " + yaml);
  Diagnostics resolved;
  auto ctx = resolved_context(*spec, profile, resolved);
  if (resolved.has_errors()) throw std::runtime_error("spec does not resolve");
  ctx["paths"] = {{"spec_dir", "../../specs"}, {"out_dir", "../output-examples/test"}};
  return ctx;
}

inline const nlohmann::ordered_json& module_named(const nlohmann::ordered_json& ctx,
                                                  const std::string& name) {
  for (const auto& m : ctx["modules"])
    if (m["name"] == name) return m;
  throw std::runtime_error("no module " + name);
}

}  // namespace gen::test
