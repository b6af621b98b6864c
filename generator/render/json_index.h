// nlohmann's ordered_json keeps an object's members in a vector: finding a
// key, and so adding one (it looks for the key first), is linear. Keyed by
// module, that makes a 10,000-module project quadratic. These two helpers are
// how render code builds and reads such objects instead.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gen::render {

using Json = nlohmann::ordered_json;

// Appends `key: value` to `object` (made an object if null). The caller
// guarantees the key is new (module names are unique): nothing is searched.
void append_unique(Json& object, std::string key, Json value);

// The members of a JSON object by key, indexed once. The object must
// outlive the index and not change meanwhile.
class KeyIndex {
 public:
  explicit KeyIndex(const Json& object);
  // The value for `key`, or nullptr.
  const Json* find(std::string_view key) const;

 private:
  std::unordered_map<std::string_view, const Json*> members_;
};

}  // namespace gen::render
