#include "render/shared_models.h"

#include "render/systemd_model.h"

namespace gen::render {

std::shared_ptr<const nlohmann::ordered_json> SharedModels::systemd() const {
  std::lock_guard<std::mutex> lock(systemd_mutex_);
  if (auto alive = systemd_.lock()) return alive;
  auto built = lazy_systemd_model(project_);
  systemd_ = built;
  return built;
}

}  // namespace gen::render
