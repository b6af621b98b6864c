// The targets gen renders, each a planner (render stage) and a verifier
// (verify stage). `gen all` runs them all, in this order.
#pragma once

#include <string>
#include <vector>

#include "render/plan.h"
#include "render/shared_models.h"
#include "verify/verifiers.h"

namespace gen::pipeline {

// Planners and verifiers read the context through the run's SharedModels
// (models several targets derive from it are built once).
struct Target {
  const char* name;
  const char* summary;
  render::Plan (*plan)(const render::SharedModels& models);
  void (*verify)(const FileSet& files, const render::SharedModels& models,
                 Diagnostics& diags);
  // Relative cost of plan + render + verify, for scheduling only (generate
  // starts the largest first). Every target's cost grows linearly with the
  // modules, so one number per target keeps the order for any project: the
  // milliseconds of `gen check --jobs 1 --timings` at 1,000 modules, as
  // measured and recorded in bench/README.md ("Target costs").
  int cost;
};

const std::vector<Target>& targets();
const Target* find_target(const std::string& name);

}  // namespace gen::pipeline
