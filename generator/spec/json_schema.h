// `gen schema`: the JSON Schema (draft 2020-12) of the spec, generated from
// the same descriptors the validator walks (schema.h), never written by hand.
#pragma once

#include <nlohmann/json.hpp>

#include "spec/schema.h"

namespace gen::spec {

// Named types become $defs; key order is the descriptors' order.
nlohmann::ordered_json json_schema(const schema::Schema& schema);

}  // namespace gen::spec
