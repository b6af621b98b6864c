// Three renderings of the same diagnostics:
//   human  - `file:line:col: error[rule-id]: message`, the source line, a caret,
//            then `note:` and `help:` lines (clang/rustc shape);
//   json   - one JSON document {"diagnostics": [...]} for tools;
//   github - GitHub Actions workflow commands (`::error file=..,line=..::msg`).
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"

namespace gen {

enum class DiagnosticFormat { Human, Json, Github };

struct RenderOptions {
  DiagnosticFormat format = DiagnosticFormat::Human;
  bool color = false;  // ANSI colour for human output (the CLI decides: tty and no NO_COLOR)
};

std::string render_diagnostic_human(const Diagnostic& d, const SourceFiles& sources, bool color);
std::string render_diagnostics(const Diagnostics& diags, const SourceFiles& sources,
                               const RenderOptions& options);

}  // namespace gen
