// The spec's structure as data: one table of type descriptors that the
// validator walks (validate.h), that `gen schema` turns into a JSON Schema
// (json_schema.h) and that docs/spec.md's key reference is generated from
// (schema_docs.h). Change the spec here, and all three follow.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "spec/formats.h"

namespace gen::spec::schema {

enum class Kind {
  String,  // a scalar, maybe restricted by format / enum
  Int,     // a plain integer in [min, max]
  Bool,    // true or false (or only true)
  List,    // a sequence of `item`
  Map,     // a mapping with free keys (key_format) to `item` values
  Object,  // a mapping with the fixed keys in `fields`
  OneOf,   // one of `variants`, picked by a key present or by the node's kind
};

struct Type;

struct Field {
  std::string name;
  const Type* type = nullptr;
  bool required = false;
  std::string default_text;  // what applies when the key is absent (docs only; resolve applies it)
  std::string description;
  std::string example;  // a YAML value, e.g. "[{container: 8000, host: 8100}]"
  // Names people write for this key out of habit (compose's `environment`);
  // only used to suggest the right key, never accepted.
  std::vector<std::string> aliases = {};
};

struct Variant {
  std::string key;  // the key that selects this variant; "" when chosen by the node's kind
  const Type* type = nullptr;
};

struct Type {
  Kind kind = Kind::String;
  std::string id;        // named types become JSON Schema definitions and doc sections
  std::string expected;  // for "expected X, got Y"; empty: derived from the kind
  std::string description;
  bool nullable = false;  // an empty value means "all defaults" (e.g. `certs:` under volumes)

  // String
  const Format* format = nullptr;
  std::vector<std::string> enum_values;
  bool accept_numbers = false;  // a plain number is taken as its text (cpu: 1, PORT: 8000)
  bool accept_bools = false;    // a plain boolean is taken as its text (env values)
  size_t min_length = 0;

  // Int
  int64_t min = 0;
  int64_t max = 0;
  const char* range_rule = nullptr;  // rule id for out-of-range values (default out-of-range)

  // Bool
  bool only_true = false;  // `secret: true`; false is refused (leave the key out instead)

  // List and Map
  const Type* item = nullptr;
  size_t min_items = 0;
  size_t max_items = 0;                // 0: unbounded
  const Format* key_format = nullptr;  // Map
  std::string key_noun;                // Map: "module name"

  // Object
  std::vector<Field> fields;
  const Field* field(const std::string& name) const;

  // OneOf
  std::vector<Variant> variants;
  bool discriminated() const { return !variants.empty() && !variants.front().key.empty(); }
};

// "a string", "an integer (1-65535)", "a duration such as 30s", ...
std::string expected_text(const Type& t);

class Schema {
 public:
  // The one immutable schema, built on first use.
  static const Schema& get();

  const Type& root() const { return *root_; }
  // Named types (id non-empty) in definition order.
  const std::vector<const Type*>& named() const { return named_; }

  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

 private:
  Schema();
  const Type* add(Type t);

  std::deque<Type> types_;  // stable addresses
  std::vector<const Type*> named_;
  const Type* root_ = nullptr;
};

}  // namespace gen::spec::schema
