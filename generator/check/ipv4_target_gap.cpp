#include "check/ipv4_target_gap.h"

#include "check/effective.h"

namespace gen::check {

void check_ipv4_target_gap(const spec::Spec& spec, Diagnostics& out) {
  for (const auto& m : spec.modules) {
    // Base modules and modules with network_mode have no address anywhere
    // (rule addresses refuses theirs).
    if (m.addresses.empty() || module_kind(m) == "base" || m.network_mode) continue;
    const std::string name = m.name.value;
    Diagnostic& d = out.warning(
        "target-gap", m.addresses.front().network.loc,
        m.ports.empty()
            ? "Kubernetes assigns pod addresses: " + name +
                  " has no port, so no Service, and no other module reaches it there"
            : "Kubernetes assigns pod addresses: " + name + " is reached through its Service " +
                  name);
    d.help = "reach it by its name (" + name + ") rather than its address; compose and Podman " +
             "keep the address";
  }
}

}  // namespace gen::check
