// The check stage: contract rules over the loaded spec model.
#pragma once

#include "diagnostics/diagnostic.h"
#include "spec/model.h"

namespace gen::check {

// Runs every rule of rules() (check/registry.h) over `spec`, drops findings a
// module waived with a reason, validates the waivers themselves, and appends
// the findings to `out` sorted by position.
void check_spec(const spec::Spec& spec, Diagnostics& out);

}  // namespace gen::check
