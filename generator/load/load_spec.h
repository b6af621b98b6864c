// The load stage's entry point: a spec file -> the typed model, or nullopt
// with every problem of the stage in `diags` (sorted by position).
//
//   read (size limit, not a directory) -> check bytes (UTF-8, no NUL)
//   -> YAML tree (positions, duplicate keys, depth/alias budgets)
//   -> schema validation -> model -> reference checks
//
// The text is recorded in `sources` so renderers can show the line.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "spec/model.h"

namespace gen::load {

// With `jobs` other than 1 (0: one per CPU), schema validation and the
// model build run side by side; the result is the same.
std::optional<spec::Spec> load_spec(const std::string& path, Diagnostics& diags,
                                    SourceFiles& sources, int jobs = 1);

// Same, from text already in memory (tests, the fuzzer); `name` is the file
// name positions carry.
std::optional<spec::Spec> load_spec_from_string(const std::string& name, std::string text,
                                                Diagnostics& diags, SourceFiles& sources,
                                                int jobs = 1);

// True when loading failed because the path could not be read (exit code 2
// rather than 1).
bool is_io_error(const Diagnostics& diags);

}  // namespace gen::load
