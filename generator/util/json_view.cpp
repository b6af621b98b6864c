#include "util/json_view.h"

#include "util/json_address.h"

namespace gen {

nlohmann::ordered_json JsonFields::object() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  auto& members = out.get_ref<nlohmann::ordered_json::object_t&>();
  members.reserve(size());
  for (size_t i = 0; i < size(); ++i) members.emplace(key(i), nlohmann::ordered_json(*value(i)));
  return out;
}

nlohmann::ordered_json json_view(const JsonFields& fields) {
  return json_address_node(&fields, kJsonViewSubtype);
}

const JsonFields* json_view_target(const nlohmann::ordered_json& j) {
  return static_cast<const JsonFields*>(json_address_of(j, kJsonViewSubtype));
}

}  // namespace gen
