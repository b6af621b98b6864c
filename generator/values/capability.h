// Linux capabilities as a spec names them (`cap_add: [NET_ADMIN]`): the one
// list gen knows, and the Pod Security Standard each one needs in
// Kubernetes (docs/k8s.md, "Pod Security levels").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gen::values {

// Every capability name of Linux (without the CAP_ prefix), in the kernel's
// order; the spec's enumeration and gen import read this list.
const std::vector<std::string>& capability_names();

// The name as the spec writes it: upper case, CAP_ prefix dropped
// ("cap_net_admin" -> "NET_ADMIN"), or "" when it is no capability.
std::string capability_name(std::string_view text);

// The lowest Pod Security Standard that lets a container add `names`:
// restricted allows NET_BIND_SERVICE only, baseline a fixed list of
// thirteen, anything else needs privileged. 0 restricted, 1 baseline,
// 2 privileged (the order of the levels).
int capabilities_level(const std::vector<std::string>& names);

}  // namespace gen::values
