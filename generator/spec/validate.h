// Walks the positioned YAML tree against the schema descriptors and reports
// every shape problem (unknown keys with "did you mean", wrong types, values
// out of range, bad names and enum values, missing keys) in one pass.
#pragma once

#include "diagnostics/diagnostic.h"
#include "yaml/node.h"
#include "spec/schema.h"

namespace gen::spec {

// `root` is the whole document; it is checked against `type` (normally
// Schema::get().root()). Diagnostics are appended unsorted.
void validate_tree(const yaml::Node& root, const schema::Type& type, Diagnostics& diags);

}  // namespace gen::spec
