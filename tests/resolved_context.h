// For tests: resolve a spec and serialise the result as templates see it
// (null when resolve reports an error, as `gen context` prints nothing).
#pragma once

#include <nlohmann/json.hpp>

#include "context/context.h"
#include "resolve/resolve.h"

inline nlohmann::ordered_json resolved_context(const gen::spec::Spec& spec,
                                               const std::string& profile,
                                               gen::Diagnostics& diags, int jobs = 1) {
  auto project = gen::resolve::resolve(spec, profile, diags, jobs);
  if (!project) return nullptr;
  return gen::context::to_json(*project);
}
