// The planner of each target (one file each: render/plan_<target>.cpp). A
// planner lists the files a target produces for a context.
#pragma once

#include <memory>

#include "model/project.h"
#include "render/plan.h"

namespace gen::render {

Plan plan_dockerfile(const model::Project& project, const nlohmann::ordered_json& context);
Plan plan_compose(const nlohmann::ordered_json& context);
Plan plan_k8s(const nlohmann::ordered_json& context);
Plan plan_systemd(const nlohmann::ordered_json& context);
Plan plan_docs(const nlohmann::ordered_json& context);
// The same with the systemd model already built (render/shared_models.h).
Plan plan_systemd(const nlohmann::ordered_json& context,
                  const std::shared_ptr<const nlohmann::ordered_json>& systemd);
Plan plan_docs(const nlohmann::ordered_json& context,
               const std::shared_ptr<const nlohmann::ordered_json>& systemd);

}  // namespace gen::render
