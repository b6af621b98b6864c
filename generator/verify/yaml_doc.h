// Parsing a rendered YAML artifact back, with every node's position, for
// verifiers. It reuses the spec loader's parser (load/yaml_tree.h), which,
// unlike a YAML loader, reports duplicate keys: a template override cannot
// add a second `read_only: false` after gen's `read_only: true` and have one
// reader see the first and another the second. Empty documents ("---" at
// the start or the end) are dropped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "yaml/mapping_stream.h"
#include "yaml/node.h"
#include "util/file_set.h"

namespace gen::verify {

// The documents of artifact `path`, with lines and columns in the artifact
// (loc.file is left empty: report with `path`, see artifact.h); nullopt after
// reporting a syntax error (with the template note). Duplicate keys are
// reported as errors and the document is still returned. With `stream`, the
// entries of its top-level mapping are handed to it instead of kept
// (yaml/mapping_stream.h).
std::optional<std::vector<yaml::Node>> parse_yaml_artifact(const std::string& path,
                                                           const OutputFile& file,
                                                           Diagnostics& diags,
                                                           yaml::MappingStream* stream = nullptr);

// Scalar text of `node`, or "" when it is not a scalar.
std::string scalar(const yaml::Node* node);

// True when `node` is a plain or quoted scalar that YAML reads as boolean true.
bool is_true(const yaml::Node* node);

}  // namespace gen::verify
