#include "model/target_gaps.h"

namespace gen::model {

const std::vector<TargetGap>& target_gaps() {
  static const std::vector<TargetGap> kGaps = {
      {"ulimits", "Kubernetes",
       "the container runs with the node's container runtime limits (Kubernetes has no "
       "per-container ulimits)",
       [](const Module& m) { return !m.ulimits.empty(); }},
      {"addresses", "Kubernetes",
       "pods get the addresses the cluster assigns: the module is reached through its Service by "
       "name, never by a fixed address (compose and Podman keep it)",
       [](const Module& m) { return !m.addresses.empty(); }},
  };
  return kGaps;
}

std::vector<const TargetGap*> gaps_of(const Module& module) {
  std::vector<const TargetGap*> out;
  for (const auto& g : target_gaps())
    if (g.used_by(module)) out.push_back(&g);
  return out;
}

}  // namespace gen::model
