#include "util/json_lazy.h"

#include "util/json_address.h"
#include "util/json_ref.h"
#include "util/json_view.h"

namespace gen {

using Json = nlohmann::ordered_json;

void LazyJsonCache::keep(std::shared_ptr<const void> built) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pinned_.size() < pinned_limit_) {
    pinned_.push_back(std::move(built));
    return;
  }
  if (recent_.empty()) return;
  recent_[next_] = std::move(built);
  next_ = (next_ + 1) % recent_.size();
}

std::shared_ptr<const Json> LazyJson::get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto alive = built_.lock()) return alive;
  auto built = std::make_shared<const Json>(build_());
  built_ = built;
  cache_->keep(built);
  return built;
}

Json json_lazy(const LazyJson& target) { return json_address_node(&target, kJsonLazySubtype); }

const LazyJson* json_lazy_target(const Json& j) {
  return static_cast<const LazyJson*>(json_address_of(j, kJsonLazySubtype));
}

Json json_materialized(const Json& j) {
  if (const LazyJson* lazy = json_lazy_target(j)) return json_materialized(*lazy->get());
  if (const Json* target = json_ref_target(j)) return json_materialized(*target);
  if (const JsonFields* view = json_view_target(j)) return json_materialized(view->object());
  if (j.is_object()) {
    Json out = Json::object();
    for (auto it = j.begin(); it != j.end(); ++it) out[it.key()] = json_materialized(it.value());
    return out;
  }
  if (j.is_array()) {
    Json out = Json::array();
    for (const auto& item : j) out.push_back(json_materialized(item));
    return out;
  }
  return j;
}

}  // namespace gen
