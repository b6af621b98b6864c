// YAML text -> our positioned Node tree, through libyaml's event parser:
// events give every node's position, let us see duplicate keys (which a
// loader accepts silently), and let us bound what hostile input can cost.
// libyaml rather than yaml-cpp: it parses about ten times faster, and gen
// parses back every YAML file it renders (see README, Dependencies).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "yaml/mapping_stream.h"
#include "yaml/node.h"

namespace gen::yaml {

// Limits: literal nodes cost at least a byte of input each, so the input
// size bounds them; what needs a budget is what aliases add (an alias bomb
// turns a few hundred bytes into billions of nodes) and nesting.
struct ParseOptions {
  size_t max_depth = 64;                      // nesting of lists/mappings (a spec needs < 10)
  size_t max_alias_nodes = 100000;            // nodes added by expanding aliases
  size_t max_alias_bytes = size_t{16} << 20;  // scalar bytes added by expanding aliases
  // Whether every node's loc.file names the file. Diagnostics of the parser
  // always do; verifiers of rendered artifacts report with the artifact's
  // path themselves and turn this off, which saves a string per node.
  bool node_files = true;
  // Whether the block reader (block_reader.h) tries the text first. Off only
  // in tests that compare its trees with libyaml's.
  bool block_reader = true;
  // When set, the entries of this top-level mapping are handed to it as each
  // is complete and dropped from the tree (mapping_stream.h).
  MappingStream* stream = nullptr;
};

// Parses the single YAML document in `text` (named `file` in positions).
// An empty document gives a Null node at line 0. Returns nullopt when the
// text cannot be used at all (syntax error, limits, second document); other
// problems (duplicate keys, unsupported tags or keys) are reported and the
// offending node dropped, so later checks still see the rest.
std::optional<Node> parse_yaml(const std::string& file, const std::string& text, Diagnostics& diags,
                               const ParseOptions& limits = {});

// Every document of a multi-document stream ("---" between them), for
// rendered artifacts such as Kubernetes manifests. Empty (null) documents
// separate nothing and are dropped, unless the stream has no other: then the
// result is one Null node. nullopt after a syntax error or a limit.
std::optional<std::vector<Node>> parse_yaml_documents(const std::string& file,
                                                      const std::string& text, Diagnostics& diags,
                                                      const ParseOptions& limits = {});

}  // namespace gen::yaml
