// The order modules start (and are built) in: a topological order of the
// graph whose edges are `depends_on` and `build.base` (a base image must be
// built before the images built FROM it), ties broken by spec order so the
// result never depends on container iteration order.
#pragma once

#include <cstddef>
#include <vector>

#include "spec/model.h"

namespace gen::resolve {

// Indices into spec.modules. Edges to unknown modules and self-edges are
// ignored; modules caught in a cycle (the check stage reports cycles) follow
// the ordered ones in spec order, so unchecked input still gets an order.
std::vector<size_t> dependency_order(const spec::Spec& spec);

// The modules module `index` must come after: depends_on targets, then its
// build base, in spec order, without duplicates or unknown names.
std::vector<size_t> prerequisites(const spec::Spec& spec, size_t index);

}  // namespace gen::resolve
