#include "render/json_index.h"

#include <algorithm>

namespace gen::render {

void append_unique(Json& object, std::string key, Json value) {
  if (object.is_null()) object = Json::object();
  auto& members = object.get_ref<Json::object_t&>();
  if (members.size() == members.capacity()) {
    // The vector's own growth would copy every member whole: a member's
    // move (pair<const string, Json>) may throw, as its key is copied, so
    // it keeps the strong guarantee by copying values, whole modules' models
    // each time. Moved by hand, each costs a key copy.
    Json::object_t grown;
    grown.reserve(std::max<size_t>(8, members.size() * 2));
    for (auto& member : members) grown.emplace_back(std::move(member));
    members.swap(grown);
  }
  members.emplace_back(std::move(key), std::move(value));
}

KeyIndex::KeyIndex(const Json& object) {
  if (!object.is_object()) return;
  members_.reserve(object.size());
  for (auto it = object.begin(); it != object.end(); ++it)
    members_.emplace(std::string_view(it.key()), &it.value());
}

const Json* KeyIndex::find(std::string_view key) const {
  auto it = members_.find(key);
  return it == members_.end() ? nullptr : it->second;
}

}  // namespace gen::render
