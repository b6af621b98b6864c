#include "render/targets.h"

namespace gen::render {

// Placeholder until the compose target lands: produces nothing.
Plan plan_compose(const nlohmann::ordered_json& /*context*/) { return {}; }

}  // namespace gen::render
