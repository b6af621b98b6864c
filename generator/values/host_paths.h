// Lexical path handling for mount targets and host paths (no filesystem
// access), and the host paths that hand a container the host: the root and
// container engines' sockets. Shared by the check rules (on the spec) and
// the verifiers (on rendered artifacts), so both refuse the same paths.
#pragma once

#include <string>
#include <vector>

namespace gen::values {

// "/a//b/./c/../d/" -> "/a/b/d"; "/" stays "/". Only for absolute paths.
std::string normalise_path(const std::string& absolute);

// The segments of an absolute path: "/a/b" -> {"a", "b"}; "/" -> {}.
std::vector<std::string> path_segments(const std::string& absolute);

// The engine socket a host path exposes (the socket itself or a directory
// above it, the root included), or nullptr. Relative paths expose none.
const char* exposed_engine_socket(const std::string& host_path);

// True for a host path that names the host's root directory ("/", "/.", "//").
bool is_host_root(const std::string& host_path);

}  // namespace gen::values
