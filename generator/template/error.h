// Template errors. Inside the engine an operation that fails throws OpError
// (no position yet); the evaluator adds the template position and the chain
// of includes and macro calls, and throws TemplateError, which callers turn
// into gen's one Diagnostic type.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"

namespace gen::tmpl {

enum class ErrorKind {
  Syntax,       // template-syntax: the template does not parse
  Undefined,    // template-undefined: a name or attribute that does not exist
  Type,         // template-type: an operation on the wrong kind of value
  Value,        // template-value: a right kind of value with a wrong content
  Unsupported,  // template-unsupported: valid Jinja2 outside gen's subset
  NotFound,     // template-not-found: include/import of a missing template
  Recursion,    // template-recursion: include cycle or too deep recursion
  Limit,        // template-limit: output or value too large
  Unescaped,    // template-unescaped: the lint found a value without its format's escaping
};

// The rule id used in diagnostics, e.g. "template-syntax".
const char* error_rule_id(ErrorKind kind);

// A failure without a position yet (thrown by value operations and filters).
struct OpError {
  ErrorKind kind;
  std::string message;
  std::string help;
  // When an undefined value was used: its UndefinedObject, so the error is
  // reported where the name was looked up.
  std::shared_ptr<void> undefined;
};

[[noreturn]] void fail(ErrorKind kind, std::string message, std::string help = "");
[[noreturn]] void fail_type(std::string message);

class TemplateError : public std::exception {
 public:
  ErrorKind kind = ErrorKind::Syntax;
  std::string message;
  std::string help;  // "did you mean 'name'?" and other hints
  std::string template_name;  // the loader's name, e.g. "compose/compose.yaml.j2"
  std::string file;           // where to show it: "templates/x.j2" or "builtin:x.j2"
  int line = 0, column = 0, end_column = 0;
  std::shared_ptr<const std::string> source;  // the template text, for the caret
  std::vector<std::string> notes;  // innermost first: "in macro 'm' called at f:3:5", ...

  const char* what() const noexcept override { return message.c_str(); }
  // The diagnostic, located at file:line:column.
  Diagnostic to_diagnostic() const;
  // Records the template text so a renderer can print the source line.
  void add_source(SourceFiles& files) const;
};

}  // namespace gen::tmpl
