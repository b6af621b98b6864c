#include "render/shared_models.h"

#include "render/systemd_model.h"

namespace gen::render {

std::shared_ptr<const nlohmann::ordered_json> SharedModels::systemd() const {
  std::call_once(systemd_once_, [this] {
    systemd_ = std::make_shared<const nlohmann::ordered_json>(systemd_model(project_));
  });
  return systemd_;
}

}  // namespace gen::render
