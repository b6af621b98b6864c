// Loads a spec from text in memory and renders its diagnostics the way the
// CLI does (human, no colour), so tests can assert whole messages, carets
// included.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/render.h"
#include "load/load_spec.h"

namespace gen::test {

struct Loaded {
  std::optional<spec::Spec> spec;
  Diagnostics diags;
  std::string text;  // rendered diagnostics
};

// `jobs` as for load_spec (validation beside the model build when not 1).
inline Loaded load(const std::string& yaml, const std::string& name = "spec.yaml", int jobs = 1) {
  Loaded out;
  SourceFiles sources;
  out.spec = load::load_spec_from_string(name, yaml, out.diags, sources, jobs);
  out.text = render_diagnostics(out.diags, sources, RenderOptions{});
  return out;
}

// A minimal valid spec with `module_body` (indented by 4) as module "app".
inline std::string with_module(const std::string& module_body) {
  return "version: 1\nproject: demo\nmodules:\n  app:\n" + module_body;
}

}  // namespace gen::test
