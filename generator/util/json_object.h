// Objects with room reserved. nlohmann::ordered_json keeps an object's
// members in a std::vector of pair<const string, json>; that pair's move may
// throw (its const key is copied), so when the vector grows it copies every
// member, nested values and all, rather than moving it. An object built key
// by key (a module's model, ~20-40 keys of nested objects) was copied that
// way five or six times: 8% of all the work of a run. Builders reserve first.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>

namespace gen {

inline nlohmann::ordered_json object_with_room(size_t members) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  object.get_ref<nlohmann::ordered_json::object_t&>().reserve(members);
  return object;
}

}  // namespace gen
