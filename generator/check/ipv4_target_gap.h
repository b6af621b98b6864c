// A static IPv4 address (a module's `addresses`) is something Kubernetes
// cannot express: it assigns pod addresses itself, and the module is
// reached through its Service. A positioned warning with rule id
// `target-gap` at each module's first address, so the spec's author learns
// it before deploying there; CONTRACT.md says it too.
//
// Its own function until the shared "target cannot express this" warning
// mechanism (rule target-gap) exists: then this becomes one of its findings.
#pragma once

#include "diagnostics/diagnostic.h"
#include "spec/model.h"

namespace gen::check {

void check_ipv4_target_gap(const spec::Spec& spec, Diagnostics& out);

}  // namespace gen::check
