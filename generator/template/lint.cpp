#include "template/lint.h"

#include <set>

namespace gen::tmpl {
namespace {

// Where on its line an interpolation lands: the escaping it needs depends
// on it (a comment only ends at a line break, a quoted shell string at its
// quote).
enum class Place { Data, Comment, HtmlComment, Quoted };

const char* place_name(Place p) {
  switch (p) {
    case Place::Data: return "";
    case Place::Comment: return " comment line";
    case Place::HtmlComment: return " HTML comment";
    case Place::Quoted: return " quoted string";
  }
  return "";
}

// The escaping filters valid at a place of a format.
std::vector<const char*> allowed(OutputFormat f, Place p) {
  if (p == Place::Comment) return {"comment", "ident"};
  if (p == Place::HtmlComment) return {"html_comment"};
  switch (f) {
    case OutputFormat::Yaml: return {"yaml", "to_yaml", "k8s_arg", "yaml_literal", "yaml_folded"};
    case OutputFormat::Shell:
      if (p == Place::Quoted) return {"ident"};
      return {"shell", "ident"};
    case OutputFormat::Systemd:
      return {"systemd_escape", "systemd_value", "systemd_text", "systemd_quote", "systemd_exec",
              "ident"};
    case OutputFormat::Dockerfile:
      if (p == Place::Quoted) return {"docker_word", "ident"};
      return {"docker_json", "docker_shell", "docker_word", "ident"};
    case OutputFormat::Dockerignore: return {};
    case OutputFormat::Markdown: return {"md_text", "md_cell", "md_code", "mermaid"};
    case OutputFormat::Caddyfile: return {"caddy"};
  }
  return {};
}

bool hash_comments(OutputFormat f) { return f != OutputFormat::Markdown; }

// The output text before `offset` on its source line, with template tags
// (`{{ }}`, `{% %}`, `{# #}`) taken out: an approximation of what precedes
// the value in the output, enough to tell the place.
std::string line_prefix(std::string_view src, uint32_t offset) {
  size_t start = 0;
  if (offset > 0) {
    size_t nl = src.rfind('\n', offset - 1);
    if (nl != std::string_view::npos) start = nl + 1;
  }
  std::string out;
  size_t i = start;
  while (i < offset) {
    if (src[i] == '{' && i + 1 < offset && (src[i + 1] == '{' || src[i + 1] == '%' || src[i + 1] == '#')) {
      const char* close = src[i + 1] == '{' ? "}}" : src[i + 1] == '%' ? "%}" : "#}";
      size_t end = src.find(close, i + 2);
      if (end == std::string_view::npos || end >= offset) break;  // the tag being linted
      i = end + 2;
      continue;
    }
    out += src[i++];
  }
  return out;
}

// Whether the shell-like text `prefix` leaves an open quote.
bool inside_quotes(std::string_view prefix) {
  char quote = 0;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = prefix[i];
    if (quote == '\'') {
      if (c == '\'') quote = 0;
    } else if (c == '\\') {
      ++i;
    } else if (quote == '"') {
      if (c == '"') quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    }
  }
  return quote != 0;
}

Place place_of(OutputFormat f, std::string_view src, uint32_t offset) {
  std::string prefix = line_prefix(src, offset);
  size_t first = prefix.find_first_not_of(" \t");
  std::string_view lead = first == std::string::npos ? std::string_view() : std::string_view(prefix).substr(first);
  if (hash_comments(f) && !lead.empty() && lead[0] == '#') return Place::Comment;
  if (f == OutputFormat::Markdown) {
    size_t open = prefix.rfind("<!--");
    if (open != std::string::npos && prefix.find("-->", open) == std::string::npos)
      return Place::HtmlComment;
  }
  if ((f == OutputFormat::Shell || f == OutputFormat::Dockerfile) && inside_quotes(prefix))
    return Place::Quoted;
  return Place::Data;
}

class Linter {
 public:
  Linter(const Template& t, OutputFormat f) : t_(t), format_(f) {}

  std::vector<LintFinding> run() {
    collect_macros(t_.body);
    collect_constants(t_.body);
    walk(t_.body);
    return std::move(findings_);
  }

 private:
  void collect_macros(const Body& body) {
    for (const auto& s : body) {
      switch (s->kind) {
        case StmtKind::Macro: macros_.insert(static_cast<const MacroStmt&>(*s).name); break;
        case StmtKind::Import: modules_.insert(static_cast<const ImportStmt&>(*s).target); break;
        case StmtKind::FromImport:
          for (const auto& n : static_cast<const FromImportStmt&>(*s).names) macros_.insert(n.second);
          break;
        case StmtKind::If:
          for (const auto& b : static_cast<const IfStmt&>(*s).branches) collect_macros(b.second);
          collect_macros(static_cast<const IfStmt&>(*s).otherwise);
          break;
        default: break;
      }
    }
  }

  // Names the template sets only to text it wrote itself (`{% set install =
  // "npm ci" if lock else "npm install" %}`): printing one needs no filter.
  // Names set only to text built from literals and this format's data
  // filters need none at a data place. A name set anywhere to anything else,
  // or bound by a loop, a macro or a `with`, is neither.
  void collect_constants(const Body& body) {
    auto bind = [&](const Target& t, const Expr* value) {
      if (t.is_tuple) {
        for (const auto& item : t.items) variables_.insert(item.name);
      } else if (t.attr.empty()) {
        if (value && offending(value, {}, Place::Data) == nullptr)
          constants_.insert(t.name);
        else if (value && offending(value, allowed(format_, Place::Data), Place::Data) == nullptr)
          escaped_.insert(t.name);
        else
          variables_.insert(t.name);
      }
    };
    for (const auto& s : body) {
      switch (s->kind) {
        case StmtKind::Set: {
          const auto& n = static_cast<const SetStmt&>(*s);
          bind(n.target, n.value.get());
          break;
        }
        case StmtKind::SetBlock: bind(static_cast<const SetBlockStmt&>(*s).target, nullptr); break;
        case StmtKind::If:
          for (const auto& b : static_cast<const IfStmt&>(*s).branches) collect_constants(b.second);
          collect_constants(static_cast<const IfStmt&>(*s).otherwise);
          break;
        case StmtKind::For: {
          const auto& n = static_cast<const ForStmt&>(*s);
          bind(n.target, nullptr);
          collect_constants(n.body);
          collect_constants(n.otherwise);
          break;
        }
        case StmtKind::Macro: {
          const auto& n = static_cast<const MacroStmt&>(*s);
          for (const auto& p : n.params.names) variables_.insert(p);
          collect_constants(n.body);
          break;
        }
        case StmtKind::With:
          for (const auto& t : static_cast<const WithStmt&>(*s).targets) bind(t, nullptr);
          collect_constants(static_cast<const WithStmt&>(*s).body);
          break;
        case StmtKind::CallBlock: collect_constants(static_cast<const CallBlockStmt&>(*s).caller.body); break;
        case StmtKind::FilterBlock: collect_constants(static_cast<const FilterBlockStmt&>(*s).body); break;
        default: break;
      }
    }
  }

  bool safe_name(const std::string& name, Place place) const {
    if (variables_.count(name)) return false;
    if (escaped_.count(name)) return place == Place::Data;
    return constants_.count(name) > 0;
  }

  void walk(const Body& body) {
    for (const auto& s : body) {
      switch (s->kind) {
        case StmtKind::Print: check(static_cast<const PrintStmt&>(*s)); break;
        case StmtKind::If: {
          const auto& n = static_cast<const IfStmt&>(*s);
          for (const auto& b : n.branches) walk(b.second);
          walk(n.otherwise);
          break;
        }
        case StmtKind::For: {
          const auto& n = static_cast<const ForStmt&>(*s);
          walk(n.body);
          walk(n.otherwise);
          break;
        }
        case StmtKind::SetBlock: walk(static_cast<const SetBlockStmt&>(*s).body); break;
        case StmtKind::Macro: walk(static_cast<const MacroStmt&>(*s).body); break;
        case StmtKind::CallBlock: walk(static_cast<const CallBlockStmt&>(*s).caller.body); break;
        case StmtKind::FilterBlock: walk(static_cast<const FilterBlockStmt&>(*s).body); break;
        case StmtKind::With: walk(static_cast<const WithStmt&>(*s).body); break;
        default: break;
      }
    }
  }

  void check(const PrintStmt& p) {
    Place place = place_of(format_, *t_.source, p.pos);
    std::vector<const char*> ok = allowed(format_, place);
    const Expr* bad = offending(p.expr.get(), ok, place);
    if (!bad) return;
    std::string names;
    for (const char* n : ok) names += std::string(names.empty() ? "" : ", ") + n;
    std::string where = place == Place::Data
                            ? std::string(format_name(format_)) + " output"
                            : std::string("a ") + format_name(format_) + place_name(place);
    std::string message = "a value in " + where + " must end with an escaping filter";
    message += names.empty() ? " (none exists here: write no spec value at this place)"
                             : " for it: " + names;
    if (bad->kind == ExprKind::Filter)
      message += " (got '" + static_cast<const FilterExpr&>(*bad).name + "')";
    findings_.push_back({p.pos, message,
                         "see 'Escaping by construction' in docs/templates.md; |verbatim is the "
                         "escape hatch for a value known to be safe here"});
  }

  // The first part of `e` that can print text no escaping filter made, or
  // null when every part is a literal, an accepted filter or a macro call.
  const Expr* offending(const Expr* e, const std::vector<const char*>& ok, Place place) const {
    if (!e) return nullptr;
    switch (e->kind) {
      case ExprKind::Const: return nullptr;
      case ExprKind::Name:
        return safe_name(static_cast<const NameExpr&>(*e).name, place) ? nullptr : e;
      case ExprKind::Filter: {
        const auto& f = static_cast<const FilterExpr&>(*e);
        if (f.name == "verbatim") return nullptr;
        for (const char* n : ok)
          if (f.name == n) return nullptr;
        return e;
      }
      case ExprKind::Concat:
        for (const auto& item : static_cast<const ConcatExpr&>(*e).items)
          if (const Expr* bad = offending(item.get(), ok, place)) return bad;
        return nullptr;
      case ExprKind::CondExpr: {
        const auto& c = static_cast<const CondExpr&>(*e);
        if (const Expr* bad = offending(c.then.get(), ok, place)) return bad;
        return offending(c.otherwise.get(), ok, place);
      }
      case ExprKind::Call: {
        const Expr* callee = static_cast<const CallExpr&>(*e).callee.get();
        if (callee->kind == ExprKind::Name) {
          const std::string& name = static_cast<const NameExpr&>(*callee).name;
          if (name == "caller" || macros_.count(name)) return nullptr;
        }
        if (callee->kind == ExprKind::GetAttr) {
          const Expr* obj = static_cast<const GetAttrExpr&>(*callee).obj.get();
          if (obj->kind == ExprKind::Name && modules_.count(static_cast<const NameExpr&>(*obj).name))
            return nullptr;
        }
        return e;
      }
      default: return e;
    }
  }

  const Template& t_;
  OutputFormat format_;
  std::set<std::string> macros_;   // macros defined or imported by name here
  std::set<std::string> modules_;  // `import "x" as m`: m.name(...) calls a macro
  std::set<std::string> constants_, escaped_, variables_;  // see collect_constants
  std::vector<LintFinding> findings_;
};

}  // namespace

const char* format_name(OutputFormat f) {
  switch (f) {
    case OutputFormat::Yaml: return "yaml";
    case OutputFormat::Shell: return "shell";
    case OutputFormat::Systemd: return "systemd";
    case OutputFormat::Dockerfile: return "dockerfile";
    case OutputFormat::Dockerignore: return "dockerignore";
    case OutputFormat::Markdown: return "markdown";
    case OutputFormat::Caddyfile: return "caddyfile";
  }
  return "";
}

FormatTag read_format_tag(std::string_view source) {
  FormatTag tag;
  std::string_view line = source.substr(0, source.find('\n'));
  const std::string_view open = "{# gen:format ";
  if (line.substr(0, open.size()) != open || line.size() < open.size() + 2 ||
      line.substr(line.size() - 3) != " #}")
    return tag;
  tag.present = true;
  tag.name = std::string(line.substr(open.size(), line.size() - open.size() - 3));
  for (OutputFormat f : {OutputFormat::Yaml, OutputFormat::Shell, OutputFormat::Systemd,
                         OutputFormat::Dockerfile, OutputFormat::Dockerignore, OutputFormat::Markdown,
                         OutputFormat::Caddyfile})
    if (tag.name == format_name(f)) tag.format = f;
  return tag;
}

std::vector<LintFinding> lint_template(const Template& t, OutputFormat format) {
  return Linter(t, format).run();
}

}  // namespace gen::tmpl
