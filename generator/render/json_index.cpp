#include "render/json_index.h"

namespace gen::render {

void append_unique(Json& object, std::string key, Json value) {
  if (object.is_null()) object = Json::object();
  object.get_ref<Json::object_t&>().emplace_back(std::move(key), std::move(value));
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
