// Python semantics of values: truth, str() and repr(), ==, <, arithmetic,
// `in`, hashing and iteration, as CPython 3.11 does them for the types a
// template can hold. Failures throw OpError (see error.h) exactly where
// Python raises, so gen errors where Jinja2 errors.
#pragma once

#include <string>
#include <string_view>

#include "template/value.h"

namespace gen::tmpl::ops {

// Python's type name, for messages: 'int', 'str', 'list', 'NoneType', ...
std::string type_name(const Value& v);

// Raises the error of using an undefined value (StrictUndefined).
[[noreturn]] void use_undefined(const Value& v);
inline void check_defined(const Value& v) {
  if (v.is_undefined()) use_undefined(v);
}
// The lenient undefined of `a if b` without else (see UndefinedObject).
bool is_lenient(const Value& v);

bool truthy(const Value& v);

// str(v) appended to `out` (what {{ v }} prints).
void append_str(std::string& out, const Value& v);
std::string to_str(const Value& v);
std::string repr(const Value& v);
// Python's repr() of a float: shortest round-trip digits, '1.0', '1e+16', 'inf'.
std::string float_repr(double d);

bool equals(const Value& a, const Value& b);
// a < b, raising TypeError for unorderable types.
bool less(const Value& a, const Value& b);
enum class CompareOp { Eq, Ne, Lt, Le, Gt, Ge };
bool compare(CompareOp op, const Value& a, const Value& b);

// `item in container`.
bool contains(const Value& container, const Value& item);

// Raises TypeError("unhashable type: 'list'") unless v can be a dict key.
void check_hashable(const Value& v);
// A canonical text of a hashable value such that equal values (1 == 1.0 ==
// True) get equal keys; used for sets (unique) and dict keys.
std::string hash_key(const Value& v);

// Arithmetic (Python's binary operators).
Value add(const Value& a, const Value& b);
Value sub(const Value& a, const Value& b);
Value mul(const Value& a, const Value& b);
Value truediv(const Value& a, const Value& b);
Value floordiv(const Value& a, const Value& b);
Value mod(const Value& a, const Value& b);  // also str % args
Value power(const Value& a, const Value& b);
Value negate(const Value& a);
Value plus(const Value& a);

// list(v): the items of any iterable (str -> characters, dict -> keys,
// iterators are consumed). TypeError for non-iterables.
ValueList to_list(const Value& v);
bool is_iterable(const Value& v);
// len(v), TypeError when v has none.
int64_t length(const Value& v);

// Python's int() and float() of a string; false when it does not parse.
bool parse_int(std::string_view s, int base, int64_t& out, bool& overflow);
bool parse_float(std::string_view s, double& out);

// The largest string or list gen builds (so a hostile template cannot
// exhaust memory): 256 MiB / 16 M items.
constexpr size_t kMaxStringBytes = size_t(256) << 20;
constexpr size_t kMaxItems = size_t(16) << 20;
void check_size(size_t bytes_or_items, bool items);

}  // namespace gen::tmpl::ops
