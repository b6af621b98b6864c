// Diagnostics about a rendered artifact: positioned in the artifact itself
// (its output path, line, column), with a note naming the template that
// produced it, so an organisation that overrides a template sees which of
// its templates broke the contract. Shared by every verifier.
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "util/file_set.h"

namespace gen::verify {

// An error at `line`:`column` of the artifact `path` (0: whole file).
Diagnostic& artifact_error(Diagnostics& diags, const std::string& rule_id, const std::string& path,
                           const OutputFile& file, int line, int column,
                           std::string message);

// The same as a warning.
Diagnostic& artifact_warning(Diagnostics& diags, const std::string& rule_id,
                             const std::string& path, const OutputFile& file, int line,
                             int column, std::string message);

// The note every artifact diagnostic carries.
std::string template_note(const OutputFile& file);

}  // namespace gen::verify
