// A reader for the block-style YAML that gen renders: mappings and sequences
// by indentation, plain and quoted one-line scalars, literal and folded block
// scalars (| >), one-line flow collections of scalars ([a, b], {k: v}),
// comments and "---" between documents. It feeds the tree builder that
// libyaml's events feed (tree_builder.h) the events libyaml would give,
// several times faster: verifying every artifact means parsing megabytes.
//
// It is a fast path, not a second parser: at the first thing outside that
// subset (an anchor, a tag, a multi-line flow or quoted scalar, a tab, a
// '\r', an empty document, ...) or anything worth a finding (a duplicate
// key, a limit) it gives up, and the caller parses the text with libyaml,
// which reports what there is to report. tests/spec/block_reader_test.cpp
// holds it to libyaml's trees on every artifact gen renders and on many
// thousands of mutations of them.
#pragma once

#include <string>
#include <vector>

#include "yaml/node.h"
#include "yaml/yaml_tree.h"

namespace gen::yaml {

// Appends the documents of `text` to `docs` as parse_yaml_documents would
// find them (an empty stream gives none) and returns true; or returns false,
// with `docs` in any state, when libyaml must read the text. `single`: a
// second document gives up (libyaml reports it).
bool read_block_yaml(const std::string& file, const std::string& text, const ParseOptions& limits,
                     bool single, std::vector<Node>& docs);

}  // namespace gen::yaml
