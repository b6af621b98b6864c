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
};

const std::vector<Target>& targets();
const Target* find_target(const std::string& name);

}  // namespace gen::pipeline
