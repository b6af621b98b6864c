// Jinja2's built-in filters (filters.py), one function each, registered in
// one table at the end. Each follows the Python code of Jinja2 3.1 so that
// results, including errors, agree.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>

#include "template/error.h"
#include "template/evaluator.h"
#include "template/format.h"
#include "template/methods.h"
#include "template/registry.h"
#include "template/str_of.h"
#include "template/text.h"
#include "template/value_ops.h"

namespace gen::tmpl {
namespace {

// A generator whose items were computed when the filter ran (Jinja2's are
// lazy; gen computes eagerly but keeps the one-shot, unprintable behaviour).
struct ListIterator : IteratorObject {
  ValueList items;
  size_t next_index = 0;
  bool next(Value& out) override {
    if (next_index >= items.size()) return false;
    out = items[next_index++];
    return true;
  }
  void drain(ValueList& out) override {
    if (next_index == 0 && out.empty()) {
      out.swap(items);
    } else {
      for (; next_index < items.size(); ++next_index) out.push_back(std::move(items[next_index]));
    }
    items.clear();
    next_index = 0;
  }
};

Value generator(ValueList items) {
  auto it = std::make_shared<ListIterator>();
  it->items = std::move(items);
  return Value::object(Kind::Iterator, std::move(it));
}

int64_t int_arg(const Value& v, const char* what) {
  ops::check_defined(v);
  if (!v.is_integral())
    fail(ErrorKind::Type, "'" + ops::type_name(v) + "' object cannot be interpreted as an integer" +
                              (what[0] ? std::string(" (") + what + ")" : std::string()));
  return v.as_int();
}

Value lower_if_string(const Value& v) {
  if (v.is_string()) return Value::string(text::lower(v.str()));
  return v;
}

// Jinja2's _prepare_attribute_parts: "a.0.b" -> ["a", 0, "b"].
ValueList attribute_parts(const Value& attr) {
  ValueList parts;
  if (attr.is_none()) return parts;
  if (!attr.is_string()) {
    parts.push_back(attr);
    return parts;
  }
  auto s = attr.str();
  if (s.find('.') == std::string_view::npos && !s.empty() && !text::is_digit(static_cast<unsigned char>(s[0]))) {
    parts.push_back(attr);  // the common case: one plain name
    return parts;
  }
  for (auto& p : text::split(attr.str(), ".", -1)) {
    if (text::all_of(p, text::is_digit)) {
      int64_t n;
      bool overflow;
      if (!ops::parse_int(p, 10, n, overflow) || overflow)
        fail(ErrorKind::Value, "invalid literal for int() with base 10: " + text::repr(p));
      parts.push_back(Value::integer(n));
    } else {
      parts.push_back(Value::string(p));
    }
  }
  return parts;
}

// make_attrgetter: follows the parts with environment.getitem.
struct AttrGetter {
  ValueList parts;
  bool lower = false;
  Value dflt;
  bool has_default = false;
  // Slot hints per part: the items of a list usually share one shape.
  mutable std::array<uint32_t, 4> hints{};
  AttrGetter() = default;
  explicit AttrGetter(ValueList p, bool lower_case = false, Value d = Value(), bool with_default = false)
      : parts(std::move(p)), lower(lower_case), dflt(std::move(d)), has_default(with_default) {}
  Value operator()(Evaluator& ev, Value item) const {
    for (size_t i = 0; i < parts.size(); ++i) {
      item = ev.getitem(item, parts[i], i < hints.size() ? &hints[i] : nullptr);
      if (has_default && item.is_undefined()) item = dflt;
    }
    return lower ? lower_if_string(item) : item;
  }
};

// make_multi_attrgetter: "a,b" -> [item.a, item.b].
struct MultiAttrGetter {
  std::vector<ValueList> parts;
  bool lower = false;
  MultiAttrGetter(const Value& attr, bool lower_case) : lower(lower_case) {
    if (attr.is_string()) {
      for (auto& p : text::split(attr.str(), ",", -1)) parts.push_back(attribute_parts(Value::string(p)));
    } else {
      parts.push_back(attribute_parts(attr));
    }
  }
  Value operator()(Evaluator& ev, const Value& item) const {
    ValueList out;
    for (const auto& ps : parts) {
      Value v = item;
      for (const auto& p : ps) v = ev.getitem(v, p);
      out.push_back(lower ? lower_if_string(v) : v);
    }
    return Value::list(std::move(out));
  }
};

// a < b where strings compare as Python compares their lower() (Jinja2's
// ignore_case), without building lowered copies for ASCII strings. Lists
// (sort keys of several attributes) compare element by element.
bool ci_less(const Value& a, const Value& b, bool ci);

bool ci_equal(const Value& a, const Value& b, bool ci) {
  if (ci && a.is_string() && b.is_string()) {
    auto x = a.str(), y = b.str();
    if (text::is_ascii(x) && text::is_ascii(y)) {
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        char p = x[i], q = y[i];
        if (p >= 'A' && p <= 'Z') p = static_cast<char>(p + 32);
        if (q >= 'A' && q <= 'Z') q = static_cast<char>(q + 32);
        if (p != q) return false;
      }
      return true;
    }
    return text::lower(x) == text::lower(y);
  }
  if (ci && a.kind() == Kind::List && b.kind() == Kind::List) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!ci_equal(a.at(i), b.at(i), ci)) return false;
    return true;
  }
  return ops::equals(a, b);
}

bool ci_less(const Value& a, const Value& b, bool ci) {
  if (!ci) return ops::less(a, b);
  if (a.is_string() && b.is_string()) {
    auto x = a.str(), y = b.str();
    if (text::is_ascii(x) && text::is_ascii(y)) {
      size_t n = std::min(x.size(), y.size());
      for (size_t i = 0; i < n; ++i) {
        unsigned char p = static_cast<unsigned char>(x[i]), q = static_cast<unsigned char>(y[i]);
        if (p >= 'A' && p <= 'Z') p = static_cast<unsigned char>(p + 32);
        if (q >= 'A' && q <= 'Z') q = static_cast<unsigned char>(q + 32);
        if (p != q) return p < q;
      }
      return x.size() < y.size();
    }
    return text::lower(x) < text::lower(y);
  }
  if (a.kind() == Kind::List && b.kind() == Kind::List) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      Value x = a.at(i), y = b.at(i);
      if (!ci_equal(x, y, ci)) return ci_less(x, y, ci);
    }
    return a.size() < b.size();
  }
  return ops::less(a, b);
}

// Python's sorted(items, key=..., reverse=...): stable, keys computed once;
// `ci` compares strings in keys ignoring case.
ValueList sorted_by(ValueList items, const ValueList& keys, bool reverse, bool ci = false) {
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return reverse ? ci_less(keys[b], keys[a], ci) : ci_less(keys[a], keys[b], ci);
  });
  ValueList out;
  out.reserve(items.size());
  for (size_t i : order) out.push_back(items[i]);
  return out;
}

// ---------------------------------------------------------------- filters

Value f_abs(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("abs", args, {});
  ops::check_defined(in);
  if (in.is_integral()) {
    if (in.as_int() == INT64_MIN)
      fail(ErrorKind::Unsupported, "integer overflow: gen computes with 64-bit integers");
    return Value::integer(std::llabs(in.as_int()));
  }
  if (in.kind() == Kind::Float) return Value::floating(std::fabs(in.as_float()));
  fail(ErrorKind::Type, "bad operand type for abs(): '" + ops::type_name(in) + "'");
}

Value f_attr(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("attr", args, {"name"}, 1);
  ops::check_defined(in);
  const Value& name = b.get(0);
  ops::check_defined(name);
  if (!name.is_string()) fail(ErrorKind::Type, "attribute name must be string");
  Value out;
  if (get_attribute(ev, in, std::string(name.str()), out)) return out;
  return ev.undefined("'" + ops::type_name(in) + " object' has no attribute '" +
                      std::string(name.str()) + "'");
}

Value f_batch(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("batch", args, {"linecount", "fill_with"}, 1);
  ValueList items = ops::to_list(in);
  const Value& linecount = b.get(0);
  Value fill = b.get_or(1, Value());
  ValueList out, tmp;
  for (auto& item : items) {
    if (ops::equals(Value::integer(static_cast<int64_t>(tmp.size())), linecount)) {
      out.push_back(Value::list(std::move(tmp)));
      tmp.clear();
    }
    tmp.push_back(item);
  }
  if (!tmp.empty()) {
    if (!fill.is_none() && ops::less(Value::integer(static_cast<int64_t>(tmp.size())), linecount)) {
      int64_t n = int_arg(linecount, "batch");
      ops::check_size(static_cast<size_t>(std::max<int64_t>(n, 0)), true);
      while (static_cast<int64_t>(tmp.size()) < n) tmp.push_back(fill);
    }
    out.push_back(Value::list(std::move(tmp)));
  }
  return generator(std::move(out));
}

Value f_capitalize(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("capitalize", args, {});
  return Value::string(text::capitalize(StrOf(in)));
}

Value f_center(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("center", args, {"width"});
  int64_t width = b.has(0) ? int_arg(b.get(0), "") : 80;
  if (width > static_cast<int64_t>(ops::kMaxStringBytes)) ops::check_size(ops::kMaxStringBytes + 1, false);
  return Value::string(text::center(StrOf(in), static_cast<long>(width)));
}

Value f_length(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("length", args, {});
  return Value::integer(ops::length(in));
}

Value f_default(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("default", args, {"default_value", "boolean"});
  Value dflt = b.get_or(0, Value::string(""));
  bool boolean = b.has(1) && ops::truthy(b.get(1));
  if (in.is_undefined() || (boolean && !ops::truthy(in))) return dflt;
  return in;
}

Value f_dictsort(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("dictsort", args, {"case_sensitive", "by", "reverse"});
  bool case_sensitive = b.has(0) && ops::truthy(b.get(0));
  Value by = b.get_or(1, Value::string("key"));
  bool reverse = b.has(2) && ops::truthy(b.get(2));
  int pos;
  if (by.is_string() && by.str() == "key") pos = 0;
  else if (by.is_string() && by.str() == "value") pos = 1;
  else fail(ErrorKind::Value, "You can only sort by either \"key\" or \"value\"");
  ops::check_defined(in);
  if (in.kind() != Kind::Dict)
    fail(ErrorKind::Type, "'" + ops::type_name(in) + "' object has no attribute 'items'");
  ValueList items, keys;
  for (size_t i = 0; i < in.dict_size(); ++i) {
    Value k = in.dict_key(i), v = in.dict_value(i);
    keys.push_back(pos == 0 ? k : v);
    items.push_back(Value::tuple({k, v}));
  }
  return Value::list(sorted_by(std::move(items), keys, reverse, !case_sensitive));
}

Value f_first(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("first", args, {});
  ops::check_defined(in);
  if (in.kind() == Kind::Iterator) {
    Value out;
    if (in.as<IteratorObject>()->next(out)) return out;
    return ev.undefined("No first item, sequence was empty.");
  }
  if (in.is_sequence()) {
    if (in.size() == 0) return ev.undefined("No first item, sequence was empty.");
    return in.at(0);
  }
  ValueList items = ops::to_list(in);
  if (items.empty()) return ev.undefined("No first item, sequence was empty.");
  return items.front();
}

Value f_last(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("last", args, {});
  ops::check_defined(in);
  if (in.kind() == Kind::Iterator)
    fail(ErrorKind::Type, "'generator' object is not reversible");
  if (!ops::is_iterable(in) || in.kind() == Kind::Loop)
    fail(ErrorKind::Type, "'" + ops::type_name(in) + "' object is not reversible");
  if (in.is_sequence()) {
    if (in.size() == 0) return ev.undefined("No last item, sequence was empty.");
    return in.at(in.size() - 1);
  }
  ValueList items = ops::to_list(in);
  if (items.empty()) return ev.undefined("No last item, sequence was empty.");
  return items.back();
}

Value f_float(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("float", args, {"default"});
  Value dflt = b.get_or(0, Value::floating(0.0));
  ops::check_defined(in);
  if (in.is_number()) return Value::floating(in.as_float());
  if (in.is_string()) {
    double d;
    if (ops::parse_float(in.str(), d)) return Value::floating(d);
  }
  return dflt;
}

Value f_int(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("int", args, {"default", "base"});
  Value dflt = b.get_or(0, Value::integer(0));
  Value base = b.get_or(1, Value::integer(10));
  ops::check_defined(in);
  auto from_float = [&](double d) -> Value {
    if (std::isnan(d)) return dflt;  // ValueError -> default
    if (std::isinf(d)) fail(ErrorKind::Value, "cannot convert float infinity to integer");
    if (!(std::fabs(d) < 9.2e18))
      fail(ErrorKind::Unsupported, "integer overflow: gen computes with 64-bit integers");
    return Value::integer(static_cast<int64_t>(std::trunc(d)));
  };
  if (in.is_integral()) return Value::integer(in.as_int());
  if (in.kind() == Kind::Float) return from_float(in.as_float());
  if (in.is_string()) {
    if (base.is_integral()) {
      int64_t bv = base.as_int();
      if (bv == 0 || (bv >= 2 && bv <= 36)) {
        int64_t out;
        bool overflow;
        if (ops::parse_int(in.str(), static_cast<int>(bv), out, overflow)) {
          if (overflow)
            fail(ErrorKind::Unsupported, "integer overflow: gen computes with 64-bit integers");
          return Value::integer(out);
        }
      }
    }
    double d;
    if (ops::parse_float(in.str(), d)) return from_float(d);
  }
  return dflt;
}

Value f_format(Evaluator&, const Value& in, const CallArgs& args) {
  std::string fmt = ops::to_str(in);
  if (!args.kw.empty()) {
    std::vector<std::pair<Value, Value>> items;
    for (const auto& kv : args.kw) items.emplace_back(Value::string(kv.first), kv.second);
    return Value::string(percent_format(fmt, Value::dict(std::move(items))));
  }
  return Value::string(percent_format(fmt, Value::tuple(args.pos)));
}

Value f_groupby(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("groupby", args, {"attribute", "default", "case_sensitive"}, 1);
  bool case_sensitive = b.has(2) && ops::truthy(b.get(2));
  AttrGetter key(attribute_parts(b.get(0)), !case_sensitive, b.get_or(1, Value()),
                 b.has(1) && !b.get(1).is_none());
  AttrGetter out_key = key;
  out_key.lower = false;
  ValueList items = ops::to_list(in);
  ValueList keys;
  for (auto& item : items) keys.push_back(key(ev, item));
  std::vector<size_t> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return ops::less(keys[x], keys[y]); });
  ValueList groups;
  size_t i = 0;
  while (i < order.size()) {
    ValueList members{items[order[i]]};
    size_t j = i + 1;
    while (j < order.size() && ops::equals(keys[order[j]], keys[order[i]])) members.push_back(items[order[j++]]);
    Value grouper = case_sensitive ? keys[order[i]] : out_key(ev, members.front());
    auto tup = std::make_shared<ListObject>();
    tup->items = {grouper, Value::list(std::move(members))};
    tup->group = true;
    groups.push_back(Value::object(Kind::Tuple, std::move(tup)));
    i = j;
  }
  return Value::list(std::move(groups));
}

Value f_indent(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("indent", args, {"width", "first", "blank"});
  ops::check_defined(in);
  Value width = b.get_or(0, Value::integer(4));
  bool first = b.has(1) && ops::truthy(b.get(1));
  bool blank = b.has(2) && ops::truthy(b.get(2));
  std::string indention;
  if (width.is_string()) {
    indention = std::string(width.str());
  } else {
    Value rep = ops::mul(Value::string(" "), width);
    indention = std::string(rep.str());
  }
  if (!in.is_string())
    fail(ErrorKind::Type, "unsupported operand type(s) for +=: '" + ops::type_name(in) + "' and 'str'");
  std::string s = std::string(in.str()) + "\n";
  auto lines = text::splitlines(s);
  std::string rv;
  if (blank) {
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i) rv += "\n" + indention;
      rv += lines[i];
    }
  } else {
    rv = lines.empty() ? "" : lines[0];
    if (lines.size() > 1) {
      rv += "\n";
      for (size_t i = 1; i < lines.size(); ++i) {
        if (i > 1) rv += "\n";
        if (!lines[i].empty()) rv += indention;
        rv += lines[i];
      }
    }
  }
  if (first) rv = indention + rv;
  ops::check_size(rv.size(), false);
  return Value::string(std::move(rv));
}

Value f_items(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("items", args, {});
  if (in.is_undefined()) return generator({});
  if (in.kind() != Kind::Dict) fail(ErrorKind::Type, "Can only get item pairs from a mapping.");
  ValueList out;
  for (size_t i = 0; i < in.dict_size(); ++i) out.push_back(Value::tuple({in.dict_key(i), in.dict_value(i)}));
  return generator(std::move(out));
}

void append_join(Evaluator& ev, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("join", args, {"d", "attribute"});
  StrOf sep = b.has(0) ? StrOf(b.get(0)) : StrOf();
  bool by_attribute = b.has(1) && !b.get(1).is_none();
  size_t start = out.size();
  auto put = [&](size_t i, const Value& item) {
    if (i) out += sep;
    ops::append_str(out, item);
    ops::check_size(out.size() - start, false);
  };
  if (in.is_sequence() && !by_attribute) {
    // Joined in place: the usual case needs no copy of the list.
    for (size_t i = 0, n = in.size(); i < n; ++i) put(i, in.at(i));
    return;
  }
  ValueList items = ops::to_list(in);
  if (by_attribute) {
    AttrGetter get(attribute_parts(b.get(1)));
    for (auto& item : items) item = get(ev, item);
  }
  for (size_t i = 0; i < items.size(); ++i) put(i, items[i]);
}

Value f_list(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("list", args, {});
  return Value::list(ops::to_list(in));
}

Value f_lower(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("lower", args, {});
  return Value::string(text::lower(StrOf(in)));
}

Value f_upper(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("upper", args, {});
  return Value::string(text::upper(StrOf(in)));
}

Value f_title(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("title", args, {});
  return Value::string(text::jinja_title(StrOf(in)));
}

Value f_map(Evaluator& ev, const Value& in, const CallArgs& args) {
  if (!ops::truthy(in)) return generator({});
  ValueList items = ops::to_list(in);
  ValueList out;
  if (args.pos.empty()) {
    const Value* attribute = nullptr;
    Value dflt;
    bool has_default = false;
    for (const auto& kv : args.kw) {
      if (kv.first == "attribute") attribute = &kv.second;
      else if (kv.first == "default") dflt = kv.second, has_default = !kv.second.is_none();
    }
    if (attribute) {
      for (const auto& kv : args.kw)
        if (kv.first != "attribute" && kv.first != "default")
          fail(ErrorKind::Type, "Unexpected keyword argument '" + kv.first + "'");
      AttrGetter get(attribute_parts(*attribute), false, dflt, has_default);
      for (auto& item : items) out.push_back(get(ev, item));
      return generator(std::move(out));
    }
    fail(ErrorKind::Type, "map requires a filter argument");
  }
  const Value& name = args.pos[0];
  ops::check_defined(name);
  if (!name.is_string()) fail(ErrorKind::Type, "No filter named " + ops::repr(name) + ".");
  CallArgs rest;
  rest.pos.assign(args.pos.begin() + 1, args.pos.end());
  rest.kw = args.kw;
  std::string fname(name.str());
  int id = ev.filter_id(fname);
  if (id < 0 && !items.empty()) fail(ErrorKind::Type, "no filter named '" + fname + "'");
  for (auto& item : items) out.push_back(ev.call_filter_id(id, item, rest));
  return generator(std::move(out));
}

Value min_max(Evaluator& ev, const Value& in, const CallArgs& args, bool is_max) {
  ArgBinder b(is_max ? "max" : "min", args, {"case_sensitive", "attribute"});
  bool case_sensitive = b.has(0) && ops::truthy(b.get(0));
  ValueList items = ops::to_list(in);
  if (items.empty()) return ev.undefined("No aggregated item, sequence was empty.");
  AttrGetter key(attribute_parts(b.get_or(1, Value())), !case_sensitive);
  size_t best = 0;
  Value best_key = key(ev, items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    Value k = key(ev, items[i]);
    if (is_max ? ops::compare(ops::CompareOp::Gt, k, best_key) : ops::less(k, best_key)) {
      best = i;
      best_key = k;
    }
  }
  return items[best];
}

Value f_min(Evaluator& ev, const Value& in, const CallArgs& args) { return min_max(ev, in, args, false); }
Value f_max(Evaluator& ev, const Value& in, const CallArgs& args) { return min_max(ev, in, args, true); }

Value select_reject(Evaluator& ev, const Value& in, const CallArgs& args, bool select,
                    bool lookup_attr) {
  if (!ops::truthy(in)) return generator({});
  // Lists and tuples are read in place; other iterables are listed first.
  ValueList listed;
  if (!in.is_sequence()) listed = ops::to_list(in);
  size_t n = in.is_sequence() ? in.size() : listed.size();
  auto item_at = [&](size_t i) { return in.is_sequence() ? in.at(i) : listed[i]; };
  size_t off = 0;
  AttrGetter trans;
  if (lookup_attr) {
    if (args.pos.empty()) fail(ErrorKind::Type, "Missing parameter for attribute name");
    trans.parts = attribute_parts(args.pos[0]);
    off = 1;
  }
  bool has_test = args.pos.size() > off;
  int test = -1;
  CallArgs rest;
  if (has_test) {
    ops::check_defined(args.pos[off]);
    if (!args.pos[off].is_string()) fail(ErrorKind::Type, "No test named " + ops::repr(args.pos[off]) + ".");
    std::string test_name(args.pos[off].str());
    test = ev.test_id(test_name);
    if (test < 0 && n > 0) fail(ErrorKind::Type, "no test named '" + test_name + "'");
    rest.pos.assign(args.pos.begin() + static_cast<long>(off) + 1, args.pos.end());
    rest.kw = args.kw;
  }
  ValueList out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    Value item = item_at(i);
    Value v = lookup_attr ? trans(ev, item) : item;
    bool r = has_test ? ev.call_test_id(test, v, rest) : ops::truthy(v);
    if (r == select) out.push_back(std::move(item));
  }
  return generator(std::move(out));
}

Value f_select(Evaluator& ev, const Value& in, const CallArgs& a) { return select_reject(ev, in, a, true, false); }
Value f_reject(Evaluator& ev, const Value& in, const CallArgs& a) { return select_reject(ev, in, a, false, false); }
Value f_selectattr(Evaluator& ev, const Value& in, const CallArgs& a) { return select_reject(ev, in, a, true, true); }
Value f_rejectattr(Evaluator& ev, const Value& in, const CallArgs& a) { return select_reject(ev, in, a, false, true); }

void append_replace(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("replace", args, {"old", "new", "count"}, 2);
  long count = -1;
  if (b.has(2) && !b.get(2).is_none()) count = static_cast<long>(int_arg(b.get(2), ""));
  // Converted in the order gen always has (which undefined value a failure names).
  StrOf repl(b.get(1));
  StrOf old(b.get(0));
  StrOf s(in);
  size_t start = out.size();
  text::append_replace(out, s, old, repl, count);
  ops::check_size(out.size() - start, false);
}

Value f_reverse(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("reverse", args, {});
  ops::check_defined(in);
  if (in.is_string()) {
    auto s = in.str();
    return Value::string(text::slice(s, static_cast<long>(text::length(s)) - 1, -1, -1));
  }
  if (in.kind() == Kind::Iterator) {
    ValueList items = ops::to_list(in);
    std::reverse(items.begin(), items.end());
    return Value::list(std::move(items));
  }
  if (in.is_sequence() || in.kind() == Kind::Dict || in.kind() == Kind::DictView) {
    ValueList items = ops::to_list(in);
    std::reverse(items.begin(), items.end());
    return generator(std::move(items));
  }
  fail(ErrorKind::Type, "argument must be iterable");
}

// Python's round(float, ndigits): correctly rounded, ties to even.
double round_float(double x, int64_t ndigits) {
  if (!std::isfinite(x) || x == 0) return x;
  if (ndigits > 330) return x;
  if (ndigits >= 0) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(ndigits), x);
    return std::strtod(buf, nullptr);
  }
  if (ndigits < -330) return std::copysign(0.0, x);
  // Round to a multiple of 10^-ndigits via the decimal digits of x.
  int exp10 = static_cast<int>(std::floor(std::log10(std::fabs(x))));
  int sig = exp10 + 1 + static_cast<int>(ndigits);  // significant digits kept
  double unit = std::pow(10.0, static_cast<double>(-ndigits));
  if (sig <= 0) {
    double half = unit / 2;
    if (sig < 0 || std::fabs(x) < half) return std::copysign(0.0, x);
    if (std::fabs(x) > half) return std::copysign(unit, x);
    return std::copysign(0.0, x);
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", sig - 1, x);
  return std::strtod(buf, nullptr);
}

Value f_round(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("round", args, {"precision", "method"});
  int64_t precision = b.has(0) ? int_arg(b.get(0), "") : 0;
  Value method = b.get_or(1, Value::string("common"));
  if (!method.is_string() ||
      (method.str() != "common" && method.str() != "ceil" && method.str() != "floor"))
    fail(ErrorKind::Value, "method must be common, ceil or floor");
  ops::check_defined(in);
  if (!in.is_number())
    fail(ErrorKind::Type, "type " + ops::type_name(in) + " doesn't define __round__ method");
  if (method.str() == "common") {
    if (in.is_integral()) {
      int64_t v = in.as_int();
      if (precision >= 0) return Value::integer(v);
      if (precision < -18) return Value::integer(0);
      int64_t unit = 1;
      for (int64_t i = 0; i < -precision; ++i) unit *= 10;
      int64_t q = v / unit, r = v % unit;
      if (r < 0) r += unit, q -= 1;
      if (2 * r > unit || (2 * r == unit && (q & 1))) q += 1;
      return Value::integer(q * unit);
    }
    return Value::floating(round_float(in.as_float(), precision));
  }
  Value scale = ops::power(Value::integer(10), Value::integer(precision));
  Value scaled = ops::mul(in, scale);
  double v = scaled.as_float();
  double r = method.str() == "ceil" ? std::ceil(v) : std::floor(v);
  if (std::isinf(r)) fail(ErrorKind::Value, "cannot convert float infinity to integer");
  if (std::isnan(r)) fail(ErrorKind::Value, "cannot convert float NaN to integer");
  return Value::floating(r / scale.as_float());
}

Value f_slice(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("slice", args, {"slices", "fill_with"}, 1);
  ValueList seq = ops::to_list(in);
  int64_t slices = int_arg(b.get(0), "");
  Value fill = b.get_or(1, Value());
  int64_t length = static_cast<int64_t>(seq.size());
  if (slices == 0) fail(ErrorKind::Value, "integer division or modulo by zero");
  ops::check_size(static_cast<size_t>(std::max<int64_t>(slices, 0)), true);
  auto floordiv = [](int64_t a, int64_t d) {
    int64_t q = a / d;
    if ((a % d != 0) && ((a < 0) != (d < 0))) --q;
    return q;
  };
  int64_t per = floordiv(length, slices);
  int64_t extra = length - per * slices;
  int64_t offset = 0;
  ValueList out;
  for (int64_t n = 0; n < slices; ++n) {
    int64_t start = offset + n * per;
    if (n < extra) ++offset;
    int64_t end = offset + (n + 1) * per;
    auto clamp = [&](int64_t i) {
      if (i < 0) i += length;
      return std::clamp<int64_t>(i, 0, length);
    };
    ValueList tmp;
    for (int64_t i = clamp(start); i < clamp(end); ++i) tmp.push_back(seq[static_cast<size_t>(i)]);
    if (!fill.is_none() && n >= extra) tmp.push_back(fill);
    out.push_back(Value::list(std::move(tmp)));
  }
  return generator(std::move(out));
}

Value f_sort(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("sort", args, {"reverse", "case_sensitive", "attribute"});
  bool reverse = b.has(0) && ops::truthy(b.get(0));
  bool case_sensitive = b.has(1) && ops::truthy(b.get(1));
  MultiAttrGetter key(b.get_or(2, Value()), false);
  ValueList items = ops::to_list(in);
  ValueList keys;
  keys.reserve(items.size());
  for (auto& item : items) keys.push_back(key(ev, item));
  return Value::list(sorted_by(std::move(items), keys, reverse, !case_sensitive));
}

Value f_string(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("string", args, {});
  if (in.is_string()) return in;
  return Value::string(ops::to_str(in));
}

Value f_sum(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("sum", args, {"attribute", "start"});
  Value total = b.get_or(1, Value::integer(0));
  if (total.is_string()) fail(ErrorKind::Type, "sum() can't sum strings [use ''.join(seq) instead]");
  ValueList items = ops::to_list(in);
  if (b.has(0) && !b.get(0).is_none()) {
    AttrGetter get(attribute_parts(b.get(0)));
    for (auto& item : items) item = get(ev, item);
  }
  for (const auto& item : items) total = ops::add(total, item);
  return total;
}

Value f_trim(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("trim", args, {"chars"});
  std::string s = ops::to_str(in);
  if (!b.has(0) || b.get(0).is_none()) return Value::string(text::strip(s, true, true));
  ops::check_defined(b.get(0));
  if (!b.get(0).is_string())
    fail(ErrorKind::Type, "strip arg must be None or str");
  return Value::string(text::strip_chars(s, b.get(0).str(), true, true));
}

Value f_truncate(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("truncate", args, {"length", "killwords", "end", "leeway"});
  int64_t length = b.has(0) ? int_arg(b.get(0), "") : 255;
  bool killwords = b.has(1) && ops::truthy(b.get(1));
  Value end = b.get_or(2, Value::string("..."));
  Value leeway_v = b.get_or(3, Value());
  int64_t leeway = leeway_v.is_none() ? 5 : int_arg(leeway_v, "");
  int64_t end_len = ops::length(end);
  if (length < end_len)
    fail(ErrorKind::Value, "expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
  if (leeway < 0) fail(ErrorKind::Value, "expected leeway >= 0, got " + std::to_string(leeway));
  if (ops::length(in) <= length + leeway) return in;
  if (!in.is_string() || !end.is_string())
    fail(ErrorKind::Type, "truncate needs a string");
  std::string s(in.str());
  std::string head = text::slice(s, 0, std::max<int64_t>(0, length - end_len), 1);
  if (killwords) return Value::string(head + std::string(end.str()));
  return Value::string(text::rsplit(head, " ", 1)[0] + std::string(end.str()));
}

Value f_unique(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("unique", args, {"case_sensitive", "attribute"});
  bool case_sensitive = b.has(0) && ops::truthy(b.get(0));
  AttrGetter key(attribute_parts(b.get_or(1, Value())), !case_sensitive);
  std::set<std::string> seen;
  ValueList out;
  for (auto& item : ops::to_list(in)) {
    Value k = key(ev, item);
    ops::check_hashable(k);
    if (seen.insert(ops::hash_key(k)).second) out.push_back(item);
  }
  return generator(std::move(out));
}

Value f_wordcount(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("wordcount", args, {});
  return Value::integer(static_cast<int64_t>(text::word_count(StrOf(in))));
}

Value f_filesizeformat(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("filesizeformat", args, {"binary"});
  bool binary = b.has(0) && ops::truthy(b.get(0));
  ops::check_defined(in);
  double bytes;
  if (in.is_number()) bytes = in.as_float();
  else if (!in.is_string() || !ops::parse_float(in.str(), bytes))
    fail(ErrorKind::Value, "could not convert string to float: " + ops::repr(in));
  double base = binary ? 1024 : 1000;
  static const char* bin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  static const char* dec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  if (bytes == 1) return Value::string("1 Byte");
  if (bytes < base) {
    if (!std::isfinite(bytes)) fail(ErrorKind::Value, "cannot convert float to integer");
    return Value::string(std::to_string(static_cast<int64_t>(std::trunc(bytes))) + " Bytes");
  }
  double unit = base;
  const char* prefix = "";
  for (int i = 0; i < 8; ++i) {
    unit = std::pow(base, i + 2);
    prefix = binary ? bin[i] : dec[i];
    if (bytes < unit) break;
  }
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, prefix);
  return Value::string(buf);
}

// ------------------------------------------------------------------ tojson

void json_string(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  // Jinja2's htmlsafe_json_dumps also replaces < > & ' (only strings can
  // hold them), so that happens here too.
  // Bytes that json_dump escapes: controls, non-ASCII, " \\ and < > & '.
  static const auto special = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
      t[c] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' ||
             c == '\'';
    return t;
  }();
  bool simple = true;
  for (char c : s) {
    if (special[static_cast<unsigned char>(c)]) {
      simple = false;
      break;
    }
  }
  if (simple) {
    out += s;
    out += '"';
    return;
  }
  for (uint32_t cp : text::decode(s)) {
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '<': out += "\\u003c"; continue;
      case '>': out += "\\u003e"; continue;
      case '&': out += "\\u0026"; continue;
      case '\'': out += "\\u0027"; continue;
      default: break;
    }
    auto u4 = [&](uint32_t c) {
      out += "\\u";
      for (int sh = 12; sh >= 0; sh -= 4) out += hex[(c >> sh) & 15];
    };
    if (cp < 0x20) u4(cp);
    else if (cp < 0x7f) out += static_cast<char>(cp);
    else if (cp == 0x7f) out += static_cast<char>(cp);
    else if (cp < 0x10000) u4(cp);
    else {
      uint32_t v = cp - 0x10000;
      u4(0xD800 | (v >> 10));
      u4(0xDC00 | (v & 0x3FF));
    }
  }
  out += '"';
}

void json_dump(std::string& out, const Value& v, const std::string* indent, int level, int depth) {
  if (depth > 500) fail(ErrorKind::Limit, "value nested too deeply (more than 500 levels)");
  auto newline = [&](int lvl) {
    out += '\n';
    for (int i = 0; i < lvl; ++i) out += *indent;
  };
  switch (v.kind()) {
    case Kind::None: out += "null"; return;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Kind::Int: out += std::to_string(v.as_int()); return;
    case Kind::Float: {
      double d = v.as_float();
      if (std::isnan(d)) out += "NaN";
      else if (std::isinf(d)) out += d > 0 ? "Infinity" : "-Infinity";
      else out += ops::float_repr(d);
      return;
    }
    case Kind::String: json_string(out, v.str()); return;
    case Kind::List:
    case Kind::Tuple: {
      size_t n = v.size();
      if (n == 0) {
        out += "[]";
        return;
      }
      out += '[';
      for (size_t i = 0; i < n; ++i) {
        if (i) out += indent ? "," : ", ";
        if (indent) newline(level + 1);
        json_dump(out, v.at(i), indent, level + 1, depth + 1);
      }
      if (indent) newline(level);
      out += ']';
      return;
    }
    case Kind::Dict: {
      size_t n = v.dict_size();
      if (n == 0) {
        out += "{}";
        return;
      }
      ValueList keys, idx;
      for (size_t i = 0; i < n; ++i) keys.push_back(v.dict_key(i));
      std::vector<size_t> order(n);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return ops::less(keys[a], keys[b]); });
      out += '{';
      bool first = true;
      for (size_t i : order) {
        if (!first) out += indent ? "," : ", ";
        first = false;
        if (indent) newline(level + 1);
        const Value& k = keys[i];
        switch (k.kind()) {
          case Kind::String: json_string(out, k.str()); break;
          case Kind::Bool: out += k.as_bool() ? "\"true\"" : "\"false\""; break;
          case Kind::None: out += "\"null\""; break;
          case Kind::Int: out += "\"" + std::to_string(k.as_int()) + "\""; break;
          case Kind::Float: {
            std::string t;
            json_dump(t, k, nullptr, 0, depth + 1);
            out += "\"" + t + "\"";
            break;
          }
          default:
            fail(ErrorKind::Type, "keys must be str, int, float, bool or None, not " + ops::type_name(k));
        }
        out += ": ";
        json_dump(out, v.dict_value(i), indent, level + 1, depth + 1);
      }
      if (indent) newline(level);
      out += '}';
      return;
    }
    case Kind::Undefined: ops::use_undefined(v);
    default:
      fail(ErrorKind::Type, "Object of type " + ops::type_name(v) + " is not JSON serializable");
  }
}

void append_tojson(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  std::string indent;
  bool has_indent = false;
  if (!args.pos.empty() || !args.kw.empty()) {
    ArgBinder b("tojson", args, {"indent"});
    has_indent = b.has(0) && !b.get(0).is_none();
    if (has_indent) {
      const Value& i = b.get(0);
      ops::check_defined(i);
      if (i.is_string()) indent = std::string(i.str());
      else indent = std::string(ops::mul(Value::string(" "), i).str());
    }
  }
  json_dump(out, in, has_indent ? &indent : nullptr, 0, 0);
}



}  // namespace

void add_jinja_filters(Registry& r) {
  r.set_filter("abs", f_abs);
  r.set_filter("attr", f_attr);
  r.set_filter("batch", f_batch);
  r.set_filter("capitalize", f_capitalize);
  r.set_filter("center", f_center);
  r.set_filter("count", f_length);
  r.set_filter("d", f_default);
  r.set_filter("default", f_default);
  r.set_filter("dictsort", f_dictsort);
  r.set_filter("filesizeformat", f_filesizeformat);
  r.set_filter("first", f_first);
  r.set_filter("float", f_float);
  r.set_filter("format", f_format);
  r.set_filter("groupby", f_groupby);
  r.set_filter("indent", f_indent);
  r.set_filter("int", f_int);
  r.set_filter("items", f_items);
  r.set_filter("join", filter_from_append<append_join>, append_join);
  r.set_filter("last", f_last);
  r.set_filter("length", f_length);
  r.set_filter("list", f_list);
  r.set_filter("lower", f_lower);
  r.set_filter("map", f_map);
  r.set_filter("max", f_max);
  r.set_filter("min", f_min);
  r.set_filter("reject", f_reject);
  r.set_filter("rejectattr", f_rejectattr);
  r.set_filter("replace", filter_from_append<append_replace>, append_replace);
  r.set_filter("reverse", f_reverse);
  r.set_filter("round", f_round);
  r.set_filter("select", f_select);
  r.set_filter("selectattr", f_selectattr);
  r.set_filter("slice", f_slice);
  r.set_filter("sort", f_sort);
  r.set_filter("string", f_string);
  r.set_filter("sum", f_sum);
  r.set_filter("title", f_title);
  r.set_filter("tojson", filter_from_append<append_tojson>, append_tojson);
  r.set_filter("trim", f_trim);
  r.set_filter("truncate", f_truncate);
  r.set_filter("unique", f_unique);
  r.set_filter("upper", f_upper);
  r.set_filter("wordcount", f_wordcount);
}

}  // namespace gen::tmpl
