// Test helper for the compose planner: the resolved project of a spec given
// as text (load + resolve, as the pipeline runs them), with the output paths
// the pipeline adds for a spec in specs/ rendered into
// output-examples/<project>/, and its JSON context serialised from it.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "context/context.h"
#include "load/load_spec.h"
#include "resolve/resolve.h"

namespace gen::test {

struct SpecProject {
  model::Project project;
  nlohmann::ordered_json context;  // context::to_json(project)
};

inline SpecProject spec_project(const std::string& yaml, const std::string& profile = "") {
  Diagnostics diags;
  SourceFiles sources;
  auto spec = load::load_spec_from_string("specs/test.yaml", yaml, diags, sources);
  if (!spec || diags.has_errors()) throw std::runtime_error("spec does not load: " + yaml);
  Diagnostics resolved;
  auto project = resolve::resolve(*spec, profile, resolved, 1);
  if (!project || resolved.has_errors()) throw std::runtime_error("spec does not resolve");
  project->paths = model::Paths{"../../specs", "../output-examples/test"};
  SpecProject out{std::move(*project), nullptr};
  out.context = context::to_json(out.project);
  return out;
}

// The position of module `name` in project.modules (and context["modules"]).
inline size_t module_index(const model::Project& project, const std::string& name) {
  for (size_t i = 0; i < project.modules.size(); ++i)
    if (project.modules[i].name == name) return i;
  throw std::runtime_error("no module " + name);
}

}  // namespace gen::test
