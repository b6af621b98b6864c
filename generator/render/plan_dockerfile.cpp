#include "render/targets.h"

namespace gen::render {

// Placeholder until the dockerfile target lands: produces nothing.
Plan plan_dockerfile(const nlohmann::ordered_json& /*context*/) { return {}; }

}  // namespace gen::render
