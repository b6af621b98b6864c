// Jinja2's built-in tests (tests.py), registered in one table at the end.
#include "template/error.h"
#include "template/evaluator.h"
#include "template/registry.h"
#include "template/text.h"
#include "template/value_ops.h"

namespace gen::tmpl {
namespace {

bool t_odd(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("odd", a, {});
  return ops::equals(ops::mod(v, Value::integer(2)), Value::integer(1));
}
bool t_even(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("even", a, {});
  return ops::equals(ops::mod(v, Value::integer(2)), Value::integer(0));
}
bool t_divisibleby(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("divisibleby", a, {"num"}, 1);
  return ops::equals(ops::mod(v, b.get(0)), Value::integer(0));
}
bool t_defined(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("defined", a, {});
  return !v.is_undefined();
}
bool t_undefined(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("undefined", a, {});
  return v.is_undefined();
}
bool t_none(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("none", a, {});
  return v.is_none();
}
bool t_boolean(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("boolean", a, {});
  return v.kind() == Kind::Bool;
}
bool t_false(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("false", a, {});
  return v.kind() == Kind::Bool && !v.as_bool();
}
bool t_true(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("true", a, {});
  return v.kind() == Kind::Bool && v.as_bool();
}
bool t_integer(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("integer", a, {});
  return v.kind() == Kind::Int;
}
bool t_float(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("float", a, {});
  return v.kind() == Kind::Float;
}
bool t_lower(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("lower", a, {});
  return text::islower(ops::to_str(v));
}
bool t_upper(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("upper", a, {});
  return text::isupper(ops::to_str(v));
}
bool t_string(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("string", a, {});
  return v.is_string();
}
bool t_mapping(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("mapping", a, {});
  return v.kind() == Kind::Dict;
}
bool t_number(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("number", a, {});
  return v.is_number();
}
bool t_sequence(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("sequence", a, {});
  // len() works and the value has __getitem__.
  switch (v.kind()) {
    case Kind::String:
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range:
    case Kind::Dict: return true;
    case Kind::Undefined: return ops::is_lenient(v);
    default: return false;
  }
}
bool t_iterable(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("iterable", a, {});
  // iter(StrictUndefined) raises UndefinedError, which is not a TypeError.
  if (v.is_undefined() && !ops::is_lenient(v)) ops::use_undefined(v);
  return ops::is_iterable(v);
}
bool t_callable(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("callable", a, {});
  switch (v.kind()) {
    case Kind::Macro:
    case Kind::Method:
    case Kind::Function:
    case Kind::Loop:
    case Kind::Undefined: return true;
    default: return false;
  }
}
bool t_sameas(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("sameas", a, {"other"}, 1);
  const Value& o = b.get(0);
  if (v.kind() == Kind::None || v.kind() == Kind::Bool || o.kind() == Kind::None ||
      o.kind() == Kind::Bool)
    return v.kind() == o.kind() && (v.kind() == Kind::None || v.as_bool() == o.as_bool());
  if (v.obj() || o.obj() || v.json_node() || o.json_node() || v.kind() == Kind::Dict ||
      o.kind() == Kind::Dict)
    return v.same_object(o);
  fail(ErrorKind::Unsupported, "'sameas' on numbers and strings depends on Python's object "
                               "identity, which gen does not model");
}
bool t_in(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("in", a, {"seq"}, 1);
  return ops::contains(b.get(0), v);
}

template <ops::CompareOp Op>
bool t_compare(Evaluator&, const Value& v, const CallArgs& a) {
  ArgBinder b("compare", a, {"other"}, 1);
  return ops::compare(Op, v, b.get(0));
}

}  // namespace

void add_jinja_tests(Registry& r) {
  r.set_test("odd", t_odd);
  r.set_test("even", t_even);
  r.set_test("divisibleby", t_divisibleby);
  r.set_test("defined", t_defined);
  r.set_test("undefined", t_undefined);
  r.set_test("none", t_none);
  r.set_test("boolean", t_boolean);
  r.set_test("false", t_false);
  r.set_test("true", t_true);
  r.set_test("integer", t_integer);
  r.set_test("float", t_float);
  r.set_test("lower", t_lower);
  r.set_test("upper", t_upper);
  r.set_test("string", t_string);
  r.set_test("mapping", t_mapping);
  r.set_test("number", t_number);
  r.set_test("sequence", t_sequence);
  r.set_test("iterable", t_iterable);
  r.set_test("callable", t_callable);
  r.set_test("sameas", t_sameas);
  r.set_test("in", t_in);
  const Registry* reg = &r;
  auto name_of = [](const Value& v) -> std::string {
    ops::check_hashable(v);
    return v.is_string() ? std::string(v.str()) : std::string();
  };
  r.set_test("filter", [reg, name_of](Evaluator&, const Value& v, const CallArgs& a) {
    ArgBinder b("filter", a, {});
    return v.is_string() && reg->filter_id(name_of(v)) >= 0;
  });
  r.set_test("test", [reg, name_of](Evaluator&, const Value& v, const CallArgs& a) {
    ArgBinder b("test", a, {});
    return v.is_string() && reg->test_id(name_of(v)) >= 0;
  });
  for (const char* n : {"==", "eq", "equalto"}) r.set_test(n, t_compare<ops::CompareOp::Eq>);
  for (const char* n : {"!=", "ne"}) r.set_test(n, t_compare<ops::CompareOp::Ne>);
  for (const char* n : {">", "gt", "greaterthan"}) r.set_test(n, t_compare<ops::CompareOp::Gt>);
  for (const char* n : {">=", "ge"}) r.set_test(n, t_compare<ops::CompareOp::Ge>);
  for (const char* n : {"<", "lt", "lessthan"}) r.set_test(n, t_compare<ops::CompareOp::Lt>);
  for (const char* n : {"<=", "le"}) r.set_test(n, t_compare<ops::CompareOp::Le>);
}

}  // namespace gen::tmpl
