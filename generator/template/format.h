// Python's printf-style string formatting (`"%s-%d" % (a, b)`, the format
// filter), following CPython's PyUnicode_Format rule for rule.
#pragma once

#include <string>
#include <string_view>

#include "template/value.h"

namespace gen::tmpl {

// fmt % args: `args` is a tuple of arguments, a mapping for %(name)s, or a
// single argument.
std::string percent_format(std::string_view fmt, const Value& args);

// Python's ascii(): repr() with non-ASCII characters escaped.
std::string ascii_repr(const Value& v);

}  // namespace gen::tmpl
