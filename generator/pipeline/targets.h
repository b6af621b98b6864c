// The targets gen renders, each a planner (render stage) and a verifier
// (verify stage). `gen all` runs them all, in this order.
#pragma once

#include <string>
#include <vector>

#include "render/plan.h"
#include "verify/verifiers.h"

namespace gen::pipeline {

struct Target {
  const char* name;
  const char* summary;
  render::Plan (*plan)(const nlohmann::ordered_json& context);
  void (*verify)(const render::FileSet& files, const nlohmann::ordered_json& context,
                 Diagnostics& diags);
};

const std::vector<Target>& targets();
const Target* find_target(const std::string& name);

}  // namespace gen::pipeline
