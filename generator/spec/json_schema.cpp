#include "spec/json_schema.h"

namespace gen::spec {
namespace {

using Json = nlohmann::ordered_json;
using schema::Kind;
using schema::Type;

class Generator {
 public:
  explicit Generator(const schema::Schema& s) : schema_(s) {}

  Json run() {
    Json out;
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema";
    out["title"] = "gen spec, version 1";
    Json root = body(schema_.root());
    for (auto& [k, v] : root.items()) out[k] = v;
    Json defs = Json::object();
    for (const Type* t : schema_.named())
      if (t != &schema_.root()) defs[t->id] = body(*t);
    out["$defs"] = defs;
    return out;
  }

 private:
  // A reference for named types, the full body otherwise.
  Json ref(const Type& t) {
    if (!t.id.empty()) {
      Json r = {{"$ref", "#/$defs/" + t.id}};
      return t.nullable ? Json{{"anyOf", {r, {{"type", "null"}}}}} : r;
    }
    return body(t);
  }

  Json body(const Type& t) {
    Json j;
    if (!t.description.empty()) j["description"] = t.description;
    switch (t.kind) {
      case Kind::String: {
        Json types = Json::array({"string"});
        if (t.accept_numbers) types.push_back("number");
        if (t.accept_bools) types.push_back("boolean");
        j["type"] = types.size() == 1 ? Json("string") : types;
        if (t.format) {
          j["pattern"] = t.format->pattern;
          if (t.format->max_length) j["maxLength"] = t.format->max_length;
        }
        if (t.min_length) j["minLength"] = t.min_length;
        if (t.accept_numbers && t.format) j["minimum"] = 0;  // quantities
        if (!t.enum_values.empty()) j["enum"] = t.enum_values;
        break;
      }
      case Kind::Int:
        j["type"] = "integer";
        if (t.min == t.max) {
          j["const"] = t.min;
        } else {
          j["minimum"] = t.min;
          j["maximum"] = t.max;
        }
        break;
      case Kind::Bool:
        if (t.only_true)
          j["const"] = true;
        else
          j["type"] = "boolean";
        break;
      case Kind::List:
        j["type"] = "array";
        j["items"] = ref(*t.item);
        if (t.min_items) j["minItems"] = t.min_items;
        if (t.max_items) j["maxItems"] = t.max_items;
        break;
      case Kind::Map: {
        j["type"] = "object";
        if (t.key_format) {
          Json names = {{"pattern", t.key_format->pattern}};
          if (t.key_format->max_length) names["maxLength"] = t.key_format->max_length;
          j["propertyNames"] = names;
        }
        j["additionalProperties"] = ref(*t.item);
        if (t.min_items) j["minProperties"] = t.min_items;
        break;
      }
      case Kind::Object: {
        j["type"] = "object";
        Json props = Json::object();
        Json required = Json::array();
        for (const auto& f : t.fields) {
          Json p = ref(*f.type);
          std::string d = f.description;
          if (!f.default_text.empty()) d += " Default: " + f.default_text + ".";
          if (!d.empty()) p["description"] = d;
          props[f.name] = p;
          if (f.required) required.push_back(f.name);
        }
        j["properties"] = props;
        if (!required.empty()) j["required"] = required;
        j["additionalProperties"] = false;
        break;
      }
      case Kind::OneOf: {
        Json arms = Json::array();
        for (const auto& v : t.variants) arms.push_back(ref(*v.type));
        j["oneOf"] = arms;
        break;
      }
    }
    if (t.nullable && t.id.empty()) return Json{{"anyOf", {j, {{"type", "null"}}}}};
    return j;
  }

  const schema::Schema& schema_;
};

}  // namespace

nlohmann::ordered_json json_schema(const schema::Schema& schema) { return Generator(schema).run(); }

}  // namespace gen::spec
