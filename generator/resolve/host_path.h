// Host-side paths (build contexts, env files, module-owned directories, config
// files) as the context gives them: relative to the root of the output tree,
// plus the spelling each compose layout needs. In the `single` layout the
// compose file sits at the root; in the `per-module` layout each module's
// compose file sits in its own directory `<module>/` (seed 000: every module
// owns its compose file), so paths are relative to that directory.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace gen::resolve {

// Lexically normalised: no "." segments, "a/../b" -> "b", no trailing '/',
// "" -> ".". Absolute paths stay absolute; leading ".." segments are kept.
std::string normalize_path(const std::string& path);

// Relative to the output root, as a compose file at the root spells it:
// "mod/data" -> "./mod/data", "." -> ".", absolute and "../x" unchanged.
std::string path_from_root(const std::string& normalized);

// As a compose file in `<module>/` spells it: "mod/data" -> "./data",
// "mod" -> ".", "other/x" -> "../other/x", "." -> "..".
std::string path_from_module(const std::string& normalized, const std::string& module);

// {"path": normalized, "single": ..., "per_module": ...} for `path` (any
// spelling) and the module whose directory the per-module form starts from.
nlohmann::ordered_json host_path_json(const std::string& path, const std::string& module);

}  // namespace gen::resolve
