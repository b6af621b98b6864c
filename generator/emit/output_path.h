// The paths a FileSet may write: relative, '/'-separated, normalised. Checked
// before anything is touched, so no template or spec value can make gen
// write outside --out ("../x", "/etc/x", "a//b", "a/./b" are all refused).
#pragma once

#include <string>

namespace gen::emit {

// Empty when `path` is acceptable, else why not ("is absolute", ...).
std::string output_path_problem(const std::string& path);

}  // namespace gen::emit
