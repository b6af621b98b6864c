// gen's own filters: output that is safe by construction for the formats gen
// writes. Each is proven by round trip (render, parse back with the real
// parser, compare) in tests/template/gen_filters_test.cpp; docs/templates.md
// describes them.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "template/error.h"
#include "template/evaluator.h"
#include "template/format_quoting.h"
#include "template/registry.h"
#include "template/str_of.h"
#include "template/text.h"
#include "template/value_ops.h"
#include "util/text.h"

namespace gen::tmpl {
namespace {

const char* kHex = "0123456789abcdef";

void hex2(std::string& out, uint32_t c, const char* prefix) {
  out += prefix;
  out += kHex[(c >> 4) & 15];
  out += kHex[c & 15];
}

void hex4(std::string& out, uint32_t c) {
  out += "\\u";
  for (int sh = 12; sh >= 0; sh -= 4) out += kHex[(c >> sh) & 15];
}

// ------------------------------------------------------------------- YAML

// Words YAML 1.1 or 1.2 reads as booleans or null (compared ignoring case).
// Only called on what yaml_plain_ok accepted, which is ASCII: ASCII case
// folding is Python's lower() there.
bool yaml_reserved(std::string_view s) {
  if (s.size() > 5) return false;  // the longest word is "false"; most strings end here
  static constexpr std::string_view words[] = {"y",     "n",  "yes", "no",  "true",
                                               "false", "on", "off", "null"};
  for (std::string_view w : words) {
    if (w.size() != s.size()) continue;
    size_t i = 0;
    while (i < w.size() && (s[i] >= 'A' && s[i] <= 'Z' ? s[i] + ('a' - 'A') : s[i]) == w[i]) ++i;
    if (i == w.size()) return true;
  }
  return false;
}

// The characters a plain scalar may hold besides inner single spaces.
constexpr std::array<bool, 256> kPlainChars = [] {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<size_t>(c)] = true;
  for (int c = '0'; c <= '9'; ++c) t[static_cast<size_t>(c)] = true;
  for (char c : std::string_view("_./=@+-")) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// A plain scalar only when no YAML 1.1/1.2 parser, in block or flow
// context, can read it as anything but this string: starts with a letter,
// '_' or '/', then letters, digits, '_', '.', '/', '=', '@', '+', '-' and
// inner single spaces; never a bool/null word.
bool yaml_plain_ok(std::string_view s) {
  if (s.empty()) return false;
  char c0 = s[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_' || c0 == '/'))
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (kPlainChars[static_cast<unsigned char>(s[i])]) continue;
    if (s[i] == ' ' && i + 1 < s.size() && s[i + 1] != ' ') continue;
    return false;
  }
  return !yaml_reserved(s);
}

void append_yaml_quoted(std::string& out, std::string_view s) {
  auto put = [&out](uint32_t cp) {
    switch (cp) {
      case '"':
        out += "\\\"";
        return;
      case '\\':
        out += "\\\\";
        return;
      case '\n':
        out += "\\n";
        return;
      case '\t':
        out += "\\t";
        return;
      case '\r':
        out += "\\r";
        return;
      default:
        break;
    }
    // Escape everything outside YAML's printable set and the characters
    // YAML 1.1 treats as line breaks (NEL, LS, PS) or as a BOM.
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0))
      hex2(out, cp, "\\x");
    else if (cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
      hex4(out, cp);
    else if (cp < 0x80)
      out += static_cast<char>(cp);
    else
      text::append_utf8(out, cp);
  };
  out += '"';
  // ASCII text (nearly all) is its own code points: no decoding needed.
  if (text::is_ascii(s)) {
    for (char c : s) put(static_cast<unsigned char>(c));
  } else {
    for (uint32_t cp : text::decode(s)) put(cp);
  }
  out += '"';
}

std::string yaml_float(double d) {
  if (std::isnan(d)) return ".nan";
  if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
  std::string r = ops::float_repr(d);
  // YAML 1.1 floats need a '.': 1e+16 -> 1.0e+16.
  if (r.find('.') == std::string::npos) {
    size_t e = r.find('e');
    r.insert(e == std::string::npos ? r.size() : e, ".0");
  }
  return r;
}

void append_yaml_scalar(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined: ops::use_undefined(v);
    case Kind::None:
      out += "null";
      return;
    case Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Kind::Int:
      out += std::to_string(v.as_int());
      return;
    case Kind::Float:
      out += yaml_float(v.as_float());
      return;
    case Kind::String:
      if (yaml_plain_ok(v.str()))
        out += v.str();
      else
        append_yaml_quoted(out, v.str());
      return;
    default:
      fail(ErrorKind::Type, "the yaml filter takes a string, number, boolean or none, not " +
                                ops::type_name(v),
           "use to_yaml for lists and dicts");
  }
}

std::string yaml_scalar(const Value& v) {
  std::string out;
  append_yaml_scalar(out, v);
  return out;
}

bool is_collection(const Value& v) {
  return v.kind() == Kind::Dict || v.kind() == Kind::List || v.kind() == Kind::Tuple;
}

bool is_empty_collection(const Value& v) {
  return v.kind() == Kind::Dict ? v.dict_size() == 0 : v.size() == 0;
}

// Appends the lines of `v` as a block at `indent` spaces. The first line
// starts without indentation when `inline_first` (after "- " or a key).
void yaml_block(std::vector<std::string>& lines, const Value& v, int indent, int depth) {
  if (depth > 200) fail(ErrorKind::Limit, "value nested too deeply for to_yaml");
  std::string pad(static_cast<size_t>(indent), ' ');
  if (v.kind() == Kind::Dict) {
    for (size_t i = 0; i < v.dict_size(); ++i) {
      Value k = v.dict_key(i), val = v.dict_value(i);
      if (is_collection(k)) fail(ErrorKind::Type, "to_yaml: a dict key must be a scalar");
      std::string key = yaml_scalar(k);
      if (is_collection(val) && !is_empty_collection(val)) {
        lines.push_back(pad + key + ":");
        yaml_block(lines, val, indent + 2, depth + 1);
      } else if (is_collection(val)) {
        lines.push_back(pad + key + (val.kind() == Kind::Dict ? ": {}" : ": []"));
      } else {
        lines.push_back(pad + key + ": " + yaml_scalar(val));
      }
    }
    return;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    Value item = v.at(i);
    if (is_collection(item) && !is_empty_collection(item)) {
      // "- " then the nested block, its first line on the dash's line.
      std::vector<std::string> inner;
      yaml_block(inner, item, indent + 2, depth + 1);
      inner[0] = pad + "- " + inner[0].substr(static_cast<size_t>(indent) + 2);
      lines.insert(lines.end(), inner.begin(), inner.end());
    } else if (is_collection(item)) {
      lines.push_back(pad + (item.kind() == Kind::Dict ? "- {}" : "- []"));
    } else {
      lines.push_back(pad + "- " + yaml_scalar(item));
    }
  }
}

void append_yaml(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder("yaml", args, {});  // takes no arguments: refuses any
  append_yaml_scalar(out, in);
}



Value f_to_yaml(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("to_yaml", args, {"indent"});
  int64_t indent = 0;
  if (b.has(0)) {
    ops::check_defined(b.get(0));
    if (!b.get(0).is_integral() || b.get(0).as_int() < 0 || b.get(0).as_int() > 1000)
      fail(ErrorKind::Type, "to_yaml(indent): indent must be an integer from 0 to 1000");
    indent = b.get(0).as_int();
  }
  ops::check_defined(in);
  std::string pad(static_cast<size_t>(indent), ' ');
  if (!is_collection(in)) return Value::string(pad + yaml_scalar(in));
  if (is_empty_collection(in)) return Value::string(pad + (in.kind() == Kind::Dict ? "{}" : "[]"));
  std::vector<std::string> lines;
  yaml_block(lines, in, static_cast<int>(indent), 0);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return Value::string(std::move(out));
}

// ------------------------------------------------------------------ shell

}  // namespace

// A word as text: strings and numbers only (None or a list inside is a bug
// in the template, not something to print).
std::string word_text(const Value& v, const char* filter) {
  ops::check_defined(v);
  if (v.is_string()) return std::string(v.str());
  if (v.kind() == Kind::Int || v.kind() == Kind::Float) return ops::to_str(v);
  fail(ErrorKind::Type, std::string("the ") + filter + " filter takes strings and numbers, not " +
                            ops::type_name(v));
}

namespace {

ValueList words_of(const Value& in, const char* filter) {
  ops::check_defined(in);
  if (in.kind() == Kind::List || in.kind() == Kind::Tuple) return ops::to_list(in);
  (void)filter;
  return {in};
}

// POSIX sh quoting exactly like Python's shlex.quote, appended to `out`.
void append_shell_quoted(std::string& out, std::string_view s) {
  if (s.find('\0') != std::string_view::npos)
    fail(ErrorKind::Value, "a NUL character cannot be passed to a shell command");
  append_shell_word(out, s);  // util/text.h
}

void append_shell_words(std::string& out, const Value& in) {
  bool first = true;
  for (const auto& w : words_of(in, "shell")) {
    if (!first) out += ' ';
    first = false;
    // A string word is quoted in place; numbers (and the errors) go through word_text.
    if (w.is_string())
      append_shell_quoted(out, w.str());
    else
      append_shell_quoted(out, word_text(w, "shell"));
  }
}

void append_shell(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("shell", args, {});
  append_shell_words(out, in);
}

// ---------------------------------------------------------------- systemd

// One double-quoted word as systemd unquotes it (C escapes), with `%`
// doubled against specifier expansion and, for Exec lines, `$` doubled
// against variable expansion.
std::string systemd_word(const std::string& s, bool exec) {
  if (s.find('\0') != std::string::npos)
    fail(ErrorKind::Value, "a NUL character cannot be written in a systemd unit");
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      case '%': out += "%%"; break;
      case '$': out += exec ? "$$" : "$"; break;
      default:
        if (c < 0x20 || c == 0x7F) hex2(out, c, "\\x");
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

Value f_systemd_quote(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("systemd_quote", args, {});
  std::string out;
  bool first = true;
  for (const auto& w : words_of(in, "systemd_quote")) {
    if (!first) out += ' ';
    first = false;
    out += systemd_word(word_text(w, "systemd_quote"), false);
  }
  return Value::string(std::move(out));
}

Value f_systemd_exec(Evaluator&, const Value& in, const CallArgs& args) {
  // arguments=true: the words follow a command (Quadlet's Exec=, which
  // podman appends after the image), so no Exec prefix applies to them.
  ArgBinder b("systemd_exec", args, {"arguments"});
  bool arguments = b.has(0) && ops::truthy(b.get(0));
  std::string out;
  bool first = true;
  for (const auto& w : words_of(in, "systemd_exec")) {
    std::string text = word_text(w, "systemd_exec");
    if (first && !arguments && in.kind() != Kind::String && !text.empty() &&
        std::string_view("@-:+!").find(text[0]) != std::string_view::npos)
      fail(ErrorKind::Value, "the command '" + text + "' starts with '" + text.substr(0, 1) +
                                 "', which systemd reads as an Exec prefix");
    if (!first) out += ' ';
    first = false;
    out += systemd_word(text, true);
  }
  return Value::string(std::move(out));
}

Value f_systemd_escape(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("systemd_escape", args, {});
  std::string s = word_text(in, "systemd_escape");
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F)
      fail(ErrorKind::Value, "a control character (such as a newline) cannot be written in a "
                             "plain systemd setting",
           "use systemd_quote for settings that accept quoted values");
    if (c == '%') out += "%%";
    else out += static_cast<char>(c);
  }
  if (!out.empty() && (out.front() == ' ' || out.back() == ' ' || out.back() == '\\'))
    fail(ErrorKind::Value, "systemd drops leading and trailing spaces (and a trailing backslash "
                           "continues the line) in a plain setting",
         "use systemd_quote for settings that accept quoted values");
  return Value::string(std::move(out));
}

// A plain setting that Quadlet copies into the podman command line of the
// unit it generates (WorkingDir=, Volume=, Tmpfs=, ...): systemd_escape, and
// `$` as `$$` against variable expansion there.
Value f_systemd_value(Evaluator& ev, const Value& in, const CallArgs& args) {
  ArgBinder b("systemd_value", args, {});
  Value escaped = f_systemd_escape(ev, in, args);
  std::string out;
  for (char c : escaped.str()) {
    if (c == '$') out += '$';
    out += c;
  }
  return Value::string(std::move(out));
}

// ----------------------------------------------------------------- docker

void json_string(std::string& out, const std::string& s) {
  out += '"';
  for (uint32_t cp : text::decode(s)) {
    switch (cp) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\t': out += "\\t"; continue;
      case '\r': out += "\\r"; continue;
      default: break;
    }
    if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029) hex4(out, cp);
    else text::append_utf8(out, cp);
  }
  out += '"';
}

Value f_docker_json(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("docker_json", args, {});
  std::string out = "[";
  bool first = true;
  for (const auto& w : words_of(in, "docker_json")) {
    if (!first) out += ", ";
    first = false;
    json_string(out, word_text(w, "docker_json"));
  }
  return Value::string(out + "]");
}

// --------------------------------------------------------------- Markdown

// The text of one GFM table cell: a line break would end the row, and a `|`
// the cell. GFM splits a row at unescaped pipes before it reads any inline
// syntax, so `\|` is needed inside code spans too (the reader unescapes it
// there as well). Other Markdown in the text is kept.
void append_md_cell_text(std::string& out, std::string_view s) {
  for (char c : s) {
    if (c == '\r' || c == '\n')
      out += ' ';
    else if (c == '|')
      out += "\\|";
    else
      out += c;
  }
}

void append_md_cell(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("md_cell", args, {});
  append_md_cell_text(out, StrOf(in));  // any value, as `|string` prints it
}

// A code span in a table cell. CommonMark closes a span at the first run of
// backticks as long as the one that opened it, so the fence is one backtick
// longer than the longest run in the text. It strips one space at each end
// of a span that has one at both, so a text with backticks (which may start
// or end it and would then merge with the fence) or with a space at both
// ends gets a space inside each fence. (`` `x` `` for x = "`" and `a` for
// "a", as the contract's macros wrote them.)
void append_md_code(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("md_code", args, {});
  size_t start = out.size();
  append_md_cell_text(out, StrOf(in));  // any value, as `|string` prints it
  std::string_view text(out.data() + start, out.size() - start);
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  bool spaced = text.size() >= 2 && text.front() == ' ' && text.back() == ' ' &&
                text.find_first_not_of(' ') != std::string_view::npos;
  bool pad = longest > 0 || spaced;
  std::string fence(longest + 1, '`');
  out.insert(start, pad ? fence + " " : fence);
  if (pad) out += ' ';
  out += fence;
}

}  // namespace

void yaml_scalar_into(std::string& out, const Value& v) { append_yaml_scalar(out, v); }
void shell_words_into(std::string& out, const Value& v) { append_shell_words(out, v); }

void add_gen_filters(Registry& r) {
  r.set_filter("yaml", filter_from_append<append_yaml>, append_yaml);
  r.set_filter("to_yaml", f_to_yaml);
  r.set_filter("shell", filter_from_append<append_shell>, append_shell);
  r.set_filter("systemd_quote", f_systemd_quote);
  r.set_filter("systemd_exec", f_systemd_exec);
  r.set_filter("systemd_escape", f_systemd_escape);
  r.set_filter("systemd_value", f_systemd_value);
  r.set_filter("docker_json", f_docker_json);
  r.set_filter("md_cell", filter_from_append<append_md_cell>, append_md_cell);
  r.set_filter("md_code", filter_from_append<append_md_code>, append_md_code);
}

}  // namespace gen::tmpl
