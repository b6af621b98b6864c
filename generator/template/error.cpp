#include "template/error.h"

namespace gen::tmpl {

const char* error_rule_id(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Syntax: return "template-syntax";
    case ErrorKind::Undefined: return "template-undefined";
    case ErrorKind::Type: return "template-type";
    case ErrorKind::Value: return "template-value";
    case ErrorKind::Unsupported: return "template-unsupported";
    case ErrorKind::NotFound: return "template-not-found";
    case ErrorKind::Recursion: return "template-recursion";
    case ErrorKind::Limit: return "template-limit";
    case ErrorKind::Unescaped: return "template-unescaped";
  }
  return "template-error";
}

void fail(ErrorKind kind, std::string message, std::string help) {
  throw OpError{kind, std::move(message), std::move(help), nullptr};
}

void fail_type(std::string message) { fail(ErrorKind::Type, std::move(message)); }

Diagnostic TemplateError::to_diagnostic() const {
  Diagnostic d;
  d.rule_id = error_rule_id(kind);
  d.severity = Severity::Error;
  d.range.begin = SourceLocation{file, line, column};
  d.range.end = SourceLocation{file, line, end_column > column ? end_column : column};
  d.message = message;
  d.notes.assign(notes.begin(), notes.end());
  d.help = help;
  return d;
}

void TemplateError::add_source(SourceFiles& files) const {
  if (source && !file.empty()) files.add(file, *source);
}

}  // namespace gen::tmpl
