#include "render/targets.h"

namespace gen::render {

// Placeholder until the docs target lands: produces nothing.
Plan plan_docs(const nlohmann::ordered_json& /*context*/) { return {}; }

}  // namespace gen::render
