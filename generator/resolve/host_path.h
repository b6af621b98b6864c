// Host-side paths of the resolved model (model::HostPath). Two bases:
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

#include <string>

#include "model/project.h"

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
// `path` (any spelling) under the output root, with the per-module spelling
// from `module`'s directory.
model::HostPath output_path(const std::string& path, const std::string& module);
// `path` relative to the spec's directory.
model::HostPath spec_path(const std::string& path);

}  // namespace gen::resolve
