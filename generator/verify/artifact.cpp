#include "verify/artifact.h"

namespace gen::verify {

std::string template_note(const OutputFile& file) {
  return "rendered from template " + file.template_name;
}

Diagnostic& artifact_error(Diagnostics& diags, const std::string& rule_id, const std::string& path,
                           const OutputFile& file, int line, int column,
                           std::string message) {
  Diagnostic& d = diags.error(rule_id, SourceLocation{path, line, column}, std::move(message));
  d.notes.push_back(template_note(file));
  return d;
}

Diagnostic& artifact_warning(Diagnostics& diags, const std::string& rule_id,
                             const std::string& path, const OutputFile& file, int line,
                             int column, std::string message) {
  Diagnostic& d = diags.warning(rule_id, SourceLocation{path, line, column}, std::move(message));
  d.notes.push_back(template_note(file));
  return d;
}

}  // namespace gen::verify
