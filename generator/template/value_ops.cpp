#include "template/value_ops.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "template/error.h"
#include "template/format.h"
#include "template/text.h"

namespace gen::tmpl::ops {
namespace {

// Nesting guard for the recursive operations below: Python raises
// RecursionError on absurdly deep values; gen reports an error instead of
// overflowing the stack.
constexpr int kMaxDepth = 500;
void check_depth(int depth) {
  if (depth > kMaxDepth) fail(ErrorKind::Limit, "value nested too deeply (more than 500 levels)");
}

void append_str_at(std::string& out, const Value& v, int depth);
bool equals_at(const Value& a, const Value& b, int depth);
bool compare_at(CompareOp op, const Value& a, const Value& b, int depth);
std::string hash_key_at(const Value& v, int depth);

[[noreturn]] void binop_error(const char* op, const Value& a, const Value& b) {
  fail_type(std::string("unsupported operand type(s) for ") + op + ": '" + type_name(a) +
            "' and '" + type_name(b) + "'");
}

void check_operands(const Value& a, const Value& b) {
  check_defined(a);
  check_defined(b);
}

int64_t checked(bool overflow, int64_t r) {
  if (overflow)
    fail(ErrorKind::Unsupported,
         "integer overflow: gen computes with 64-bit integers (Python's are unbounded)");
  return r;
}

// Exact comparison of an int with a float, as Python does it.
int cmp_int_float(int64_t i, double f) {  // -1, 0, 1; 2 for NaN
  if (std::isnan(f)) return 2;
  if (f >= 9223372036854775808.0) return -1;
  if (f < -9223372036854775808.0) return 1;
  double t = std::trunc(f);
  int64_t ti = static_cast<int64_t>(t);
  if (i < ti) return -1;
  if (i > ti) return 1;
  double frac = f - t;
  return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

// -1/0/1 for numbers; 2 when unordered (NaN).
int cmp_numbers(const Value& a, const Value& b) {
  bool ai = a.is_integral(), bi = b.is_integral();
  if (ai && bi) {
    int64_t x = a.as_int(), y = b.as_int();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ai) return cmp_int_float(a.as_int(), b.as_float());
  if (bi) {
    int c = cmp_int_float(b.as_int(), a.as_float());
    return c == 2 ? 2 : -c;
  }
  double x = a.as_float(), y = b.as_float();
  if (std::isnan(x) || std::isnan(y)) return 2;
  return x < y ? -1 : x > y ? 1 : 0;
}

bool op_result(CompareOp op, int c) {
  if (c == 2) return op == CompareOp::Ne;
  switch (op) {
    case CompareOp::Eq: return c == 0;
    case CompareOp::Ne: return c != 0;
    case CompareOp::Lt: return c < 0;
    case CompareOp::Le: return c <= 0;
    case CompareOp::Gt: return c > 0;
    case CompareOp::Ge: return c >= 0;
  }
  return false;
}

const char* op_text(CompareOp op) {
  switch (op) {
    case CompareOp::Eq: return "==";
    case CompareOp::Ne: return "!=";
    case CompareOp::Lt: return "<";
    case CompareOp::Le: return "<=";
    case CompareOp::Gt: return ">";
    case CompareOp::Ge: return ">=";
  }
  return "?";
}

bool dict_lookup(const Value& dict, const Value& key, Value& out, int depth = 0) {
  if (key.is_string()) return dict.dict_find(key.str(), out);
  if (dict.has_only_string_keys()) return false;
  std::string k = hash_key_at(key, depth);
  auto* d = dict.as<DictObject>();
  for (const auto& kv : d->items) {
    if (kv.first.is_string()) continue;
    if (hash_key_at(kv.first, depth) == k) {
      out = kv.second;
      return true;
    }
  }
  return false;
}

bool dicts_equal(const Value& a, const Value& b, int depth) {
  size_t n = a.dict_size();
  if (n != b.dict_size()) return false;
  for (size_t i = 0; i < n; ++i) {
    Value other;
    if (!dict_lookup(b, a.dict_key(i), other, depth)) return false;
    if (!equals_at(a.dict_value(i), other, depth)) return false;
  }
  return true;
}

void append_repr(std::string& out, const Value& v, int depth);

void append_seq(std::string& out, const Value& v, const char* open, const char* close, int depth) {
  out += open;
  size_t n = v.size();
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    append_repr(out, v.at(i), depth);
  }
  if (v.kind() == Kind::Tuple && n == 1) out += ",";
  out += close;
}

void append_dict(std::string& out, const Value& v, int depth) {
  out += "{";
  size_t n = v.dict_size();
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ", ";
    append_repr(out, v.dict_key(i), depth);
    out += ": ";
    append_repr(out, v.dict_value(i), depth);
  }
  out += "}";
}

void append_repr(std::string& out, const Value& v, int depth) {
  switch (v.kind()) {
    case Kind::Undefined: out += "Undefined"; return;
    case Kind::String: out += text::repr(v.str()); return;
    case Kind::Module: out += "<TemplateModule " + text::repr(v.as<ModuleObject>()->name) + ">"; return;
    default: append_str_at(out, v, depth + 1);
  }
}

}  // namespace

void check_size(size_t n, bool items) {
  if (items ? n > kMaxItems : n > kMaxStringBytes)
    fail(ErrorKind::Limit, items ? "list too large (more than 16M items)"
                                 : "string too large (more than 256 MiB)");
}

std::string type_name(const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined: return "StrictUndefined";
    case Kind::None: return "NoneType";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::List: return "list";
    case Kind::Tuple: return "tuple";
    case Kind::Dict: return "dict";
    case Kind::Range: return "range";
    case Kind::Iterator: return "generator";
    case Kind::DictView: {
      auto w = v.as<DictViewObject>()->which;
      return w == DictViewObject::Keys ? "dict_keys"
             : w == DictViewObject::Values ? "dict_values" : "dict_items";
    }
    case Kind::Macro: return "Macro";
    case Kind::Namespace: return "Namespace";
    case Kind::Loop: return "LoopContext";
    case Kind::Module: return "TemplateModule";
    case Kind::Method: return "builtin_function_or_method";
    case Kind::Function: return "type";
  }
  return "object";
}

}  // namespace gen::tmpl::ops

namespace gen::tmpl {

std::string UndefinedObject::message() const {
  if (!hint.empty()) return hint;
  if (!has_container) return "'" + name + "' is undefined";
  std::string type = container.is_none() ? "None" : ops::type_name(container) + " object";
  if (!has_key) return "'" + type + "' has no attribute '" + name + "'";
  return "'" + type + "' has no element " + ops::repr(key);
}

}  // namespace gen::tmpl

namespace gen::tmpl::ops {

bool is_lenient(const Value& v) {
  return v.is_undefined() && v.as<UndefinedObject>() && v.as<UndefinedObject>()->lenient;
}

void use_undefined(const Value& v) {
  auto* u = v.as<UndefinedObject>();
  OpError e{ErrorKind::Undefined, u ? u->message() : "undefined value", "", v.obj_ptr()};
  throw e;
}

bool truthy(const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined:
      if (is_lenient(v)) return false;
      use_undefined(v);
    case Kind::None: return false;
    case Kind::Bool: return v.as_bool();
    case Kind::Int: return v.as_int() != 0;
    case Kind::Float: return v.as_float() != 0.0;
    case Kind::String: return !v.str().empty();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range: return v.size() > 0;
    case Kind::Dict: return v.dict_size() > 0;
    case Kind::DictView: return v.as<DictViewObject>()->dict.dict_size() > 0;
    default: return true;
  }
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, r.ptr);
  bool neg = false;
  size_t p = 0;
  if (sci[0] == '-') neg = true, p = 1;
  size_t e = sci.find('e');
  std::string digits;
  for (size_t i = p; i < e; ++i)
    if (sci[i] != '.') digits += sci[i];
  int exp10 = std::atoi(sci.c_str() + e + 1);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  int decpt = exp10 + 1;  // value = 0.DIGITS * 10^decpt
  std::string out = neg ? "-" : "";
  int n = static_cast<int>(digits.size());
  if (d == 0) return neg ? "-0.0" : "0.0";
  if (decpt <= -4 || decpt > 16) {
    out += digits[0];
    if (n > 1) out += "." + digits.substr(1);
    int x = decpt - 1;
    char eb[16];
    std::snprintf(eb, sizeof eb, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
    out += eb;
  } else if (decpt <= 0) {
    out += "0." + std::string(static_cast<size_t>(-decpt), '0') + digits;
  } else if (decpt >= n) {
    out += digits + std::string(static_cast<size_t>(decpt - n), '0') + ".0";
  } else {
    out += digits.substr(0, static_cast<size_t>(decpt)) + "." +
           digits.substr(static_cast<size_t>(decpt));
  }
  return out;
}

void append_str(std::string& out, const Value& v) { append_str_at(out, v, 0); }

namespace {

void append_str_at(std::string& out, const Value& v, int depth) {
  check_depth(depth);
  switch (v.kind()) {
    case Kind::Undefined:
      if (is_lenient(v)) return;
      use_undefined(v);
    case Kind::None: out += "None"; return;
    case Kind::Bool: out += v.as_bool() ? "True" : "False"; return;
    case Kind::Int: {
      char buf[24];
      auto r = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, r.ptr);
      return;
    }
    case Kind::Float: out += float_repr(v.as_float()); return;
    case Kind::String: out += v.str(); return;
    case Kind::List: append_seq(out, v, "[", "]", depth); return;
    case Kind::Tuple: append_seq(out, v, "(", ")", depth); return;
    case Kind::Range: {
      auto* r = v.as<ListObject>();
      out += "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop);
      if (r->step != 1) out += ", " + std::to_string(r->step);
      out += ")";
      return;
    }
    case Kind::Dict: append_dict(out, v, depth); return;
    case Kind::DictView: {
      auto* dv = v.as<DictViewObject>();
      out += type_name(v) + "([";
      size_t n = dv->dict.dict_size();
      for (size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        if (dv->which == DictViewObject::Keys) {
          append_repr(out, dv->dict.dict_key(i), depth);
        } else if (dv->which == DictViewObject::Values) {
          append_repr(out, dv->dict.dict_value(i), depth);
        } else {
          out += "(";
          append_repr(out, dv->dict.dict_key(i), depth);
          out += ", ";
          append_repr(out, dv->dict.dict_value(i), depth);
          out += ")";
        }
      }
      out += "])";
      return;
    }
    case Kind::Macro: out += "<Macro " + text::repr(v.as<CallableObject>()->name) + ">"; return;
    case Kind::Namespace: {
      out += "<Namespace {";
      bool first = true;
      for (const auto& kv : v.as<NamespaceObject>()->attrs) {
        if (!first) out += ", ";
        first = false;
        out += text::repr(kv.first) + ": ";
        append_repr(out, kv.second, depth);
      }
      out += "}>";
      return;
    }
    case Kind::Loop: {
      auto* l = v.as<LoopObject>();
      out += "<LoopContext " + std::to_string(l->index0 + 1) + "/" + std::to_string(l->length) + ">";
      return;
    }
    case Kind::Module: out += v.as<ModuleObject>()->body; return;
    case Kind::Iterator:
      fail(ErrorKind::Unsupported,
           "printing a generator is not supported (Jinja2 prints its memory address)",
           "convert it to a list first, e.g. `|list`");
    case Kind::Method:
    case Kind::Function:
      fail(ErrorKind::Unsupported, "printing the function '" + v.as<CallableObject>()->name +
                                       "' is not supported (Jinja2 prints its memory address)",
           "call it with ()");
  }
}

}  // namespace

std::string to_str(const Value& v) {
  if (v.is_string()) return std::string(v.str());
  std::string out;
  append_str(out, v);
  return out;
}

std::string repr(const Value& v) {
  std::string out;
  append_repr(out, v, 0);
  return out;
}

bool equals(const Value& a, const Value& b) { return equals_at(a, b, 0); }

namespace {

bool equals_at(const Value& a, const Value& b, int depth) {
  // Python calls a.__eq__(b) first: a lenient undefined answers "same type?",
  // a strict one raises; a defined value defers to b's reflected __eq__.
  if (a.is_undefined()) {
    if (!is_lenient(a)) use_undefined(a);
    return is_lenient(b);
  }
  if (b.is_undefined()) {
    if (!is_lenient(b)) use_undefined(b);
    return false;
  }
  if (a.is_number() && b.is_number()) return cmp_numbers(a, b) == 0;
  if (a.kind() != b.kind()) return false;
  check_depth(++depth);
  switch (a.kind()) {
    case Kind::None: return true;
    case Kind::String: return a.str() == b.str();
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range: {
      if (a.json_node() && a.json_node() == b.json_node()) return true;
      size_t n = a.size();
      if (n != b.size()) return false;
      for (size_t i = 0; i < n; ++i)
        if (!equals_at(a.at(i), b.at(i), depth)) return false;
      return true;
    }
    case Kind::Dict:
      if (a.json_node() && a.json_node() == b.json_node()) return true;
      return dicts_equal(a, b, depth);
    case Kind::DictView: {
      auto* x = a.as<DictViewObject>();
      auto* y = b.as<DictViewObject>();
      if (x->which != y->which || x->which == DictViewObject::Values) return a.same_object(b);
      if (x->which == DictViewObject::Keys) {
        size_t n = x->dict.dict_size();
        if (n != y->dict.dict_size()) return false;
        Value tmp;
        for (size_t i = 0; i < n; ++i)
          if (!dict_lookup(y->dict, x->dict.dict_key(i), tmp, depth)) return false;
        return true;
      }
      return dicts_equal(x->dict, y->dict, depth);
    }
    default: return a.same_object(b);
  }
}

}  // namespace

bool compare(CompareOp op, const Value& a, const Value& b) { return compare_at(op, a, b, 0); }

namespace {

bool compare_at(CompareOp op, const Value& a, const Value& b, int depth) {
  if (op == CompareOp::Eq) return equals_at(a, b, depth);
  if (op == CompareOp::Ne) return !equals_at(a, b, depth);
  check_operands(a, b);
  if (a.is_number() && b.is_number()) return op_result(op, cmp_numbers(a, b));
  if (a.is_string() && b.is_string()) {
    int c = a.str().compare(b.str());
    return op_result(op, c < 0 ? -1 : c > 0 ? 1 : 0);
  }
  if (a.kind() == b.kind() && (a.kind() == Kind::List || a.kind() == Kind::Tuple)) {
    check_depth(++depth);
    size_t n = a.size(), m = b.size();
    for (size_t i = 0; i < n && i < m; ++i) {
      Value x = a.at(i), y = b.at(i);
      if (!equals_at(x, y, depth)) return compare_at(op, x, y, depth);
    }
    return op_result(op, n < m ? -1 : n > m ? 1 : 0);
  }
  fail_type(std::string("'") + op_text(op) + "' not supported between instances of '" +
            type_name(a) + "' and '" + type_name(b) + "'");
}

}  // namespace

bool less(const Value& a, const Value& b) { return compare(CompareOp::Lt, a, b); }

bool contains(const Value& container, const Value& item) {
  switch (container.kind()) {
    case Kind::Undefined:
      if (is_lenient(container)) return false;
      use_undefined(container);
    case Kind::String:
      check_defined(item);
      if (!item.is_string())
        fail_type("'in <string>' requires string as left operand, not " + type_name(item));
      return container.str().find(item.str()) != std::string_view::npos;
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range: {
      size_t n = container.size();
      for (size_t i = 0; i < n; ++i)
        if (equals(container.at(i), item)) return true;
      return false;
    }
    case Kind::Dict: {
      check_hashable(item);
      Value tmp;
      return dict_lookup(container, item, tmp);
    }
    case Kind::DictView: {
      auto* dv = container.as<DictViewObject>();
      if (dv->which == DictViewObject::Keys) {
        check_hashable(item);
        Value tmp;
        return dict_lookup(dv->dict, item, tmp);
      }
      size_t n = dv->dict.dict_size();
      for (size_t i = 0; i < n; ++i) {
        Value e = dv->which == DictViewObject::Values
                      ? dv->dict.dict_value(i)
                      : Value::tuple({dv->dict.dict_key(i), dv->dict.dict_value(i)});
        if (equals(e, item)) return true;
      }
      return false;
    }
    case Kind::Iterator: {
      auto* it = container.as<IteratorObject>();
      Value e;
      while (it->next(e))
        if (equals(e, item)) return true;
      return false;
    }
    default:
      fail_type("argument of type '" + type_name(container) + "' is not iterable");
  }
}

namespace {

void check_hashable_at(const Value& v, int depth) {
  check_depth(depth);
  switch (v.kind()) {
    case Kind::Undefined:
      if (is_lenient(v)) return;
      use_undefined(v);
    case Kind::List:
    case Kind::Dict:
    case Kind::DictView:
    case Kind::Namespace:
      fail_type("unhashable type: '" + type_name(v) + "'");
    case Kind::Tuple:
      for (size_t i = 0; i < v.size(); ++i) check_hashable_at(v.at(i), depth + 1);
      return;
    default: return;
  }
}

std::string hash_key_at(const Value& v, int depth) {
  check_depth(depth);
  switch (v.kind()) {
    case Kind::Undefined: return "U";
    case Kind::None: return "N";
    case Kind::Bool:
    case Kind::Int: return "i" + std::to_string(v.as_int());
    case Kind::Float: {
      double d = v.as_float();
      if (std::trunc(d) == d && std::fabs(d) < 9.2e18)
        return "i" + std::to_string(static_cast<int64_t>(d));
      return "f" + float_repr(d);
    }
    case Kind::String: return "s" + std::to_string(v.str().size()) + ":" + std::string(v.str());
    case Kind::Tuple:
    case Kind::Range: {
      std::string k = v.kind() == Kind::Tuple ? "t(" : "r(";
      for (size_t i = 0; i < v.size(); ++i) k += hash_key_at(v.at(i), depth + 1) + ",";
      return k + ")";
    }
    default: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "o%p", static_cast<void*>(v.obj()));
      return buf;
    }
  }
}

}  // namespace

void check_hashable(const Value& v) { check_hashable_at(v, 0); }
std::string hash_key(const Value& v) { return hash_key_at(v, 0); }

Value add(const Value& a, const Value& b) {
  check_operands(a, b);
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) {
      int64_t r;
      bool overflow = __builtin_add_overflow(a.as_int(), b.as_int(), &r);
      return Value::integer(checked(overflow, r));
    }
    return Value::floating(a.as_float() + b.as_float());
  }
  if (a.is_string() && b.is_string()) {
    check_size(a.str().size() + b.str().size(), false);
    std::string s;
    s.reserve(a.str().size() + b.str().size());
    s += a.str();
    s += b.str();
    return Value::string(std::move(s));
  }
  if (a.kind() == b.kind() && (a.kind() == Kind::List || a.kind() == Kind::Tuple)) {
    check_size(a.size() + b.size(), true);
    ValueList items;
    items.reserve(a.size() + b.size());
    for (size_t i = 0; i < a.size(); ++i) items.push_back(a.at(i));
    for (size_t i = 0; i < b.size(); ++i) items.push_back(b.at(i));
    return a.kind() == Kind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
  }
  if (a.is_string() || a.kind() == Kind::List || a.kind() == Kind::Tuple)
    fail_type("can only concatenate " + type_name(a) + " (not \"" + type_name(b) + "\") to " +
              type_name(a));
  binop_error("+", a, b);
}

Value sub(const Value& a, const Value& b) {
  check_operands(a, b);
  if (!a.is_number() || !b.is_number()) binop_error("-", a, b);
  if (a.is_integral() && b.is_integral()) {
    int64_t r;
    bool overflow = __builtin_sub_overflow(a.as_int(), b.as_int(), &r);
      return Value::integer(checked(overflow, r));
  }
  return Value::floating(a.as_float() - b.as_float());
}

namespace {

Value repeat(const Value& seq, int64_t n) {
  if (n < 0) n = 0;
  if (seq.is_string()) {
    size_t len = seq.str().size();
    if (len && static_cast<uint64_t>(n) > kMaxStringBytes / len) check_size(kMaxStringBytes + 1, false);
    std::string s;
    s.reserve(len * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) s += seq.str();
    return Value::string(std::move(s));
  }
  size_t len = seq.size();
  if (len && static_cast<uint64_t>(n) > kMaxItems / len) check_size(kMaxItems + 1, true);
  ValueList items;
  for (int64_t i = 0; i < n; ++i)
    for (size_t k = 0; k < len; ++k) items.push_back(seq.at(k));
  return seq.kind() == Kind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
}

bool repeatable(const Value& v) {
  return v.is_string() || v.kind() == Kind::List || v.kind() == Kind::Tuple;
}

}  // namespace

Value mul(const Value& a, const Value& b) {
  check_operands(a, b);
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) {
      int64_t r;
      bool overflow = __builtin_mul_overflow(a.as_int(), b.as_int(), &r);
      return Value::integer(checked(overflow, r));
    }
    return Value::floating(a.as_float() * b.as_float());
  }
  if (repeatable(a) && b.is_integral()) return repeat(a, b.as_int());
  if (a.is_integral() && repeatable(b)) return repeat(b, a.as_int());
  if (repeatable(a) || repeatable(b)) {
    const Value& other = repeatable(a) ? b : a;
    fail_type("can't multiply sequence by non-int of type '" + type_name(other) + "'");
  }
  binop_error("*", a, b);
}

Value truediv(const Value& a, const Value& b) {
  check_operands(a, b);
  if (!a.is_number() || !b.is_number()) binop_error("/", a, b);
  double y = b.as_float();
  if (y == 0) fail(ErrorKind::Value, a.is_integral() && b.is_integral() ? "division by zero"
                                                                      : "float division by zero");
  return Value::floating(a.as_float() / y);
}

namespace {

// CPython's float_divmod.
void float_divmod(double vx, double wx, double& div_out, double& mod_out) {
  double mod = std::fmod(vx, wx);
  double div = (vx - mod) / wx;
  if (mod != 0) {
    if ((wx < 0) != (mod < 0)) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = std::copysign(0.0, wx);
  }
  double floordiv;
  if (div != 0) {
    floordiv = std::floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = std::copysign(0.0, vx / wx);
  }
  div_out = floordiv;
  mod_out = mod;
}

}  // namespace

Value floordiv(const Value& a, const Value& b) {
  check_operands(a, b);
  if (!a.is_number() || !b.is_number()) binop_error("//", a, b);
  if (a.is_integral() && b.is_integral()) {
    int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) fail(ErrorKind::Value, "integer division or modulo by zero");
    if (x == INT64_MIN && y == -1) checked(true, 0);
    int64_t q = x / y;
    if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
    return Value::integer(q);
  }
  if (b.as_float() == 0) fail(ErrorKind::Value, "float floor division by zero");
  double d, m;
  float_divmod(a.as_float(), b.as_float(), d, m);
  return Value::floating(d);
}

Value mod(const Value& a, const Value& b) {
  check_defined(a);
  if (a.is_string()) return Value::string(percent_format(a.str(), b));
  check_defined(b);
  if (!a.is_number() || !b.is_number()) binop_error("%", a, b);
  if (a.is_integral() && b.is_integral()) {
    int64_t x = a.as_int(), y = b.as_int();
    if (y == 0) fail(ErrorKind::Value, "integer division or modulo by zero");
    if (y == -1) return Value::integer(0);
    int64_t r = x % y;
    if (r != 0 && ((r < 0) != (y < 0))) r += y;
    return Value::integer(r);
  }
  if (b.as_float() == 0) fail(ErrorKind::Value, "float modulo");
  double d, m;
  float_divmod(a.as_float(), b.as_float(), d, m);
  return Value::floating(m);
}

Value power(const Value& a, const Value& b) {
  check_operands(a, b);
  if (!a.is_number() || !b.is_number()) binop_error("** or pow()", a, b);
  if (a.is_integral() && b.is_integral() && b.as_int() >= 0) {
    int64_t base = a.as_int(), e = b.as_int(), r = 1;
    bool overflow = false;
    while (e > 0) {
      if (e & 1) overflow |= __builtin_mul_overflow(r, base, &r);
      e >>= 1;
      if (e > 0) overflow |= __builtin_mul_overflow(base, base, &base);
    }
    return Value::integer(checked(overflow, r));
  }
  double x = a.as_float(), y = b.as_float();
  if (x == 0 && y < 0)
    fail(ErrorKind::Value, "0.0 cannot be raised to a negative power");
  if (x < 0 && std::isfinite(y) && std::trunc(y) != y)
    fail(ErrorKind::Unsupported, "a negative number to a fractional power is a complex number, "
                                 "which gen does not support");
  double r = std::pow(x, y);
  if (std::isinf(r) && std::isfinite(x) && std::isfinite(y))
    fail(ErrorKind::Value, "numerical result out of range");
  return Value::floating(r);
}

Value negate(const Value& a) {
  check_defined(a);
  if (a.is_integral()) {
    if (a.as_int() == INT64_MIN) checked(true, 0);
    return Value::integer(-a.as_int());
  }
  if (a.kind() == Kind::Float) return Value::floating(-a.as_float());
  fail_type("bad operand type for unary -: '" + type_name(a) + "'");
}

Value plus(const Value& a) {
  check_defined(a);
  if (a.is_integral()) return Value::integer(a.as_int());
  if (a.kind() == Kind::Float) return a;
  fail_type("bad operand type for unary +: '" + type_name(a) + "'");
}

bool is_iterable(const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined: return is_lenient(v);
    case Kind::String:
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range:
    case Kind::Dict:
    case Kind::DictView:
    case Kind::Iterator:
    case Kind::Loop: return true;
    default: return false;
  }
}

ValueList to_list(const Value& v) {
  ValueList out;
  switch (v.kind()) {
    case Kind::Undefined:
      if (is_lenient(v)) return out;
      use_undefined(v);
    case Kind::String: {
      auto s = v.str();
      if (text::is_ascii(s)) {
        for (char c : s) out.push_back(Value::string(std::string(1, c)));
      } else {
        for (uint32_t cp : text::decode(s)) {
          std::string ch;
          text::append_utf8(ch, cp);
          out.push_back(Value::string(std::move(ch)));
        }
      }
      return out;
    }
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range:
      if (!v.json_node()) return v.as<ListObject>()->items;
      out.reserve(v.size());
      for (size_t i = 0; i < v.size(); ++i) out.push_back(v.at(i));
      return out;
    case Kind::Dict:
      out.reserve(v.dict_size());
      for (size_t i = 0; i < v.dict_size(); ++i) out.push_back(v.dict_key(i));
      return out;
    case Kind::DictView: {
      auto* dv = v.as<DictViewObject>();
      for (size_t i = 0; i < dv->dict.dict_size(); ++i) {
        if (dv->which == DictViewObject::Keys) out.push_back(dv->dict.dict_key(i));
        else if (dv->which == DictViewObject::Values) out.push_back(dv->dict.dict_value(i));
        else out.push_back(Value::tuple({dv->dict.dict_key(i), dv->dict.dict_value(i)}));
      }
      return out;
    }
    case Kind::Iterator:
      v.as<IteratorObject>()->drain(out);
      check_size(out.size(), true);
      return out;
    case Kind::Loop:
      fail(ErrorKind::Unsupported, "iterating over the loop variable itself is not supported");
    default:
      fail_type("'" + type_name(v) + "' object is not iterable");
  }
}

int64_t length(const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined:
      if (is_lenient(v)) return 0;
      use_undefined(v);
    case Kind::String: return static_cast<int64_t>(text::length(v.str()));
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range: return static_cast<int64_t>(v.size());
    case Kind::Dict: return static_cast<int64_t>(v.dict_size());
    case Kind::DictView: return static_cast<int64_t>(v.as<DictViewObject>()->dict.dict_size());
    case Kind::Loop: return v.as<LoopObject>()->length;
    default: fail_type("object of type '" + type_name(v) + "' has no len()");
  }
}

namespace {

// Python's int()/float() accept Unicode whitespace around the number and any
// Unicode decimal digits; reduce to ASCII first (as CPython does).
bool to_ascii_number(std::string_view s, std::string& out) {
  auto cps = text::decode(s);
  size_t b = 0, e = cps.size();
  while (b < e && text::is_space(cps[b])) ++b;
  while (e > b && text::is_space(cps[e - 1])) --e;
  for (size_t i = b; i < e; ++i) {
    uint32_t c = cps[i];
    if (c < 0x80) {
      out += static_cast<char>(c);
      continue;
    }
    int d = text::decimal_value(c);
    if (d < 0) return false;
    out += static_cast<char>('0' + d);
  }
  return true;
}

// Removes single underscores between digits; false if any is misplaced.
bool strip_underscores(const std::string& s, std::string& out, bool (*is_digit)(char, int), int base) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 >= s.size() || !is_digit(s[i - 1], base) || !is_digit(s[i + 1], base))
        return false;
      continue;
    }
    out += s[i];
  }
  return true;
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

bool is_base_digit(char c, int base) { return digit_value(c) < base; }
bool is_dec_digit(char c, int) { return c >= '0' && c <= '9'; }

}  // namespace

bool parse_int(std::string_view input, int base, int64_t& out, bool& overflow) {
  overflow = false;
  std::string s;
  if (!to_ascii_number(input, s) || s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
  std::string body = s.substr(i);
  auto has_prefix = [&](char p) {
    return body.size() >= 2 && body[0] == '0' && (body[1] == p || body[1] == (p - 32));
  };
  bool prefixed = false;
  if (base == 0) {
    if (has_prefix('x')) base = 16, prefixed = true;
    else if (has_prefix('o')) base = 8, prefixed = true;
    else if (has_prefix('b')) base = 2, prefixed = true;
    else {
      base = 10;
      // "010" is not a valid base-0 literal (only zeros may lead).
      bool all_zero = true;
      for (char c : body)
        if (c != '0' && c != '_') all_zero = false;
      if (body.size() > 1 && body[0] == '0' && !all_zero) return false;
    }
  } else if ((base == 16 && has_prefix('x')) || (base == 8 && has_prefix('o')) ||
             (base == 2 && has_prefix('b'))) {
    prefixed = true;
  }
  if (prefixed) {
    body = body.substr(2);
    if (!body.empty() && body[0] == '_') body = body.substr(1);  // "0x_1f" is valid
  }
  std::string digits;
  if (body.empty() || !strip_underscores(body, digits, is_base_digit, base) || digits.empty())
    return false;
  uint64_t v = 0;
  for (char c : digits) {
    int d = digit_value(c);
    if (d >= base) return false;
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) overflow = true;
    v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
  }
  if (overflow || v > static_cast<uint64_t>(INT64_MAX) + (neg ? 1 : 0)) {
    overflow = true;
    return true;
  }
  out = neg ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool parse_float(std::string_view input, double& out) {
  std::string s;
  if (!to_ascii_number(input, s) || s.empty()) return false;
  size_t i = 0;
  bool neg = false;
  if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
  std::string rest = s.substr(i);
  std::string low;
  for (char c : rest) low += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  if (low == "inf" || low == "infinity") {
    out = neg ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (low == "nan") {
    out = neg ? -NAN : NAN;
    return true;
  }
  // digits [. digits] [e [sign] digits], with at least one mantissa digit.
  std::string clean;
  size_t p = 0, n = rest.size();
  auto digits = [&](bool required) {
    size_t start = p;
    std::string run;
    while (p < n && ((rest[p] >= '0' && rest[p] <= '9') || rest[p] == '_')) run += rest[p++];
    std::string stripped;
    if (!run.empty() && !strip_underscores(run, stripped, is_dec_digit, 10)) return -1;
    clean += stripped;
    if (required && p == start) return -1;
    return static_cast<int>(p - start);
  };
  int int_digits = digits(false);
  if (int_digits < 0) return false;
  int frac_digits = 0;
  if (p < n && rest[p] == '.') {
    clean += rest[p++];
    frac_digits = digits(false);
    if (frac_digits < 0) return false;
  }
  if (int_digits + frac_digits == 0) return false;
  if (p < n && (rest[p] == 'e' || rest[p] == 'E')) {
    clean += rest[p++];
    if (p < n && (rest[p] == '+' || rest[p] == '-')) clean += rest[p++];
    if (digits(true) < 0) return false;
  }
  if (p != n) return false;
  out = std::strtod(clean.c_str(), nullptr);
  if (neg) out = -out;
  return true;
}

}  // namespace gen::tmpl::ops
