// The planner of each target (one file each: render/plan_<target>.cpp). A
// planner lists the files a target produces for a context.
#pragma once

#include "render/plan.h"

namespace gen::render {

Plan plan_dockerfile(const nlohmann::ordered_json& context);
Plan plan_compose(const nlohmann::ordered_json& context);
Plan plan_k8s(const nlohmann::ordered_json& context);
Plan plan_systemd(const nlohmann::ordered_json& context);
Plan plan_docs(const nlohmann::ordered_json& context);

}  // namespace gen::render
