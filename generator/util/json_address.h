// A binary JSON node carrying the address of one of gen's own objects, with
// a subtype saying which kind (util/json_ref.h: another node of the render
// context; util/json_lazy.h: a node built when first read; util/json_view.h:
// an object whose members are built when read). nlohmann's JSON has no such
// type, and JSON text cannot hold binary, so no spec or context file can
// make one: only gen's models do. The template engine reads through them
// (tmpl::Value::json).
#pragma once

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <vector>

namespace gen {

inline nlohmann::ordered_json json_address_node(const void* address, std::uint64_t subtype) {
  std::vector<std::uint8_t> bytes(sizeof address);
  std::memcpy(bytes.data(), &address, sizeof address);
  return nlohmann::ordered_json::binary(std::move(bytes), subtype);
}

// The address `j` carries when it is such a node of `subtype`, else nullptr.
inline const void* json_address_of(const nlohmann::ordered_json& j, std::uint64_t subtype) {
  if (!j.is_binary()) return nullptr;
  const auto& bin = j.get_binary();
  if (!bin.has_subtype() || bin.subtype() != subtype || bin.size() != sizeof(void*)) return nullptr;
  const void* address = nullptr;
  std::memcpy(&address, bin.data(), sizeof address);
  return address;
}

}  // namespace gen
