#include "render/targets.h"

namespace gen::render {

// Placeholder until the systemd target lands: produces nothing.
Plan plan_systemd(const nlohmann::ordered_json& /*context*/) { return {}; }

}  // namespace gen::render
