#include "render/targets.h"

namespace gen::render {

// Placeholder until the k8s target lands: produces nothing.
Plan plan_k8s(const nlohmann::ordered_json& /*context*/) { return {}; }

}  // namespace gen::render
