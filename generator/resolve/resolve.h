// The resolve stage: a checked spec and an optional profile -> the JSON
// context every template sees (docs/context.md documents each field). Pure:
// no I/O, no globals; the same input gives byte-identical output.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "diagnostics/diagnostic.h"
#include "spec/model.h"

namespace gen::resolve {

// Version of the context's shape; bumped only when a field is renamed or
// removed (additions keep the version).
constexpr int kContextVersion = 1;

// Applies defaults (the spec's `defaults`, then built-in ones), overlays the
// profile named `profile` ("" = none) and computes derived values. An
// unknown profile is reported as an `unknown-profile` error and gives a null
// context. Input that did not pass the check stage never crashes resolve; its
// context is then simply incomplete (e.g. "user": null). Modules are
// resolved on `jobs` threads (0: one per CPU); the result is the same.
nlohmann::ordered_json resolve(const spec::Spec& spec, const std::string& profile,
                               Diagnostics& diags, int jobs = 1);

}  // namespace gen::resolve
