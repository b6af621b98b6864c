#include "spec/validate.h"

#include "yaml/ids.h"
#include "yaml/path.h"
#include "yaml/scalar.h"
#include "util/spellcheck.h"

namespace gen::spec {
namespace {

using yaml::Node;
using yaml::ScalarType;
using schema::Kind;
using schema::Type;
namespace ids = yaml::ids;

std::string join(const std::vector<std::string>& words, const char* sep = ", ") {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) out += (i ? sep : "") + words[i];
  return out;
}

std::string subject(const std::string& path) { return path.empty() ? "the spec" : path; }

// A scalar's text for a help line or message, cut short (a 2 MB number must
// not end up in a diagnostic).
std::string short_text(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }

class Validator {
 public:
  explicit Validator(Diagnostics& diags) : diags_(diags) {}

  // `key` is the mapping key `n` is the value of (for "missing key" positions).
  void check(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (n.is_null() || (n.is_scalar() && yaml::scalar_type(n) == ScalarType::Null)) {
      if (!t.nullable) wrong_type(n, t, path, key);
      return;
    }
    switch (t.kind) {
      case Kind::String:
        return check_string(n, t, path, key);
      case Kind::Int:
        return check_int(n, t, path, key);
      case Kind::Bool:
        return check_bool(n, t, path, key);
      case Kind::List:
        return check_list(n, t, path, key);
      case Kind::Map:
        return check_map(n, t, path, key);
      case Kind::Object:
        return check_object(n, t, path, key);
      case Kind::OneOf:
        return check_one_of(n, t, path, key);
    }
  }

 private:
  Diagnostic& error(const char* id, const Node& at, std::string message) {
    Diagnostic& d = diags_.error(id, at.loc, std::move(message));
    d.range = at.range();
    return d;
  }

  // `key`: a block mapping or list starts on the line after its key; point
  // at the key then, which is where the reader looks.
  void wrong_type(const Node& n, const Type& t, const std::string& path, const Node* key) {
    std::string got = yaml::describe_kind(n);
    const Node& at =
        key && (n.is_mapping() || n.is_sequence()) && n.loc.line != key->loc.line ? *key : n;
    Diagnostic& d =
        error(ids::kWrongType, at,
              subject(path) + ": expected " + schema::expected_text(t) + ", got " + got);
    if (!n.is_scalar()) return;
    ScalarType st = yaml::scalar_type(n);
    int64_t ignored = 0;
    if (t.kind == Kind::String && !t.accept_numbers &&
        (st == ScalarType::Int || st == ScalarType::Float || st == ScalarType::Bool)) {
      if (t.format == &schema::formats::duration && st == ScalarType::Int)
        d.help = "add a unit, e.g. " + short_text(n.value) + "s";
      else
        d.help = "quote it to make it a string: \"" + short_text(n.value) + "\"";
    } else if (t.kind == Kind::Int && st == ScalarType::String && n.quoted &&
               yaml::parse_int(n.value, ignored) == yaml::IntParse::Ok) {
      d.help = "remove the quotes: " + short_text(n.value);
    } else if (t.kind == Kind::Bool && st == ScalarType::String && n.quoted &&
               yaml::parse_bool(n.value)) {
      d.help = "remove the quotes: " + n.value;
    } else if (t.kind == Kind::Bool && st == ScalarType::String && !n.quoted) {
      std::string lower;
      for (char c : n.value) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      for (const char* word : {"yes", "no", "on", "off", "y", "n"})
        if (lower == word)
          d.help = "write true or false (YAML 1.2 reads '" + n.value + "' as a string)";
    }
  }

  void check_string(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_scalar()) return wrong_type(n, t, path, key);
    ScalarType st = yaml::scalar_type(n);
    bool ok = st == ScalarType::String ||
              ((st == ScalarType::Int || st == ScalarType::Float) && t.accept_numbers) ||
              (st == ScalarType::Bool && t.accept_bools);
    if (!ok) return wrong_type(n, t, path, key);
    check_text(n, n.value, t, path, false);
  }

  // Shared by string values and map keys.
  void check_text(const Node& at, const std::string& value, const Type& t, const std::string& path,
                  bool is_key) {
    if (value.size() < t.min_length) {
      error(ids::kInvalidValue, at, subject(path) + " must not be empty");
      return;
    }
    if (t.format && !value.empty() &&
        (!t.format->matches(value) ||
         (t.format->max_length && value.size() > t.format->max_length)))
      return bad_format(at, value, *t.format, path, is_key, "");
    if (!t.enum_values.empty()) {
      for (const auto& e : t.enum_values)
        if (e == value) return;
      Diagnostic& d = error(ids::kInvalidValue, at,
                            subject(path) + ": " + yaml::quote_for_message(value) +
                                " is not one of: " + join(t.enum_values));
      std::string close = closest_match(value, t.enum_values);
      if (!close.empty()) d.help = "did you mean '" + close + "'?";
    }
  }

  void bad_format(const Node& at, const std::string& value, const schema::Format& f,
                  const std::string& path, bool is_key, const std::string& noun_override) {
    const std::string noun = noun_override.empty() ? f.noun : noun_override;
    std::string message;
    if (is_key)
      message = subject(path) + ": invalid " + noun + " " + yaml::quote_for_message(value);
    else
      message = subject(path) + ": " + yaml::quote_for_message(value) + " is not a valid " + noun;
    Diagnostic& d = error(f.is_name ? ids::kInvalidName : ids::kInvalidValue, at, message);
    d.help = "use " + std::string(f.description);
  }

  void check_int(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_scalar() || yaml::scalar_type(n) != ScalarType::Int)
      return wrong_type(n, t, path, key);
    int64_t v = 0;
    bool overflow = yaml::parse_int(n.value, v) == yaml::IntParse::Overflow;
    if (!overflow && v >= t.min && v <= t.max) return;
    const char* rule = t.range_rule ? t.range_rule : ids::kOutOfRange;
    std::string text = short_text(n.value);
    if (t.min == t.max) {
      error(rule, n, subject(path) + " must be " + std::to_string(t.min) + ", not " + text);
      return;
    }
    error(rule, n,
          subject(path) + ": " + text + " is out of range (" + std::to_string(t.min) + "-" +
              std::to_string(t.max) + ")");
  }

  void check_bool(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_scalar() || yaml::scalar_type(n) != ScalarType::Bool)
      return wrong_type(n, t, path, key);
    if (t.only_true && !*yaml::parse_bool(n.value)) {
      Diagnostic& d = error(ids::kInvalidValue, n, subject(path) + " can only be true");
      d.help = "leave the key out instead of setting it to false";
    }
  }

  void check_list(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_sequence()) return wrong_type(n, t, path, key);
    size_t count = n.items.size();
    if (t.min_items == t.max_items && t.min_items > 0 && count != t.min_items) {
      error(ids::kInvalidValue, n,
            subject(path) + " needs exactly " + std::to_string(t.min_items) + " items, not " +
                std::to_string(count));
    } else if (count < t.min_items) {
      error(ids::kInvalidValue, n,
            subject(path) + " needs at least " + std::to_string(t.min_items) +
                (t.min_items == 1 ? " item" : " items"));
    } else if (t.max_items && count > t.max_items) {
      error(ids::kInvalidValue, n,
            subject(path) + " takes at most " + std::to_string(t.max_items) + " items");
    }
    for (size_t i = 0; i < count; ++i)
      check(n.items[i], *t.item, yaml::path_index(path, i), nullptr);
  }

  void check_map(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_mapping()) return wrong_type(n, t, path, key);
    if (n.entries.size() < t.min_items) {
      error(ids::kMissingKey, n,
            subject(path) + " needs at least one " + t.key_noun.substr(0, t.key_noun.rfind(' ')));
    }
    for (const auto& e : n.entries) {
      if (t.key_format &&
          (!t.key_format->matches(e.key.value) ||
           (t.key_format->max_length && e.key.value.size() > t.key_format->max_length)))
        bad_format(e.key, e.key.value, *t.key_format, path, true, t.key_noun);
      check(e.value, *t.item, yaml::path_key(path, e.key.value), &e.key);
    }
  }

  void check_object(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!n.is_mapping()) return wrong_type(n, t, path, key);
    for (const auto& e : n.entries) {
      const schema::Field* f = t.field(e.key.value);
      if (!f) {
        unknown_key(e.key, t, path);
        continue;
      }
      check(e.value, *f->type, yaml::path_key(path, e.key.value), &e.key);
    }
    for (const auto& f : t.fields) {
      if (!f.required || n.find(f.name)) continue;
      const Node& at = key ? *key : n;
      error(ids::kMissingKey, at,
            "missing required key '" + f.name + "' " + yaml::path_where(path));
    }
  }

  void unknown_key(const Node& key, const Type& t, const std::string& path) {
    Diagnostic& d =
        error(ids::kUnknownKey, key,
              "unknown key " + yaml::quote_for_message(key.value) + " " + yaml::path_where(path));
    std::vector<std::string> names;
    for (const auto& f : t.fields) {
      names.push_back(f.name);
      for (const auto& a : f.aliases)
        if (a == key.value) d.help = "did you mean '" + f.name + "'? (gen calls it " + f.name + ")";
    }
    if (!d.help.empty()) return;
    std::string close = closest_match(key.value, names);
    if (!close.empty())
      d.help = "did you mean '" + close + "'?";
    else if (key.value == "<<")
      d.help = "YAML merge keys (<<) are not supported; use defaults or repeat the keys";
    else if (names.size() > 12 && !t.id.empty())
      d.help = "see the keys of '" + t.id + "' in docs/spec.md";
    else
      d.help = "expected one of: " + join(names);
  }

  void check_one_of(const Node& n, const Type& t, const std::string& path, const Node* key) {
    if (!t.discriminated()) {
      for (const auto& v : t.variants) {
        Kind k = v.type->kind;
        bool fits = n.is_scalar()     ? (k == Kind::String || k == Kind::Int || k == Kind::Bool)
                    : n.is_sequence() ? k == Kind::List
                                      : (k == Kind::Map || k == Kind::Object || k == Kind::OneOf);
        if (fits) return check(n, *v.type, path, key);
      }
      return wrong_type(n, t, path, key);
    }
    if (!n.is_mapping()) return wrong_type(n, t, path, key);
    std::vector<std::string> keys;
    const yaml::Entry* first = nullptr;
    const schema::Variant* chosen = nullptr;
    for (const auto& v : t.variants) keys.push_back(v.key);
    for (const auto& e : n.entries) {
      for (const auto& v : t.variants) {
        if (e.key.value != v.key) continue;
        if (chosen) {
          Diagnostic& d = error(ids::kConflictingKeys, e.key,
                                subject(path) + ": '" + first->key.value + "' and '" + v.key +
                                    "' cannot be combined");
          d.help = "give exactly one of: " + join(keys);
          return;
        }
        chosen = &v;
        first = &e;
      }
    }
    if (!chosen) {
      std::string help;
      for (const auto& e : n.entries) {
        std::string close = closest_match(e.key.value, keys);
        if (!close.empty()) {
          help = "did you mean '" + close + "' instead of '" + e.key.value + "'?";
          break;
        }
      }
      const Node& at = n.entries.empty() ? (key ? *key : n) : n.entries.front().key;
      error(ids::kMissingKey, at, subject(path) + ": expected one of the keys " + join(keys)).help =
          help;
      return;
    }
    check(n, *chosen->type, path, key);
  }

  Diagnostics& diags_;
};

}  // namespace

void validate_tree(const yaml::Node& root, const schema::Type& type, Diagnostics& diags) {
  Validator(diags).check(root, type, "", nullptr);
}

}  // namespace gen::spec
