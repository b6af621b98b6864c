#include "spec/schema_docs.h"

#include <map>
#include <set>
#include <sstream>

namespace gen::spec {
namespace {

using schema::Field;
using schema::Kind;
using schema::Type;

// Table cells: no raw '|' or newlines.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string code(const std::string& s) { return s.empty() ? "" : "`" + s + "`"; }

class Docs {
 public:
  explicit Docs(const schema::Schema& s) : schema_(s) {}

  std::string run() {
    visit(schema_.root(), "");
    std::ostringstream out;
    for (const Type* t : order_) section(out, *t);
    formats(out);
    return out.str();
  }

 private:
  // Records, depth first from the root, where each named type is first used.
  void visit(const Type& t, const std::string& path) {
    if (!t.id.empty()) {
      if (where_.count(&t)) return;
      where_[&t] = path;
      order_.push_back(&t);
    }
    switch (t.kind) {
      case Kind::List:
        visit(*t.item, path + "[]");
        break;
      case Kind::Map: {
        std::string noun = t.key_noun;
        for (char& c : noun)
          if (c == ' ') c = '-';
        visit(*t.item, path + ".<" + noun + ">");
        break;
      }
      case Kind::Object:
        for (const auto& f : t.fields) visit(*f.type, path.empty() ? f.name : path + "." + f.name);
        break;
      case Kind::OneOf:
        for (const auto& v : t.variants) visit(*v.type, path);
        break;
      default:
        break;
    }
  }

  std::string type_text(const Type& t) {
    if (!t.id.empty()) return "[" + t.id + "](#" + t.id + ")";
    switch (t.kind) {
      case Kind::String: {
        if (!t.enum_values.empty()) {
          std::string out = "one of ";
          for (size_t i = 0; i < t.enum_values.size(); ++i)
            out += (i ? ", " : "") + code(t.enum_values[i]);
          return out;
        }
        std::string base = t.accept_numbers && t.accept_bools ? "string, number or boolean"
                           : t.accept_numbers                 ? "string or number"
                                                              : "string";
        if (t.format)
          base += " ([" + std::string(t.format->name) + "](#format-" + t.format->name + "))";
        if (t.min_length) base += ", not empty";
        return base;
      }
      case Kind::Int:
        if (t.min == t.max) return "integer, must be " + std::to_string(t.min);
        return "integer " + std::to_string(t.min) + "-" + std::to_string(t.max);
      case Kind::Bool:
        return t.only_true ? code("true") : "boolean";
      case Kind::List: {
        std::string out = "list of " + type_text(*t.item);
        if (t.min_items && t.min_items == t.max_items)
          out += ", exactly " + std::to_string(t.min_items);
        else if (t.min_items)
          out += ", at least " + std::to_string(t.min_items);
        return out;
      }
      case Kind::Map:
        return "map of " + t.key_noun + " to " + type_text(*t.item);
      case Kind::Object:
        return "mapping";
      case Kind::OneOf: {
        std::string out;
        for (size_t i = 0; i < t.variants.size(); ++i)
          out += (i ? " or " : "") + type_text(*t.variants[i].type);
        return out;
      }
    }
    return "";
  }

  std::string table(const std::vector<Field>& fields) {
    std::string out = "| key | type | default | description | example |\n|---|---|---|---|---|\n";
    for (const auto& f : fields) {
      out += "| " + code(f.name) + " | " + cell(type_text(*f.type)) + " | " +
             (f.required ? std::string("required") : cell(f.default_text)) + " | " +
             cell(f.description) + " | " + cell(code(f.example)) + " |\n";
    }
    return out;
  }

  // Blocks (paragraphs, tables, lists) separated by blank lines.
  void section(std::ostringstream& out, const Type& t) {
    std::vector<std::string> blocks;
    blocks.push_back("### " + t.id + "\n");
    const std::string& path = where_[&t];
    std::string intro =
        path.empty() ? std::string("The top level of the file.") : "At " + code(path) + ".";
    if (!t.description.empty()) intro += " " + t.description;
    if (t.nullable) intro += " An empty value means all defaults.";
    blocks.push_back(intro + "\n");
    if (t.kind == Kind::Object) {
      blocks.push_back(table(t.fields));
    } else if (t.kind == Kind::OneOf && t.discriminated()) {
      std::string keys;
      for (size_t i = 0; i < t.variants.size(); ++i)
        keys += (i ? ", " : "") + code(t.variants[i].key);
      blocks.push_back("Exactly one of the keys " + keys + " selects the form.\n");
      for (const auto& v : t.variants) {
        blocks.push_back("Form " + code(v.key) + ":\n");
        blocks.push_back(table(v.type->fields));
      }
    } else if (t.kind == Kind::OneOf) {
      for (const auto& v : t.variants) {
        if (v.type->kind == Kind::Object && v.type->id.empty()) {
          blocks.push_back("Or a mapping:\n");
          blocks.push_back(table(v.type->fields));
        } else {
          blocks.push_back("Either " + type_text(*v.type) + ".\n");
        }
      }
    }
    for (const auto& b : blocks) out << b << "\n";
  }

  void formats(std::ostringstream& out) {
    out << "### Formats\n\n"
        << "| format | allowed | pattern (JSON Schema) |\n|---|---|---|\n";
    size_t count = 0;
    const schema::Format* const* all = schema::all_formats(count);
    for (size_t i = 0; i < count; ++i) {
      const auto& f = *all[i];
      std::string allowed = f.description;
      if (f.max_length) allowed += " (at most " + std::to_string(f.max_length) + " characters)";
      out << "| <a id=\"format-" << f.name << "\"></a>" << code(f.name) << " | " << cell(allowed)
          << " | " << cell(code(f.pattern)) << " |\n";
    }
  }

  const schema::Schema& schema_;
  std::map<const Type*, std::string> where_;
  std::vector<const Type*> order_;
};

}  // namespace

std::string schema_markdown(const schema::Schema& schema) { return Docs(schema).run(); }

}  // namespace gen::spec
