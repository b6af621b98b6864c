// A JSON node that stands for another node of the render context. A target
// model that shows one subtree in many places (each compose service's
// `module`, each Kubernetes module view's settings and entry) refers to it
// instead of copying it: copying every module's model into every service was
// half the work of the compose target. nlohmann's JSON has no reference
// type, so a binary node with gen's own subtype carries the target's
// address (JSON text cannot hold binary, so no spec or context can make
// one). The template engine reads through it (tmpl::Value::json), so
// templates see exactly the target. The target must outlive every reader:
// refer only to the shared models, which live for the whole run.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "util/json_address.h"

namespace gen {

inline constexpr std::uint64_t kJsonRefSubtype = 0x67656e72;  // "genr"

inline nlohmann::ordered_json json_ref(const nlohmann::ordered_json& target) {
  return json_address_node(&target, kJsonRefSubtype);
}

// The node `j` refers to, or nullptr when `j` is not a reference.
inline const nlohmann::ordered_json* json_ref_target(const nlohmann::ordered_json& j) {
  return static_cast<const nlohmann::ordered_json*>(json_address_of(j, kJsonRefSubtype));
}

// `j` itself, or the node it refers to.
inline const nlohmann::ordered_json& json_deref(const nlohmann::ordered_json& j) {
  const nlohmann::ordered_json* target = json_ref_target(j);
  return target ? *target : j;
}

}  // namespace gen
