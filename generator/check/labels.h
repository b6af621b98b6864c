// Label keys gen and the engines set themselves (rule reserved-labels; gen
// import drops such a compose label rather than writing a refused spec).
#pragma once

#include <string>

namespace gen::check {

// The reserved prefix `key` falls under ("app.kubernetes.io/", ...), or null.
const char* reserved_label_prefix(const std::string& key);

}  // namespace gen::check
