// YAML text -> our positioned Node tree, through yaml-cpp's event parser (not
// YAML::Load): events give every node's Mark, let us see duplicate keys, which
// YAML::Load accepts silently, and let us bound what hostile input can cost.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "load/node.h"

namespace gen::load {

struct ParseLimits {
  size_t max_depth = 64;                       // nesting of lists/mappings (a spec needs < 10)
  size_t max_nodes = 100000;                   // nodes after expanding aliases (alias bombs)
  size_t max_scalar_bytes = size_t{16} << 20;  // scalar bytes after expanding aliases
};

// Parses the single YAML document in `text` (named `file` in positions).
// An empty document gives a Null node at line 0. Returns nullopt when the
// text cannot be used at all (syntax error, limits, second document); other
// problems (duplicate keys, unsupported tags or keys) are reported and the
// offending node dropped, so later checks still see the rest.
std::optional<Node> parse_yaml(const std::string& file, const std::string& text, Diagnostics& diags,
                               const ParseLimits& limits = {});

}  // namespace gen::load
