// Builds the AST from tokens, following Jinja2's grammar and precedence
// (parser.py): `a + b|f` filters b only, `not x is y` negates the test,
// comparisons chain, tuples need no parentheses where Jinja2 allows that.
// Filter and test names are resolved here against the environment's tables:
// an unknown name is a syntax error, except inside an `if` or a conditional
// expression, where Jinja2 reports it only when evaluated.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "template/template.h"

namespace gen::tmpl {

// What the parser needs to know about filters and tests.
class NameTables {
 public:
  virtual ~NameTables() = default;
  virtual int filter_id(const std::string& name) const = 0;  // -1 when unknown
  virtual int test_id(const std::string& name) const = 0;
  // All known names, for "did you mean".
  virtual std::vector<std::string> filter_names() const = 0;
  virtual std::vector<std::string> test_names() const = 0;
  // A Jinja2 filter or test that gen does not implement (a clearer error).
  virtual bool is_unsupported_filter(const std::string& name) const = 0;
  virtual bool is_unsupported_test(const std::string& name) const = 0;
};

struct ParseError {
  uint32_t offset;
  std::string message;
  std::string help;
  bool unsupported = false;
};

// Parses normalised `source` into `tmpl.body`. Throws ParseError.
void parse(Template& tmpl, const NameTables& names);

}  // namespace gen::tmpl
