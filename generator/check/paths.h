// Lexical path handling for mount targets and host paths (no filesystem access).
#pragma once

#include <string>
#include <vector>

namespace gen::check {

// "/a//b/./c/../d/" -> "/a/b/d"; "/" stays "/". Only for absolute paths.
std::string normalise_path(const std::string& absolute);

// The segments of an absolute path: "/a/b" -> {"a", "b"}; "/" -> {}.
std::vector<std::string> path_segments(const std::string& absolute);

}  // namespace gen::check
