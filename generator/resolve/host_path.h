// Host-side paths as the context gives them. Two bases:
//  - output: what lives in the deployment tree gen writes (module-owned
//    directories, another module's directory, env files), relative to its
//    root, plus the spelling each compose layout needs. In the `single`
//    layout the compose file sits at the root; in the `per-module` layout each
//    module's compose file sits in its own directory `<module>/` (seed 000:
//    every module owns its compose file), so paths are relative to that;
//  - spec: inputs the spec names (build contexts, config files, bind mounts),
//    relative to the spec file's directory (docs/spec.md). Only the pipeline
//    knows where that is seen from the output, so there are no spellings.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

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

// {"base": "output", "path": normalized, "single": ..., "per_module": ...}
// for `path` (any spelling) and the module whose directory the per-module
// form starts from.
nlohmann::ordered_json output_path_json(const std::string& path, const std::string& module);

// {"base": "spec", "path": normalized, "single": null, "per_module": null}.
nlohmann::ordered_json spec_path_json(const std::string& path);

}  // namespace gen::resolve
