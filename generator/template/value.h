// The values templates compute with, modelled on the Python objects Jinja2
// sees. A Value is small (32 bytes) and cheap to copy: JSON from the context
// and string literals from a parsed template are *borrowed* by pointer (the
// context and the template outlive the render), and values built while
// rendering live in reference-counted objects. No JSON is copied to read it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace gen {
class JsonFields;  // util/json_view.h
}

namespace gen::tmpl {

using Json = nlohmann::ordered_json;

// The Python type a value stands for. Bool is separate from Int although
// Python's bool is an int subclass: arithmetic treats it as 0/1.
enum class Kind : uint8_t {
  Undefined,  // a missing name or attribute (StrictUndefined: most uses fail)
  None,
  Bool,
  Int,  // 64-bit; overflow is an error (Python's ints are unbounded)
  Float,
  String,
  List,
  Tuple,
  Dict,
  Range,     // range(start, stop, step), materialised as a list
  Iterator,  // a one-shot generator, as returned by map/select/...
  DictView,  // dict.keys() / .values() / .items()
  Macro,     // a macro or a call block's caller
  Namespace,
  Loop,    // the `loop` variable of a for loop
  Module,  // an imported template
  Method,  // a bound method such as dict.items (callable)
  Function,  // a global function (range, dict, namespace)
};

// Base of every heap value (lists, dicts, macros, ...).
struct Object {
  virtual ~Object() = default;
  // Drops the references a mutable object holds (scopes, namespaces, loop
  // state), so reference cycles between them are freed after a render.
  virtual void break_cycles() {}
};

class Value;
using ValueList = std::vector<Value>;

class Value {
 public:
  Value() = default;  // None
  static Value undefined(std::shared_ptr<Object> info);
  static Value none() { return Value(); }
  static Value boolean(bool b);
  static Value integer(int64_t i);
  static Value floating(double f);
  static Value string(std::string s);
  // Borrows `s`: it must outlive every use of the value.
  static Value string_ref(const std::string* s);
  // Borrows a JSON node (any type) from the render context. A node built on
  // demand (util/json_lazy.h) is built here, and the value, and every value
  // read from it, keeps it alive; a view (util/json_view.h) becomes a dict
  // whose values are built as they are read.
  static Value json(const Json& j);
  static Value list(ValueList items);
  static Value tuple(ValueList items);
  static Value range(int64_t start, int64_t stop, int64_t step);
  static Value dict(std::vector<std::pair<Value, Value>> items);
  static Value object(Kind kind, std::shared_ptr<Object> obj);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::Undefined; }
  bool is_none() const { return kind_ == Kind::None; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_number() const {
    return kind_ == Kind::Int || kind_ == Kind::Float || kind_ == Kind::Bool;
  }
  bool is_integral() const { return kind_ == Kind::Int || kind_ == Kind::Bool; }
  // List, Tuple or Range: indexable sequences.
  bool is_sequence() const {
    return kind_ == Kind::List || kind_ == Kind::Tuple || kind_ == Kind::Range;
  }

  bool as_bool() const { return b_; }
  int64_t as_int() const { return kind_ == Kind::Bool ? (b_ ? 1 : 0) : i_; }
  double as_float() const {
    return kind_ == Kind::Float ? f_ : static_cast<double>(as_int());
  }
  std::string_view str() const { return *s_; }
  const std::string& str_ref() const { return *s_; }

  // Sequences (List, Tuple, Range).
  size_t size() const;
  Value at(size_t i) const;
  // Dicts, in insertion order.
  size_t dict_size() const;
  Value dict_key(size_t i) const;
  Value dict_value(size_t i) const;
  // Looks up a string key without allocating; false when absent. `hint`
  // (optional) is the slot to try first and receives the slot found.
  bool dict_find(std::string_view key, Value& out, uint32_t* hint = nullptr) const;

  // The borrowed JSON node behind a List or Dict, or nullptr.
  const Json* json_node() const { return borrowed_ ? j_ : nullptr; }
  // True for a Dict that, like every JSON object, has only string keys (a
  // DictObject built by a template may have others).
  bool has_only_string_keys() const { return borrowed_ || view_; }
  // True when the borrowed data was built on demand and may be freed once
  // no value refers to it (so its address may be reused: no cache may key
  // on it).
  bool built_on_demand() const { return keeps_alive_; }
  Object* obj() const { return keeps_alive_ ? nullptr : obj_.get(); }
  template <class T>
  T* as() const { return keeps_alive_ ? nullptr : static_cast<T*>(obj_.get()); }
  const std::shared_ptr<Object>& obj_ptr() const { return keeps_alive_ ? no_object() : obj_; }

  // True when both denote the same heap object (Python's `is`).
  bool same_object(const Value& other) const;

 private:
  static const std::shared_ptr<Object>& no_object();
  // Value::json(j), kept alive by what keeps this value alive.
  Value child(const Json& j) const;
  // Value::json(*built), keeping `built` alive.
  static Value json_kept(const std::shared_ptr<const Json>& built);

  Kind kind_ = Kind::None;
  bool borrowed_ = false;  // List/Dict data is the JSON node j_
  // obj_ is not the value's object but what keeps its borrowed JSON (or
  // string) alive: a node built on demand.
  bool keeps_alive_ = false;
  bool view_ = false;      // Dict data is the source v_ (util/json_view.h)
  union {
    bool b_;
    int64_t i_ = 0;
    double f_;
    const std::string* s_;
    const Json* j_;
    const JsonFields* v_;
  };
  std::shared_ptr<Object> obj_;
};

// --- heap objects ------------------------------------------------------------

struct StringObject : Object {
  explicit StringObject(std::string s) : text(std::move(s)) {}
  std::string text;
};

struct ListObject : Object {
  ValueList items;
  bool group = false;  // a groupby result: (grouper, list) with those names
  // For ranges: Python prints range(start, stop[, step]).
  int64_t start = 0, stop = 0, step = 1;
};

struct DictObject : Object {
  std::vector<std::pair<Value, Value>> items;
};


// Why a value is undefined, so that using it reports the original name and
// position with a "did you mean" (computed only if the error happens).
struct Template;
struct UndefinedObject : Object {
  // Built only when the value is used (most undefined values are just tested
  // with `is defined` or replaced by `default`).
  std::string message() const;
  std::string hint;     // an explicit message ("No first item, ...")
  std::string name;     // the missing name or attribute
  Value key;            // for items: the missing key (a string key is `name`)
  bool has_key = false;
  Value container;      // for attributes and items: the object that lacked it
  bool has_container = false;
  std::shared_ptr<Object> scope;  // for names: the scope it was looked up in
  const Template* tmpl = nullptr;  // where it arose (templates outlive renders)
  uint32_t offset = 0;
  // Jinja2's plain Undefined (only the implicit else of `a if b`): prints as
  // "", is false, empty and equal to itself; everything else still fails.
  bool lenient = false;
};

struct NamespaceObject : Object {
  std::vector<std::pair<std::string, Value>> attrs;
  void break_cycles() override { attrs.clear(); }
  Value* find(std::string_view name) {
    for (auto& kv : attrs)
      if (kv.first == name) return &kv.second;
    return nullptr;
  }
};

// A one-shot iterator: next() yields items until it returns false.
struct IteratorObject : Object {
  virtual bool next(Value& out) = 0;
  // Appends every remaining item (overridden to move them when possible).
  virtual void drain(ValueList& out) {
    Value v;
    while (next(v)) out.push_back(v);
  }
};

// Loop state; `index0` advances as the for loop runs.
struct LoopObject : Object {
  int64_t index0 = 0;
  int64_t length = 0;
  int64_t depth0 = 0;
  Value items;  // the (filtered) sequence being looped over: a List, Tuple or Range
  // When not empty, the loop's k-th item is items[picks[k]]: a filtered loop
  // over context JSON keeps the indices of the items it keeps, not the items
  // (those built on demand are then built again when their turn comes, and
  // a loop over every module never holds every module; util/json_lazy.h).
  std::vector<uint32_t> picks;
  Value item(size_t k) const { return items.at(picks.empty() ? k : picks[k]); }
  Value last_changed;
  bool has_last_changed = false;
  std::shared_ptr<Object> recurse;  // for `recursive` loops: what loop(...) renders
  void break_cycles() override {
    last_changed = Value();
    recurse.reset();
  }
};

// Something callable with a name (macros, methods, global functions).
struct CallableObject : Object {
  std::string name;
};

// An imported template: its rendered body and its exported names.
struct ModuleObject : Object {
  std::string name;
  std::string body;
  std::vector<std::pair<std::string, Value>> exports;
  const Value* find(std::string_view key) const {
    for (const auto& kv : exports)
      if (kv.first == key) return &kv.second;
    return nullptr;
  }
};

struct DictViewObject : Object {
  enum Which { Keys, Values, Items } which;
  Value dict;
  DictViewObject(Which w, Value d) : which(w), dict(std::move(d)) {}
};

}  // namespace gen::tmpl
