// Relative host paths between the places a generated file refers to: the
// output root (--out), the directory of the spec (paths in the spec, such as
// build contexts and config files, are relative to it) and the directory a
// generated file sits in. Everything is lexical ('/'-separated, no file
// system access), so planners stay pure functions of the context.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gen::render {

// `a` joined with `b` (b absolute wins), lexically normalised ("." for empty).
std::string join_path(const std::string& a, const std::string& b);

// The path `target` as seen from directory `from`, both relative to the same
// base (or both absolute). nullopt when `from` climbs above the base further
// than `target` does, so the names of the directories above are unknown.
std::optional<std::string> relative_path(const std::string& target, const std::string& from);

// "./x" for a relative path that does not start with "../" (compose and
// shell readers want an explicit relative path), the path itself otherwise.
std::string dot_relative(const std::string& path);

// A path written in the spec (build context, config file), as seen from the
// output root: joined onto context["paths"]["spec_dir"] (the spec's
// directory seen from the output root; "." when absent).
std::string spec_path_from_out(const nlohmann::ordered_json& context, const std::string& path);

}  // namespace gen::render
