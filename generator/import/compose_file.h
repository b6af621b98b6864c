// One compose file read from disk into the positioned YAML tree, with YAML
// merge keys (`<<: *anchor`, `<<: [*a, *b]`) applied as compose-go (yaml.v3)
// applies them: keys written in the mapping win, then the merged mappings in
// order, the first one first. Aliases are expanded by the yaml layer within
// its budget, so an alias bomb ends as an input-limit error, never a hang.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "yaml/node.h"

namespace gen::import {

// Rule ids of import's own findings.
namespace ids {
inline constexpr const char* kDropped = "import-dropped";    // a compose key gen cannot express
inline constexpr const char* kContract = "import-contract";  // changed to meet the contract
inline constexpr const char* kInvalid = "import-invalid";    // not valid compose
inline constexpr const char* kVariable = "import-variable";  // interpolation problem
inline constexpr const char* kCycle = "import-cycle";        // extends/include loop
}  // namespace ids

// Parses `text` (named `name` in positions) and applies merge keys. nullopt
// after an error (encoding, syntax, limits, a merge key that is not a
// mapping). An empty file is an empty mapping.
std::optional<yaml::Node> parse_compose_text(const std::string& name, std::string text,
                                             Diagnostics& diags, SourceFiles& sources);

// Reads `path` (regular file, size-limited) and parses it; `shown` is the
// name positions carry (the path as the user gave it).
std::optional<yaml::Node> read_compose_file(const std::string& path, const std::string& shown,
                                            Diagnostics& diags, SourceFiles& sources);

// Applies every `<<` merge key in `node`, innermost first. False after an
// error (a merge value that is not a mapping or a list of mappings).
bool apply_merge_keys(yaml::Node& node, Diagnostics& diags);

}  // namespace gen::import
