// The order modules start (and are built) in: a topological order of the
// graph whose edges are `depends_on` and `build.base` (a base image must be
// built before the images built FROM it), ties broken by spec order so the
// result never depends on container iteration order.
#pragma once

#include <cstddef>
#include <vector>

namespace gen::resolve {

// `prerequisites[i]` lists the modules (indices in spec order) module i must
// come after. Returns every index once. Modules caught in a cycle (the check
// stage reports cycles) follow the ordered ones in spec order, so unchecked
// input still gets an order.
std::vector<size_t> dependency_order(const std::vector<std::vector<size_t>>& prerequisites);

}  // namespace gen::resolve
