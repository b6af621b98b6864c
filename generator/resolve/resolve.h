// The resolve stage: a checked spec and an optional profile -> the resolved
// project (model/project.h) that render, verify and the JSON context all
// read. Pure: no I/O, no globals; the same input gives the same model.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "spec/model.h"

namespace gen::resolve {

// Applies defaults (the spec's `defaults`, then built-in ones), overlays the
// profile named `profile` ("" = none) and computes derived values. An
// unknown profile is reported as an `unknown-profile` error and gives
// nullopt. Input that did not pass the check stage never crashes resolve;
// its model is then simply incomplete (e.g. a module without a user).
// Modules are resolved on `jobs` threads (0: one per CPU); the result is
// the same.
std::optional<model::Project> resolve(const spec::Spec& spec, const std::string& profile,
                                      Diagnostics& diags, int jobs = 1);

}  // namespace gen::resolve
