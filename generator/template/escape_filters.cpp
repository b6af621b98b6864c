// gen's escaping filters for the places the format filters of
// gen_filters.cpp do not cover: comment lines, Markdown prose, Mermaid
// labels, identifiers, Dockerfile words, Kubernetes command arguments and
// YAML block scalars. The template lint (lint.h) accepts a spec value in an
// output only through one of these or a format filter, so each is written
// so that nothing in its input can end the construct it lands in: it either
// writes the text so the reader gets it back, or folds what a comment or
// prose cannot hold, or fails (template-value) when neither is possible.
#include <string>
#include <string_view>
#include <vector>

#include "template/error.h"
#include "template/format_quoting.h"
#include "template/registry.h"
#include "template/str_of.h"
#include "template/text.h"
#include "template/value_ops.h"
#include "template/yaml_fold.h"

namespace gen::tmpl {
namespace {

// Code points that end a line for some reader gen writes for (YAML 1.1 reads
// NEL, LS and PS as line breaks), or that no format can hold as text.
bool breaks_or_controls(uint32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF;
}

// The text on one line: line breaks, tabs and control characters become
// spaces; trailing spaces are dropped (they are invisible and some readers
// strip them). Free text (descriptions) is prose, so folding it is faithful.
std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (uint32_t cp : text::decode(s)) {
    if (breaks_or_controls(cp)) out += ' ';
    else text::append_utf8(out, cp);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// `# {{ x|comment }}`: the rest of a comment line in YAML, shell, systemd
// units and Dockerfiles. A comment ends only at a line break, so folding
// line breaks is enough; a trailing backslash does not continue a comment
// in any of them (systemd and BuildKit drop comment lines before joining).
void append_comment(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("comment", args, {});
  out += one_line(StrOf(in));
}

// `<!-- {{ x|html_comment }} -->`: as `comment`, and `--` (which may end an
// HTML comment) never appears.
void append_html_comment(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("html_comment", args, {});
  std::string s = one_line(StrOf(in));
  for (char c : s) {
    if (c == '-' && !out.empty() && out.back() == '-') out += ' ';
    out += c;
  }
  if (!out.empty() && out.back() == '-') out += ' ';
}

// Markdown prose (a paragraph or a table cell) that reads as the text
// itself: one line; backslash-escaped (CommonMark unescapes any ASCII
// punctuation): the characters that start code, emphasis, links, HTML,
// entities, strikethrough or end a table cell, an `_` unless it stands
// between two letters or digits (where it cannot emphasize: snake_case
// stays readable), and the block markers that only count at the start.
bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

void append_md_text(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("md_text", args, {});
  std::string s = one_line(StrOf(in));
  size_t start = s.find_first_not_of(' ');  // 4 leading spaces would make a code block
  s = start == std::string::npos ? "" : s.substr(start);
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool inline_mark = std::string_view("\\`*[]<&|~").find(c) != std::string_view::npos ||
                       (c == '_' && !(i > 0 && alnum(s[i - 1]) && i + 1 < s.size() && alnum(s[i + 1])));
    bool block_mark = (i == 0 && std::string_view("#+-=>").find(c) != std::string_view::npos) ||
                      (i == digits && digits > 0 && (c == '.' || c == ')'));
    if (inline_mark || block_mark) out += '\\';
    out += c;
  }
}

// Text inside a quoted Mermaid label ("...") or a node id: every character
// other than letters, digits and `space . _ / : - , ( ) $ { }` as Mermaid's entity code
// `#NNN;` (decimal), so no quote, bracket, pipe, backtick or line break can
// end the label or the code block around it.
void append_mermaid(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("mermaid", args, {});
  for (uint32_t cp : text::decode(StrOf(in))) {
    bool plain = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
                 cp == ' ' || cp == '.' || cp == '_' || cp == '/' || cp == ':' || cp == '-' ||
                 cp == ',' || cp == '(' || cp == ')' || cp == '$' || cp == '{' || cp == '}';
    if (plain) out += static_cast<char>(cp);
    else out += "#" + std::to_string(cp) + ";";
  }
}

// A word that needs no quoting in shell, systemd or Dockerfile text, even
// inside quotes: ASCII letters, digits, `_ - . /`, not starting with `-`.
// Anything else is an error: the filter asserts what the spec's formats
// already guarantee (names, enumerations, numbers, gen's own paths).
bool is_ident(std::string_view s) {
  if (s.empty() || s[0] == '-') return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}


void append_ident(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("ident", args, {});
  std::string s = word_text(in, "ident");
  if (!is_ident(s))
    fail(ErrorKind::Value, "'" + s + "' is not a plain word (letters, digits, _ - . /)",
         "quote it with the filter of this output's format");
  out += s;
}

// A Caddyfile token (site addresses, matcher paths, upstreams, file
// paths): Caddy splits tokens at whitespace, reads quotes and `\`, expands
// `{placeholders}` even inside quotes and starts comments with `#`, so no
// quoting makes every text safe. The filter asserts what the spec's formats
// guarantee for the values gen writes there (host names, route paths,
// module names, ports, gen's own paths, a path matcher's trailing `*`):
// ASCII letters, digits and `_ - . / : ~ % *`, not starting with `-`;
// anything else is an error.
void append_caddy(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("caddy", args, {});
  std::string s = word_text(in, "caddy");
  bool ok = !s.empty() && s[0] != '-';
  for (char c : s)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '~' || c == '%' ||
                c == '*');
  if (!ok)
    fail(ErrorKind::Value,
         "'" + s + "' is not a plain Caddyfile token (letters, digits, _ - . / : ~ % *)",
         "routes' hosts and paths are restricted to these by the spec's formats");
  out += s;
}

// A Dockerfile word outside the exec form (FROM, WORKDIR, COPY, USER,
// shell-form RUN), bare or inside double quotes: Docker's word processing
// reads quotes, `\` and `$`, a line break ends the instruction, and the
// shell reads more. Paths and references gen writes there need none of
// these, so the filter keeps letters, digits, `_ . / @ + = : , % -` and
// `${NAME}` references (build arguments in FROM), and refuses the rest.
bool docker_plain(std::string_view s) {
  if (s.empty() || s[0] == '-') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("_./@+=:,%-").find(c) != std::string_view::npos)
      continue;
    if (c != '$' || i + 2 >= s.size() || s[i + 1] != '{') return false;
    size_t close = s.find('}', i + 2);
    if (close == std::string_view::npos || !is_ident(s.substr(i + 2, close - i - 2)) ||
        s.substr(i + 2, close - i - 2).find_first_of("./-") != std::string_view::npos)
      return false;
    i = close;
  }
  return true;
}

void append_docker_word(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("docker_word", args, {});
  std::string s = word_text(in, "docker_word");
  if (!docker_plain(s))
    fail(ErrorKind::Value, "'" + s + "' cannot be written as a Dockerfile word (letters, digits, "
                           "_ . / @ + = : , % - and ${NAME} only, not starting with -)");
  out += s;
}

// A shell word in a shell-form Dockerfile RUN line: `shell` quoting, where a
// line break (which would end the instruction) is an error.
void append_docker_shell(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("docker_shell", args, {});
  size_t start = out.size();
  shell_words_into(out, in);
  if (out.find_first_of("\r\n", start) != std::string::npos)
    fail(ErrorKind::Value, "a line break cannot be written in a Dockerfile RUN line");
}

// A word of a Kubernetes container's command or args, as a YAML scalar.
// Kubernetes expands `$(VAR)` there and reads `$$` as `$`; every `$` that
// is followed by `$` or `(` is doubled, so the container gets the text
// exactly, as compose and Quadlet give it.
std::string k8s_unexpanded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '$' && i + 1 < s.size() && (s[i + 1] == '$' || s[i + 1] == '(')) out += '$';
  }
  return out;
}

// The indent argument of yaml_folded and k8s_arg: the folded lines' column.
size_t fold_indent(const Value& v, const char* filter) {
  if (v.kind() != Kind::Int || v.as_int() < 1 || v.as_int() > 64)
    fail(ErrorKind::Value, std::string(filter) + " takes an indent between 1 and 64");
  return static_cast<size_t>(v.as_int());
}

// Lines of one-line text up to this long (after the indent) fold: with
// gen's deepest indents they stay within yamllint's strict 160 columns.
constexpr size_t kFoldWidth = 100;

// A string as a folded block scalar (`>-`, its lines at `indent` spaces)
// when it is long and folds back exactly (yaml_fold.h), else as `yaml`.
void yaml_folded_into(std::string& out, const Value& in, size_t indent) {
  std::optional<std::vector<std::string_view>> lines;
  if (in.is_string()) lines = fold_at_spaces(in.str(), kFoldWidth);
  if (!lines) {
    yaml_scalar_into(out, in);
    return;
  }
  out += ">-";
  for (std::string_view line : *lines) {
    out += '\n';
    out.append(indent, ' ');
    out += line;
  }
}

void append_yaml_folded(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("yaml_folded", args, {"indent"}, 1);
  yaml_folded_into(out, in, fold_indent(b.get(0), "yaml_folded"));
}

// `k8s_arg` or `k8s_arg(indent)`: the latter folds a long word as
// yaml_folded does (`$(` stays escaped: the kubelet reads the folded text).
void append_k8s_arg(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("k8s_arg", args, {"indent"}, 0);
  std::string s = word_text(in, "k8s_arg");
  Value escaped = Value::string(k8s_unexpanded(s));
  Value indent = b.get(0);
  if (indent.is_undefined() || indent.is_none()) yaml_scalar_into(out, escaped);
  else yaml_folded_into(out, escaped, fold_indent(indent, "k8s_arg"));
}

// A plain systemd setting holding prose (Description=): one line as
// `comment` makes it, without the leading and trailing spaces and the
// trailing backslash systemd would drop or read as a continuation, `%`
// doubled against specifiers. A label, so folding it is faithful; the exact
// text is in CONTRACT.md.
void append_systemd_text(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("systemd_text", args, {});
  std::string s = one_line(StrOf(in));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\\')) s.pop_back();
  size_t start = s.find_first_not_of(' ');
  if (start == std::string::npos) return;
  for (char c : std::string_view(s).substr(start)) {
    if (c == '%') out += '%';
    out += c;
  }
}

// A YAML literal block scalar (`|`, `|-` or `|+` with the text indented by
// `indent` spaces on the following lines, no newline after the last one)
// when the text reads back exactly that way, else a quoted scalar (`yaml`):
// a leading space or line break, trailing spaces on a line, control
// characters and the line breaks only YAML 1.1 knows (NEL, LS, PS) or a BOM.
bool block_holds(std::string_view text) {
  if (text.empty() || text[0] == ' ' || text[0] == '\n') return false;
  std::vector<uint32_t> cps = text::decode(text);
  for (size_t i = 0; i < cps.size(); ++i) {
    uint32_t c = cps[i];
    if (c != '\n' && c != '\t' && breaks_or_controls(c)) return false;
    if (c == 0xFEFF) return false;
    if ((c == ' ' || c == '\t') && (i + 1 == cps.size() || cps[i + 1] == '\n')) return false;
  }
  return true;
}

void append_yaml_literal(Evaluator&, const Value& in, const CallArgs& args, std::string& out) {
  ArgBinder b("yaml_literal", args, {"indent"}, 1);
  Value width = b.get(0);
  if (width.kind() != Kind::Int || width.as_int() < 1 || width.as_int() > 64)
    fail(ErrorKind::Value, "yaml_literal takes an indent between 1 and 64");
  if (!in.is_string() || !block_holds(in.str())) {
    yaml_scalar_into(out, in);
    return;
  }
  std::string_view text = in.str();
  size_t trailing = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '\n'; --i) ++trailing;
  out += trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+";
  std::string pad(static_cast<size_t>(width.as_int()), ' ');
  // Each line on its own, indented; empty lines stay empty. The last line
  // break is the template's to write.
  std::string_view body = text.substr(0, text.size() - (trailing ? 1 : 0));
  size_t pos = 0;
  while (true) {
    size_t nl = body.find('\n', pos);
    std::string_view line = body.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    out += '\n';
    if (!line.empty()) {
      out += pad;
      out += line;
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// The escape hatch of the template lint: prints its input unchanged, and
// the lint accepts it anywhere. For a value the template knows is already
// safe where it lands and no filter describes; docs/templates.md asks for a
// comment saying why next to each use.
Value f_verbatim(Evaluator&, const Value& in, const CallArgs& args) {
  ArgBinder b("verbatim", args, {});
  return Value::string(ops::to_str(in));
}

}  // namespace

void add_escape_filters(Registry& r) {
  r.set_filter("comment", filter_from_append<append_comment>, append_comment);
  r.set_filter("html_comment", filter_from_append<append_html_comment>, append_html_comment);
  r.set_filter("md_text", filter_from_append<append_md_text>, append_md_text);
  r.set_filter("mermaid", filter_from_append<append_mermaid>, append_mermaid);
  r.set_filter("ident", filter_from_append<append_ident>, append_ident);
  r.set_filter("caddy", filter_from_append<append_caddy>, append_caddy);
  r.set_filter("docker_word", filter_from_append<append_docker_word>, append_docker_word);
  r.set_filter("docker_shell", filter_from_append<append_docker_shell>, append_docker_shell);
  r.set_filter("systemd_text", filter_from_append<append_systemd_text>, append_systemd_text);
  r.set_filter("yaml_literal", filter_from_append<append_yaml_literal>, append_yaml_literal);
  r.set_filter("yaml_folded", filter_from_append<append_yaml_folded>, append_yaml_folded);
  r.set_filter("verbatim", f_verbatim);
  r.set_filter("k8s_arg", filter_from_append<append_k8s_arg>, append_k8s_arg);
}

}  // namespace gen::tmpl
