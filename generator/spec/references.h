// Checks that need the whole spec: every name that refers to something
// (depends_on, mount from/volume, build.base, networks, profile overlays)
// names something that exists, with "did you mean" when it does not.
#pragma once

#include "diagnostics/diagnostic.h"
#include "spec/model.h"

namespace gen::spec {

void check_references(const Spec& spec, Diagnostics& diags);

}  // namespace gen::spec
