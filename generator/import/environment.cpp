#include "import/environment.h"

#include <cctype>
#include <utility>

#include "import/compose_file.h"
#include "yaml/read_file.h"
#include "yaml/scalar.h"
#include "yaml/text_check.h"

namespace gen::import {

std::optional<std::string> Environment::lookup(const std::string& name) const {
  if (auto it = process.find(name); it != process.end()) return it->second;
  if (auto it = files.find(name); it != files.end()) return it->second;
  return std::nullopt;
}

namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Nested defaults (${A:-${B:-${C}}}) recurse; real files nest two or three
// deep, the bound keeps hostile input from exhausting the stack.
constexpr int kMaxNesting = 16;

class Interpolator {
 public:
  Interpolator(const Environment& env, SourceLocation at, Diagnostics& diags)
      : env_(env), at_(std::move(at)), diags_(diags) {}

  bool run(const std::string& text, std::string& out, int depth) {
    if (depth > kMaxNesting) return fail("variables nest more than 16 levels deep");
    size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c != '$') {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 >= text.size()) return fail("'$' at the end of a value; write $$ for a literal $");
      char n = text[i + 1];
      if (n == '$') {
        out += '$';
        i += 2;
      } else if (name_start(n)) {
        size_t j = i + 1;
        while (j < text.size() && name_char(text[j])) ++j;
        out += value_of(text.substr(i + 1, j - i - 1));
        i = j;
      } else if (n == '{') {
        size_t close = matching_brace(text, i + 2);
        if (close == std::string::npos)
          return fail("'${' without its closing '}' (write $$ for a literal $)");
        if (!braced(text.substr(i + 2, close - i - 2), out, depth)) return false;
        i = close + 1;
      } else {
        return fail(std::string("'$") + n + "' is not a variable reference; write $$ for a literal $");
      }
    }
    return true;
  }

 private:
  static size_t matching_brace(const std::string& text, size_t from) {
    int open = 1;
    for (size_t k = from; k < text.size(); ++k) {
      if (text[k] == '$' && k + 1 < text.size() && text[k + 1] == '$') {
        ++k;
      } else if (text[k] == '$' && k + 1 < text.size() && text[k + 1] == '{') {
        ++open;
        ++k;
      } else if (text[k] == '}' && --open == 0) {
        return k;
      }
    }
    return std::string::npos;
  }

  bool braced(const std::string& body, std::string& out, int depth) {
    size_t j = 0;
    if (j >= body.size() || !name_start(body[j]))
      return fail("'${" + body + "}' does not start with a variable name");
    while (j < body.size() && name_char(body[j])) ++j;
    std::string name = body.substr(0, j);
    if (j == body.size()) {
      out += value_of(name);
      return true;
    }
    bool colon = body[j] == ':';
    size_t op_at = colon ? j + 1 : j;
    if (op_at >= body.size()) return fail("'${" + body + "}': expected -, ?, + after ':'");
    char op = body[op_at];
    std::string rest = body.substr(op_at + 1);
    std::optional<std::string> v = env_.lookup(name);
    bool usable = v && (!colon || !v->empty());
    switch (op) {
      case '-':
        if (usable) {
          out += *v;
          return true;
        }
        return run(rest, out, depth + 1);
      case '+':
        if (!usable) return true;
        return run(rest, out, depth + 1);
      case '?': {
        if (usable) {
          out += *v;
          return true;
        }
        std::string message;
        if (!run(rest, message, depth + 1)) return false;
        Diagnostic& d = diags_.error(ids::kVariable, at_,
                                     "required variable " + name + " is " +
                                         (v ? "empty" : "not set") +
                                         (message.empty() ? "" : ": " + message));
        d.help = "set it in the environment, in .env or in a file given with --env-file";
        return false;
      }
      default:
        return fail("'${" + body + "}': unknown operator '" + std::string(1, op) +
                    "' (expected :-, -, :?, ?, :+ or +)");
    }
  }

  std::string value_of(const std::string& name) {
    if (auto v = env_.lookup(name)) return *v;
    Diagnostic& d = diags_.warning(ids::kVariable, at_,
                                   "variable " + name + " is not set; it becomes a blank string");
    d.help = "set it in the environment, in .env or with --env-file, or give a default: ${" +
             name + ":-value}";
    return {};
  }

  bool fail(std::string message) {
    diags_.error(ids::kVariable, at_, std::move(message));
    return false;
  }

  const Environment& env_;
  SourceLocation at_;
  Diagnostics& diags_;
};

}  // namespace

std::optional<std::string> interpolate(const std::string& text, const Environment& env,
                                       SourceLocation at, Diagnostics& diags) {
  if (text.find('$') == std::string::npos) return text;
  std::string out;
  Interpolator in(env, std::move(at), diags);
  if (!in.run(text, out, 0)) return std::nullopt;
  return out;
}

std::string reference_key(const SourceLocation& at) {
  return at.file.str() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

std::string whole_reference(const std::string& text) {
  if (text.size() < 2 || text[0] != '$') return "";
  const bool braced = text[1] == '{';
  size_t i = braced ? 2 : 1, start = i;
  if (i >= text.size() || !name_start(text[i])) return "";
  while (i < text.size() && name_char(text[i])) ++i;
  std::string name = text.substr(start, i - start);
  if (!braced) return i == text.size() ? name : "";
  if (text.back() != '}') return "";
  std::string rest = text.substr(i, text.size() - 1 - i);  // "", ":?msg" or "?msg"
  bool plain = rest.empty() || rest.rfind(":?", 0) == 0 || rest.rfind("?", 0) == 0;
  return plain && rest.find_first_of("${}") == std::string::npos ? name : "";
}

bool interpolate_tree(yaml::Node& root, const Environment& env, Diagnostics& diags,
                      References* refs) {
  std::vector<yaml::Node*> stack{&root};
  bool ok = true;
  while (!stack.empty()) {
    yaml::Node* n = stack.back();
    stack.pop_back();
    if (n->is_scalar()) {
      if (n->value.find('$') == std::string::npos) continue;
      if (refs)
        if (std::string name = whole_reference(n->value); !name.empty())
          (*refs)[reference_key(n->loc)] = name;
      auto v = interpolate(n->value, env, n->loc, diags);
      if (!v) {
        ok = false;
        continue;
      }
      n->value = std::move(*v);
      n->quoted = true;  // an interpolated value is text, whatever it looks like
    } else if (n->is_sequence()) {
      for (auto& c : n->items) stack.push_back(&c);
    } else if (n->is_mapping()) {
      for (auto& e : n->entries) stack.push_back(&e.value);
    }
  }
  return ok;
}

bool parse_dotenv(const std::string& name, const std::string& text, const Environment& env,
                  std::vector<DotenvVar>& out, Diagnostics& diags) {
  Environment scope = env;  // the file's earlier variables count too
  size_t i = 0;
  int line = 1;
  bool ok = true;
  auto skip_blanks = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  auto to_eol = [&] {
    while (i < text.size() && text[i] != '\n') ++i;
  };
  while (i < text.size()) {
    size_t line_start = i;
    skip_blanks();
    if (i >= text.size()) break;
    if (text[i] == '\n' || text[i] == '\r' || text[i] == '#') {
      to_eol();
      if (i < text.size()) ++i;
      ++line;
      continue;
    }
    if (text.compare(i, 7, "export ") == 0) {
      i += 7;
      skip_blanks();
    }
    SourceLocation at{name, line, static_cast<int>(i - line_start) + 1};
    size_t key_start = i;
    while (i < text.size() && name_char(text[i])) ++i;
    std::string key = text.substr(key_start, i - key_start);
    skip_blanks();
    if (key.empty() || !name_start(key[0]) || i >= text.size() ||
        (text[i] != '=' && text[i] != ':')) {
      if (!key.empty() && name_start(key[0]) &&
          (i >= text.size() || text[i] == '\n' || text[i] == '\r')) {
        // A bare NAME: compose takes it from the environment, if set.
        if (auto v = env.lookup(key)) out.push_back({key, *v, at});
      } else {
        diags.error(ids::kInvalid, at, "expected NAME=value in the env file");
        ok = false;
      }
      to_eol();
      if (i < text.size()) ++i;
      ++line;
      continue;
    }
    ++i;  // = or :
    skip_blanks();
    std::string value;
    bool literal = false;
    if (i < text.size() && (text[i] == '\'' || text[i] == '"')) {
      char q = text[i++];
      literal = q == '\'';
      while (i < text.size() && text[i] != q) {
        if (text[i] == '\n') ++line;
        if (q == '"' && text[i] == '\\' && i + 1 < text.size()) {
          char e = text[++i];
          value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        } else {
          value += text[i];
        }
        ++i;
      }
      if (i >= text.size()) {
        diags.error(ids::kInvalid, at, std::string("unterminated ") + q + " quote");
        return false;
      }
      ++i;
      to_eol();
    } else {
      size_t v0 = i;
      to_eol();
      value = text.substr(v0, i - v0);
      if (!value.empty() && value.back() == '\r') value.pop_back();
      for (size_t h = 0; h < value.size(); ++h)
        if (value[h] == '#' && (h == 0 || value[h - 1] == ' ' || value[h - 1] == '\t')) {
          value.resize(h);
          break;
        }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    }
    if (i < text.size()) ++i;
    ++line;
    if (!literal) {
      auto v = interpolate(value, scope, at, diags);
      if (!v) {
        ok = false;
        continue;
      }
      value = std::move(*v);
    }
    scope.files[key] = value;
    out.push_back({key, value, at});
  }
  return ok;
}

std::optional<std::vector<DotenvVar>> read_dotenv(const std::string& path, const std::string& shown,
                                                  const Environment& env, bool required,
                                                  Diagnostics& diags, SourceFiles& sources) {
  Diagnostics io;
  std::optional<std::string> text = yaml::read_spec_file(path, io);
  if (!text) {
    if (!required) {
      bool missing = true;
      for (const auto& d : io.items()) missing = missing && d.message.find("No such file") != std::string::npos;
      if (missing) return std::vector<DotenvVar>{};
    }
    for (auto d : io.items()) {
      d.range = SourceRange::at(SourceLocation{shown, 0, 0});
      d.message = "env file " + shown + ": " + d.message;
      diags.add(std::move(d));
    }
    return std::nullopt;
  }
  if (!yaml::check_text(shown, *text, diags)) return std::nullopt;
  sources.add(shown, *text);
  std::vector<DotenvVar> vars;
  if (!parse_dotenv(shown, *text, env, vars, diags)) return std::nullopt;
  return vars;
}

}  // namespace gen::import
