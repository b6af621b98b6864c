#include "template/value.h"

#include <cstring>

#include "template/error.h"
#include "template/same_text.h"
#include "util/json_lazy.h"
#include "util/json_ref.h"
#include "util/json_view.h"

namespace gen::tmpl {
namespace {

// What the obj_ of a value that only keeps a built node alive points at.
Object& keep_alive_placeholder() {
  static Object placeholder;
  return placeholder;
}

}  // namespace

Value Value::undefined(std::shared_ptr<Object> info) {
  Value v;
  v.kind_ = Kind::Undefined;
  v.obj_ = std::move(info);
  return v;
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::Bool;
  v.b_ = b;
  return v;
}

Value Value::integer(int64_t i) {
  Value v;
  v.kind_ = Kind::Int;
  v.i_ = i;
  return v;
}

Value Value::floating(double f) {
  Value v;
  v.kind_ = Kind::Float;
  v.f_ = f;
  return v;
}

Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::String;
  auto obj = std::make_shared<StringObject>(std::move(s));
  v.s_ = &obj->text;
  v.obj_ = std::move(obj);
  return v;
}

Value Value::string_ref(const std::string* s) {
  Value v;
  v.kind_ = Kind::String;
  v.s_ = s;
  return v;
}

Value Value::json(const Json& j) {
  Value v;
  switch (j.type()) {
    case Json::value_t::boolean:
      v.kind_ = Kind::Bool;
      v.b_ = *j.get_ptr<const Json::boolean_t*>();
      break;
    case Json::value_t::number_integer:
      v.kind_ = Kind::Int;
      v.i_ = *j.get_ptr<const Json::number_integer_t*>();
      break;
    case Json::value_t::number_unsigned: {
      uint64_t u = *j.get_ptr<const Json::number_unsigned_t*>();
      if (u > static_cast<uint64_t>(INT64_MAX))
        fail(ErrorKind::Unsupported, "integer " + std::to_string(u) +
                                         " in the context is too large (gen supports 64-bit integers)");
      v.kind_ = Kind::Int;
      v.i_ = static_cast<int64_t>(u);
      break;
    }
    case Json::value_t::number_float:
      v.kind_ = Kind::Float;
      v.f_ = *j.get_ptr<const Json::number_float_t*>();
      break;
    case Json::value_t::string:
      v.kind_ = Kind::String;
      v.s_ = j.get_ptr<const std::string*>();
      break;
    case Json::value_t::array:
      v.kind_ = Kind::List;
      v.borrowed_ = true;
      v.j_ = &j;
      break;
    case Json::value_t::object:
      v.kind_ = Kind::Dict;
      v.borrowed_ = true;
      v.j_ = &j;
      break;
    case Json::value_t::binary:
      // JSON text cannot hold binary: the only binary nodes are the
      // references gen's models make to shared subtrees (util/json_ref.h)
      // and the nodes built on demand (util/json_lazy.h).
      if (const Json* target = json_ref_target(j)) return json(*target);
      if (const LazyJson* lazy = json_lazy_target(j)) return json_kept(lazy->get());
      if (const JsonFields* view = json_view_target(j)) {
        v.kind_ = Kind::Dict;
        v.view_ = true;
        v.v_ = view;
        return v;
      }
      break;
    default:
      break;  // null
  }
  return v;
}

const std::shared_ptr<Object>& Value::no_object() {
  static const std::shared_ptr<Object> none;
  return none;
}

Value Value::json_kept(const std::shared_ptr<const Json>& built) {
  Value out = json(*built);
  if (!out.obj_) {
    // Shares the built node's ownership; points at a placeholder (obj() and
    // as<>() hide it).
    out.obj_ = std::shared_ptr<Object>(built, &keep_alive_placeholder());
    out.keeps_alive_ = true;
  }
  return out;
}

Value Value::child(const Json& j) const {
  Value v = json(j);
  if (keeps_alive_ && !v.obj_) {
    v.obj_ = obj_;
    v.keeps_alive_ = true;
  }
  return v;
}

Value Value::list(ValueList items) {
  auto obj = std::make_shared<ListObject>();
  obj->items = std::move(items);
  return object(Kind::List, std::move(obj));
}

Value Value::tuple(ValueList items) {
  auto obj = std::make_shared<ListObject>();
  obj->items = std::move(items);
  return object(Kind::Tuple, std::move(obj));
}

Value Value::range(int64_t start, int64_t stop, int64_t step) {
  auto obj = std::make_shared<ListObject>();
  obj->start = start;
  obj->stop = stop;
  obj->step = step;
  if (step > 0)
    for (int64_t i = start; i < stop; i += step) obj->items.push_back(integer(i));
  else
    for (int64_t i = start; i > stop; i += step) obj->items.push_back(integer(i));
  return object(Kind::Range, std::move(obj));
}

Value Value::dict(std::vector<std::pair<Value, Value>> items) {
  auto obj = std::make_shared<DictObject>();
  obj->items = std::move(items);
  return object(Kind::Dict, std::move(obj));
}

Value Value::object(Kind kind, std::shared_ptr<Object> obj) {
  Value v;
  v.kind_ = kind;
  v.obj_ = std::move(obj);
  return v;
}

size_t Value::size() const {
  if (borrowed_) return j_->size();
  return static_cast<ListObject*>(obj_.get())->items.size();
}

Value Value::at(size_t i) const {
  if (borrowed_) return child((*j_)[i]);
  return static_cast<ListObject*>(obj_.get())->items[i];
}

size_t Value::dict_size() const {
  if (borrowed_) return j_->size();
  if (view_) return v_->size();
  return static_cast<DictObject*>(obj_.get())->items.size();
}

Value Value::dict_key(size_t i) const {
  if (borrowed_) {
    Value key = string_ref(&(j_->get_ptr<const Json::object_t*>()->begin() + static_cast<std::ptrdiff_t>(i))->first);
    if (keeps_alive_) key.obj_ = obj_, key.keeps_alive_ = true;
    return key;
  }
  if (view_) return string_ref(&v_->key(i));
  return static_cast<DictObject*>(obj_.get())->items[i].first;
}

Value Value::dict_value(size_t i) const {
  if (borrowed_) return child((j_->get_ptr<const Json::object_t*>()->begin() + static_cast<std::ptrdiff_t>(i))->second);
  if (view_) return json_kept(v_->value(i));
  return static_cast<DictObject*>(obj_.get())->items[i].second;
}

namespace {

// The first of `n` slots, from `hint` on and wrapping around, whose key is
// `key` (key_at(slot) gives a slot's key); n when none. The search starts at
// the slot found last time at this place in the template: objects of the
// same shape find the key at once, and a loop over modules that looks each
// up in a dict keyed by module (`docs.modules[m.name]`, in order, some
// skipped) finds it a few slots on, where a scan from the start made large
// projects quadratic.
template <typename KeyAt>
size_t find_slot(size_t n, std::string_view key, const uint32_t* hint, KeyAt&& key_at) {
  size_t start = hint && *hint < n ? *hint : 0;
  for (size_t i = 0; i < n; ++i) {
    size_t slot = start + i < n ? start + i : start + i - n;
    if (same_text(key_at(slot), key)) return slot;
  }
  return n;
}

}  // namespace

bool Value::dict_find(std::string_view key, Value& out, uint32_t* hint) const {
  if (borrowed_ || view_) {
    size_t n = dict_size();
    size_t slot;
    if (borrowed_) {
      auto members = j_->get_ptr<const Json::object_t*>()->begin();
      slot = find_slot(n, key, hint, [&](size_t at) -> const std::string& {
        return (members + static_cast<std::ptrdiff_t>(at))->first;
      });
    } else {
      const JsonFields& fields = *v_;
      slot = find_slot(n, key, hint, [&](size_t at) -> const std::string& { return fields.key(at); });
    }
    if (slot == n) return false;
    out = dict_value(slot);
    if (hint) *hint = static_cast<uint32_t>(slot);
    return true;
  }
  for (const auto& kv : static_cast<DictObject*>(obj_.get())->items) {
    if (kv.first.kind() == Kind::String && kv.first.str().size() == key.size() &&
        kv.first.str() == key) {
      out = kv.second;
      return true;
    }
  }
  return false;
}

bool Value::same_object(const Value& other) const {
  if (borrowed_ || other.borrowed_) return borrowed_ && other.borrowed_ && j_ == other.j_;
  // Views of one source are one object, as the JSON node they stand for.
  if (view_ || other.view_)
    return view_ && other.view_ && v_ == other.v_;
  if (keeps_alive_ || other.keeps_alive_) return false;  // borrowed strings: not objects
  return obj_ && obj_ == other.obj_;
}

}  // namespace gen::tmpl
