#include "util/json_lazy.h"

#include <cstring>

#include "util/json_ref.h"

namespace gen {

using Json = nlohmann::ordered_json;

void LazyJsonCache::keep(const std::shared_ptr<const Json>& built) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pinned_.size() < pinned_limit_) {
    pinned_.push_back(built);
    return;
  }
  if (recent_.empty()) return;
  recent_[next_] = built;
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

Json json_lazy(const LazyJson& target) {
  const LazyJson* address = &target;
  std::vector<std::uint8_t> bytes(sizeof address);
  std::memcpy(bytes.data(), &address, sizeof address);
  return Json::binary(std::move(bytes), kJsonLazySubtype);
}

const LazyJson* json_lazy_target(const Json& j) {
  if (!j.is_binary()) return nullptr;
  const auto& bin = j.get_binary();
  if (!bin.has_subtype() || bin.subtype() != kJsonLazySubtype || bin.size() != sizeof(void*))
    return nullptr;
  const LazyJson* address = nullptr;
  std::memcpy(&address, bin.data(), sizeof address);
  return address;
}

Json json_materialized(const Json& j) {
  if (const LazyJson* lazy = json_lazy_target(j)) return json_materialized(*lazy->get());
  if (const Json* target = json_ref_target(j)) return json_materialized(*target);
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
