// Attributes of built-in values: the methods templates may call on strings,
// dicts, lists and the loop variable (`s.startswith('x')`, `d.items()`,
// `loop.cycle('a', 'b')`) and the loop's properties (`loop.index`).
#pragma once

#include <string>

#include "template/registry.h"
#include "template/value.h"

namespace gen::tmpl {

struct MethodObject : CallableObject {
  Value self;
  bool supported = true;  // a real Python method gen does not implement
};

// The attribute `name` of `self` as Python's getattr() finds it (a bound
// method or a property such as loop.index). False when it has none.
bool get_attribute(Evaluator& ev, const Value& self, const std::string& name, Value& out);

// Whether `name` is a dict method (which Python's getattr finds before any
// key of that name).
bool is_dict_method(const std::string& name);

// Calls a bound method.
Value call_method(Evaluator& ev, const MethodObject& m, const CallArgs& args);

// The attribute names of `self`, for "did you mean".
std::vector<std::string> attribute_names(const Value& self);

}  // namespace gen::tmpl
