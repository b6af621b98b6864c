// The key-by-key reference of docs/spec.md, generated from the descriptors
// (`gen schema --format markdown`); a test keeps docs/spec.md equal to it.
#pragma once

#include <string>

#include "spec/schema.h"

namespace gen::spec {

std::string schema_markdown(const schema::Schema& schema);

}  // namespace gen::spec
