#include "template/methods.h"

#include <algorithm>
#include <set>

#include "template/error.h"
#include "template/evaluator.h"
#include "template/text.h"
#include "template/value_ops.h"

namespace gen::tmpl {
namespace {

// Python's attribute names per type: the supported ones work, the others
// are real attributes that gen reports as unsupported when called.
const std::set<std::string> kStrMethods = {
    "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find",
    "format", "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit",
    "isidentifier", "islower", "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join",
    "ljust", "lower", "lstrip", "maketrans", "partition", "removeprefix", "removesuffix",
    "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split",
    "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill"};
const std::set<std::string> kStrSupported = {
    "capitalize", "center", "count", "endswith", "find", "index", "isalnum", "isalpha",
    "isascii", "isdecimal", "isdigit", "islower", "isnumeric", "isspace", "istitle", "isupper",
    "join", "ljust", "lower", "lstrip", "partition", "removeprefix", "removesuffix", "replace",
    "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
    "startswith", "strip", "swapcase", "title", "upper", "zfill"};
const std::set<std::string> kDictMethods = {"clear", "copy", "fromkeys", "get", "items", "keys",
                                            "pop", "popitem", "setdefault", "update", "values"};
const std::set<std::string> kDictSupported = {"copy", "get", "items", "keys", "values"};
const std::set<std::string> kListMethods = {"append", "clear", "copy", "count", "extend", "index",
                                            "insert", "pop", "remove", "reverse", "sort"};
const std::set<std::string> kListSupported = {"copy", "count", "index"};
const std::set<std::string> kTupleMethods = {"count", "index"};
const std::set<std::string> kIntMethods = {
    "as_integer_ratio", "bit_count", "bit_length", "conjugate", "from_bytes", "to_bytes"};
const std::set<std::string> kFloatMethods = {"as_integer_ratio", "conjugate", "fromhex", "hex",
                                             "is_integer"};
const std::vector<std::string> kLoopAttrs = {"index",  "index0", "revindex", "revindex0",
                                             "first",  "last",   "length",   "depth",
                                             "depth0", "previtem", "nextitem", "cycle", "changed"};

Value method(const Value& self, const std::string& name, bool supported) {
  auto m = std::make_shared<MethodObject>();
  m->name = name;
  m->self = self;
  m->supported = supported;
  return Value::object(Kind::Method, std::move(m));
}

bool lookup_method(const Value& self, const std::string& name, const std::set<std::string>& all,
                   const std::set<std::string>& supported, Value& out) {
  if (!all.count(name)) return false;
  out = method(self, name, supported.count(name) > 0);
  return true;
}

std::string need_str(const Value& v, const char* what) {
  ops::check_defined(v);
  if (!v.is_string())
    fail(ErrorKind::Type, std::string(what) + " must be str, not " + ops::type_name(v));
  return std::string(v.str());
}

int64_t need_int(const Value& v, const char* what) {
  ops::check_defined(v);
  if (!v.is_integral())
    fail(ErrorKind::Type, std::string(what) + ": '" + ops::type_name(v) +
                              "' object cannot be interpreted as an integer");
  return v.as_int();
}

// Python's slice normalisation of optional start/end arguments.
void bounds(const ArgBinder& b, size_t i_start, size_t i_end, int64_t len, int64_t& start,
            int64_t& end) {
  start = 0;
  end = len;
  auto norm = [&](int64_t v) {
    if (v < 0) v += len;
    return std::clamp<int64_t>(v, 0, len);
  };
  if (b.has(i_start) && !b.get(i_start).is_none()) start = norm(need_int(b.get(i_start), "slice index"));
  if (b.has(i_end) && !b.get(i_end).is_none()) end = norm(need_int(b.get(i_end), "slice index"));
}

Value str_list(std::vector<std::string> parts) {
  ValueList items;
  items.reserve(parts.size());
  for (auto& p : parts) items.push_back(Value::string(std::move(p)));
  return Value::list(std::move(items));
}

// Code point index of `sub` in s[start:end], searching forward or backward.
int64_t find_cp(const std::string& s, const std::string& sub, int64_t start, int64_t end, bool reverse) {
  if (start > end) return -1;
  std::string hay = text::slice(s, start, end, 1);
  size_t at = reverse ? hay.rfind(sub) : hay.find(sub);
  if (at == std::string::npos) return -1;
  return start + static_cast<int64_t>(text::length(std::string_view(hay).substr(0, at)));
}

Value call_str(Evaluator&, const MethodObject& m, const CallArgs& args) {
  const std::string s(m.self.str());
  const std::string& n = m.name;
  auto len = [&]() { return static_cast<int64_t>(text::length(s)); };
  if (n == "upper" || n == "lower" || n == "capitalize" || n == "title" || n == "swapcase" ||
      n == "isalnum" || n == "isalpha" || n == "isascii" || n == "isdecimal" || n == "isdigit" ||
      n == "islower" || n == "isnumeric" || n == "isspace" || n == "istitle" || n == "isupper") {
    ArgBinder b(n.c_str(), args, {});
    if (n == "upper") return Value::string(text::upper(s));
    if (n == "lower") return Value::string(text::lower(s));
    if (n == "capitalize") return Value::string(text::capitalize(s));
    if (n == "title") return Value::string(text::title(s));
    if (n == "swapcase") return Value::string(text::swapcase(s));
    if (n == "isalnum") return Value::boolean(text::all_of(s, text::is_alnum));
    if (n == "isalpha") return Value::boolean(text::all_of(s, text::is_alpha));
    if (n == "isascii") return Value::boolean(text::is_ascii(s));
    if (n == "isdecimal")
      return Value::boolean(text::all_of(s, [](uint32_t c) { return text::decimal_value(c) >= 0; }));
    if (n == "isdigit") return Value::boolean(text::all_of(s, text::is_digit));
    if (n == "isnumeric") return Value::boolean(text::all_of(s, text::is_numeric));
    if (n == "isspace") return Value::boolean(text::all_of(s, text::is_space));
    if (n == "islower") return Value::boolean(text::islower(s));
    if (n == "isupper") return Value::boolean(text::isupper(s));
    return Value::boolean(text::istitle(s));
  }
  if (n == "startswith" || n == "endswith") {
    ArgBinder b(n.c_str(), args, {"prefix", "start", "end"}, 1);
    int64_t start, end;
    bounds(b, 1, 2, len(), start, end);
    if (start > end) return Value::boolean(false);
    std::string part = text::slice(s, start, end, 1);
    auto test = [&](const Value& p) {
      ops::check_defined(p);
      if (!p.is_string())
        fail(ErrorKind::Type, n + " first arg must be str or a tuple of str, not " + ops::type_name(p));
      auto sub = p.str();
      if (sub.size() > part.size()) return false;
      return n == "startswith" ? part.compare(0, sub.size(), sub) == 0
                               : part.compare(part.size() - sub.size(), sub.size(), sub) == 0;
    };
    const Value& p = b.get(0);
    if (p.kind() == Kind::Tuple) {
      for (size_t i = 0; i < p.size(); ++i)
        if (test(p.at(i))) return Value::boolean(true);
      return Value::boolean(false);
    }
    return Value::boolean(test(p));
  }
  if (n == "split" || n == "rsplit") {
    ArgBinder b(n.c_str(), args, {"sep", "maxsplit"});
    long maxsplit = b.has(1) ? static_cast<long>(need_int(b.get(1), n.c_str())) : -1;
    if (!b.has(0) || b.get(0).is_none())
      return str_list(n == "split" ? text::split_whitespace(s, maxsplit)
                                   : text::rsplit_whitespace(s, maxsplit));
    std::string sep = need_str(b.get(0), "sep");
    if (sep.empty()) fail(ErrorKind::Value, "empty separator");
    return str_list(n == "split" ? text::split(s, sep, maxsplit) : text::rsplit(s, sep, maxsplit));
  }
  if (n == "splitlines") {
    ArgBinder b(n.c_str(), args, {"keepends"});
    bool keep = b.has(0) && ops::truthy(b.get(0));
    return str_list(text::splitlines(s, keep));
  }
  if (n == "strip" || n == "lstrip" || n == "rstrip") {
    ArgBinder b(n.c_str(), args, {"chars"});
    bool l = n != "rstrip", r = n != "lstrip";
    if (!b.has(0) || b.get(0).is_none()) return Value::string(text::strip(s, l, r));
    return Value::string(text::strip_chars(s, need_str(b.get(0), "chars"), l, r));
  }
  if (n == "replace") {
    ArgBinder b(n.c_str(), args, {"old", "new", "count"}, 2);
    long count = b.has(2) ? static_cast<long>(need_int(b.get(2), "count")) : -1;
    return Value::string(text::replace(s, need_str(b.get(0), "replace() argument 1"),
                                       need_str(b.get(1), "replace() argument 2"), count));
  }
  if (n == "join") {
    ArgBinder b(n.c_str(), args, {"iterable"}, 1);
    ValueList items = ops::to_list(b.get(0));
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
      ops::check_defined(items[i]);
      if (!items[i].is_string())
        fail(ErrorKind::Type, "sequence item " + std::to_string(i) + ": expected str instance, " +
                                  ops::type_name(items[i]) + " found");
      if (i) out += s;
      out += items[i].str();
      ops::check_size(out.size(), false);
    }
    return Value::string(std::move(out));
  }
  if (n == "find" || n == "rfind" || n == "index" || n == "rindex" || n == "count") {
    ArgBinder b(n.c_str(), args, {"sub", "start", "end"}, 1);
    std::string sub = need_str(b.get(0), "must be str");
    int64_t start, end;
    bounds(b, 1, 2, len(), start, end);
    if (n == "count") {
      if (start > end) return Value::integer(0);
      std::string hay = text::slice(s, start, end, 1);
      if (sub.empty()) return Value::integer(static_cast<int64_t>(text::length(hay)) + 1);
      int64_t c = 0;
      for (size_t at = hay.find(sub); at != std::string::npos; at = hay.find(sub, at + sub.size())) ++c;
      return Value::integer(c);
    }
    int64_t at = find_cp(s, sub, start, end, n[0] == 'r');
    if (at < 0 && (n == "index" || n == "rindex")) fail(ErrorKind::Value, "substring not found");
    return Value::integer(at);
  }
  if (n == "center" || n == "ljust" || n == "rjust") {
    ArgBinder b(n.c_str(), args, {"width", "fillchar"}, 1);
    int64_t width = need_int(b.get(0), n.c_str());
    uint32_t fill = ' ';
    if (b.has(1)) {
      std::string f = need_str(b.get(1), "fillchar");
      if (text::length(f) != 1)
        fail(ErrorKind::Type, "The fill character must be exactly one character long");
      fill = text::decode(f)[0];
    }
    if (width > static_cast<int64_t>(ops::kMaxStringBytes)) ops::check_size(ops::kMaxStringBytes + 1, false);
    if (n == "center") return Value::string(text::center(s, static_cast<long>(width), fill));
    int64_t pad = width - len();
    if (pad <= 0) return m.self;
    std::string fills;
    for (int64_t i = 0; i < pad; ++i) text::append_utf8(fills, fill);
    return Value::string(n == "ljust" ? s + fills : fills + s);
  }
  if (n == "zfill") {
    ArgBinder b(n.c_str(), args, {"width"}, 1);
    int64_t width = need_int(b.get(0), "zfill");
    int64_t pad = width - len();
    if (pad <= 0) return m.self;
    if (width > static_cast<int64_t>(ops::kMaxStringBytes)) ops::check_size(ops::kMaxStringBytes + 1, false);
    std::string zeros(static_cast<size_t>(pad), '0');
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) return Value::string(s.substr(0, 1) + zeros + s.substr(1));
    return Value::string(zeros + s);
  }
  if (n == "removeprefix" || n == "removesuffix") {
    ArgBinder b(n.c_str(), args, {"affix"}, 1);
    std::string a = need_str(b.get(0), n.c_str());
    if (n == "removeprefix" && s.compare(0, a.size(), a) == 0) return Value::string(s.substr(a.size()));
    if (n == "removesuffix" && !a.empty() && s.size() >= a.size() &&
        s.compare(s.size() - a.size(), a.size(), a) == 0)
      return Value::string(s.substr(0, s.size() - a.size()));
    return m.self;
  }
  if (n == "partition" || n == "rpartition") {
    ArgBinder b(n.c_str(), args, {"sep"}, 1);
    std::string sep = need_str(b.get(0), n.c_str());
    if (sep.empty()) fail(ErrorKind::Value, "empty separator");
    size_t at = n == "partition" ? s.find(sep) : s.rfind(sep);
    if (at == std::string::npos) {
      if (n == "partition") return Value::tuple({m.self, Value::string(""), Value::string("")});
      return Value::tuple({Value::string(""), Value::string(""), m.self});
    }
    return Value::tuple({Value::string(s.substr(0, at)), Value::string(sep),
                         Value::string(s.substr(at + sep.size()))});
  }
  fail(ErrorKind::Unsupported, "the str method '" + n + "' is not supported by gen");
}

Value call_dict(Evaluator& ev, const MethodObject& m, const CallArgs& args) {
  const std::string& n = m.name;
  if (n == "keys" || n == "values" || n == "items") {
    ArgBinder b(n.c_str(), args, {});
    auto which = n == "keys" ? DictViewObject::Keys
                 : n == "values" ? DictViewObject::Values : DictViewObject::Items;
    return Value::object(Kind::DictView, std::make_shared<DictViewObject>(which, m.self));
  }
  if (n == "get") {
    ArgBinder b(n.c_str(), args, {"key", "default"}, 1);
    const Value& key = b.get(0);
    ops::check_hashable(key);
    // Reuse the `in` machinery: key present -> its value.
    if (ops::contains(m.self, key)) return ev.getitem(m.self, key);
    return b.get_or(1, Value());
  }
  if (n == "copy") {
    ArgBinder b(n.c_str(), args, {});
    std::vector<std::pair<Value, Value>> items;
    for (size_t i = 0; i < m.self.dict_size(); ++i)
      items.emplace_back(m.self.dict_key(i), m.self.dict_value(i));
    return Value::dict(std::move(items));
  }
  fail(ErrorKind::Unsupported, "the dict method '" + n +
                                   "' is not supported by gen (template values are read-only)");
}

Value call_sequence(Evaluator&, const MethodObject& m, const CallArgs& args) {
  const std::string& n = m.name;
  if (n == "count" || n == "index") {
    ArgBinder b(n.c_str(), args, {"value"}, 1);
    int64_t count = 0;
    for (size_t i = 0; i < m.self.size(); ++i) {
      if (ops::equals(m.self.at(i), b.get(0))) {
        if (n == "index") return Value::integer(static_cast<int64_t>(i));
        ++count;
      }
    }
    if (n == "index") fail(ErrorKind::Value, ops::repr(b.get(0)) + " is not in " + ops::type_name(m.self));
    return Value::integer(count);
  }
  if (n == "copy" && m.self.kind() == Kind::List) {
    ArgBinder b(n.c_str(), args, {});
    return Value::list(ops::to_list(m.self));
  }
  fail(ErrorKind::Unsupported, "the " + ops::type_name(m.self) + " method '" + n +
                                   "' is not supported by gen (template values are read-only)");
}

Value call_loop(const MethodObject& m, const CallArgs& args) {
  auto* loop = m.self.as<LoopObject>();
  if (!args.kw.empty()) fail(ErrorKind::Type, m.name + "() takes no keyword arguments");
  if (m.name == "cycle") {
    if (args.pos.empty()) fail(ErrorKind::Type, "no items for cycling given");
    return args.pos[static_cast<size_t>(loop->index0) % args.pos.size()];
  }
  // changed(*values): true when called with different values than last time.
  Value now = Value::tuple(args.pos);
  if (loop->has_last_changed && ops::equals(loop->last_changed, now)) return Value::boolean(false);
  loop->last_changed = now;
  loop->has_last_changed = true;
  return Value::boolean(true);
}

}  // namespace

// Whether `n` names a dict method: attribute access on dicts (context
// data) is the hot path of rendering, so no set lookup.
bool maybe_dict_method(const std::string& n) {
  auto is = [&](const char* m) { return n.compare(0, std::string::npos, m, n.size()) == 0; };
  switch (n.size()) {
    case 3: return (n[0] == 'g' && is("get")) || (n[0] == 'p' && is("pop"));
    case 4: return (n[0] == 'k' && is("keys")) || (n[0] == 'c' && is("copy"));
    case 5: return (n[0] == 'i' && is("items")) || (n[0] == 'c' && is("clear"));
    case 6: return (n[0] == 'v' && is("values")) || (n[0] == 'u' && is("update"));
    case 7: return n[0] == 'p' && is("popitem");
    case 8: return n[0] == 'f' && is("fromkeys");
    case 10: return n[0] == 's' && is("setdefault");
    default: return false;
  }
}

bool is_dict_method(const std::string& name) { return maybe_dict_method(name); }

bool get_attribute(Evaluator& ev, const Value& self, const std::string& name, Value& out) {
  switch (self.kind()) {
    case Kind::String: return lookup_method(self, name, kStrMethods, kStrSupported, out);
    case Kind::Dict:
      return maybe_dict_method(name) && lookup_method(self, name, kDictMethods, kDictSupported, out);
    case Kind::List: return lookup_method(self, name, kListMethods, kListSupported, out);
    case Kind::Tuple:
      if (self.as<ListObject>() && !self.json_node() && self.as<ListObject>()->group) {
        if (name == "grouper") return out = self.at(0), true;
        if (name == "list") return out = self.at(1), true;
      }
      return lookup_method(self, name, kTupleMethods, kTupleMethods, out);
    case Kind::Range: {
      auto* r = self.as<ListObject>();
      if (name == "start") return out = Value::integer(r->start), true;
      if (name == "stop") return out = Value::integer(r->stop), true;
      if (name == "step") return out = Value::integer(r->step), true;
      return lookup_method(self, name, kTupleMethods, kTupleMethods, out);
    }
    case Kind::Bool:
    case Kind::Int:
      if (name == "real" || name == "numerator") return out = Value::integer(self.as_int()), true;
      if (name == "imag") return out = Value::integer(0), true;
      if (name == "denominator") return out = Value::integer(1), true;
      return lookup_method(self, name, kIntMethods, {}, out);
    case Kind::Float:
      if (name == "real") return out = self, true;
      if (name == "imag") return out = Value::floating(0.0), true;
      return lookup_method(self, name, kFloatMethods, {}, out);
    case Kind::Namespace:
      if (Value* v = self.as<NamespaceObject>()->find(name)) return out = *v, true;
      return false;
    case Kind::Module:
      if (const Value* v = self.as<ModuleObject>()->find(name)) return out = *v, true;
      return false;
    case Kind::Loop: {
      auto* l = self.as<LoopObject>();
      if (name == "index") return out = Value::integer(l->index0 + 1), true;
      if (name == "index0") return out = Value::integer(l->index0), true;
      if (name == "revindex") return out = Value::integer(l->length - l->index0), true;
      if (name == "revindex0") return out = Value::integer(l->length - l->index0 - 1), true;
      if (name == "first") return out = Value::boolean(l->index0 == 0), true;
      if (name == "last") return out = Value::boolean(l->index0 + 1 == l->length), true;
      if (name == "length") return out = Value::integer(l->length), true;
      if (name == "depth") return out = Value::integer(l->depth0 + 1), true;
      if (name == "depth0") return out = Value::integer(l->depth0), true;
      if (name == "previtem") {
        if (l->index0 == 0) return out = ev.undefined("there is no previous item"), true;
        return out = l->item(static_cast<size_t>(l->index0 - 1)), true;
      }
      if (name == "nextitem") {
        if (l->index0 + 1 >= l->length) return out = ev.undefined("there is no next item"), true;
        return out = l->item(static_cast<size_t>(l->index0 + 1)), true;
      }
      if (name == "cycle" || name == "changed") return out = method(self, name, true), true;
      return false;
    }
    case Kind::Macro: {
      if (name == "name") return out = Value::string(self.as<CallableObject>()->name), true;
      return false;
    }
    default: return false;
  }
}

Value call_method(Evaluator& ev, const MethodObject& m, const CallArgs& args) {
  if (!m.supported)
    fail(ErrorKind::Unsupported, "the " + ops::type_name(m.self) + " method '" + m.name +
                                     "' is not supported by gen");
  switch (m.self.kind()) {
    case Kind::String: return call_str(ev, m, args);
    case Kind::Dict: return call_dict(ev, m, args);
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range: return call_sequence(ev, m, args);
    case Kind::Loop: return call_loop(m, args);
    default:
      fail(ErrorKind::Unsupported, "the " + ops::type_name(m.self) + " method '" + m.name +
                                       "' is not supported by gen");
  }
}

std::vector<std::string> attribute_names(const Value& self) {
  std::vector<std::string> out;
  switch (self.kind()) {
    case Kind::Dict:
      for (size_t i = 0; i < self.dict_size(); ++i) {
        Value k = self.dict_key(i);
        if (k.is_string()) out.emplace_back(k.str());
      }
      out.insert(out.end(), kDictSupported.begin(), kDictSupported.end());
      break;
    case Kind::String: out.assign(kStrSupported.begin(), kStrSupported.end()); break;
    case Kind::Namespace:
      for (const auto& kv : self.as<NamespaceObject>()->attrs) out.push_back(kv.first);
      break;
    case Kind::Module:
      for (const auto& kv : self.as<ModuleObject>()->exports) out.push_back(kv.first);
      break;
    case Kind::Loop: out = kLoopAttrs; break;
    default: break;
  }
  return out;
}

}  // namespace gen::tmpl
