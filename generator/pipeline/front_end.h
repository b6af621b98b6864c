// The front half of every command: load -> check -> resolve. Stops after the
// first stage that reports an error (its diagnostics are in `diags`); the
// check stage's warnings are kept and the pipeline goes on.
#pragma once

#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "model/project.h"
#include "spec/model.h"

namespace gen::pipeline {

struct FrontEnd {
  spec::Spec spec;         // as loaded (positions for later diagnostics)
  model::Project project;  // resolved: what render, verify and the context read
};

// load + check: the spec, or nullopt when either stage reported an error;
// on up to `jobs` threads (0: one per CPU).
std::optional<spec::Spec> load_and_check(const std::string& path, Diagnostics& diags,
                                         SourceFiles& sources, int jobs = 1,
                                         const std::optional<std::string>& text = std::nullopt);

// load + check + resolve with `profile` ("" = none), on up to `jobs`
// threads (0: one per CPU).
// `text`: the spec's text, when it is not read from `path`.
std::optional<FrontEnd> run_front_end(const std::string& path, const std::string& profile,
                                      Diagnostics& diags, SourceFiles& sources, int jobs = 1,
                                      const std::optional<std::string>& text = std::nullopt);

// True when the failure was an unreadable path (exit 2), not a finding (exit 1).
bool failed_on_io(const Diagnostics& diags);

}  // namespace gen::pipeline
