#include "template/environment.h"

#include "template/evaluator.h"
#include "template/lexer.h"
#include "template/lint.h"
#include "template/text.h"

namespace gen::tmpl {

Environment::Environment(std::shared_ptr<const TemplateLoader> loader, Limits limits)
    : loader_(std::move(loader)), limits_(limits) {}

std::shared_ptr<const Template> Environment::compile(const std::string& name,
                                                     const std::string& file,
                                                     const std::string& text) {
  auto t = std::make_shared<Template>();
  t->name = name;
  t->file = file;
  auto source = std::make_shared<std::string>(normalize_newlines(text));
  t->source = source;
  t->line_starts.push_back(0);
  for (size_t i = 0; i < source->size(); ++i)
    if ((*source)[i] == '\n') t->line_starts.push_back(static_cast<uint32_t>(i + 1));
  auto error = [&](uint32_t offset, ErrorKind kind, std::string msg, std::string help) {
    TemplateError e;
    e.kind = kind;
    e.message = std::move(msg);
    e.help = std::move(help);
    e.template_name = name;
    e.file = file;
    e.source = source;
    t->locate(offset, e.line, e.column);
    return e;
  };
  if (source->size() > 0xFFFFFFF0u)
    throw error(0, ErrorKind::Limit, "template too large (4 GiB or more)", "");
  if (!text::valid_utf8(*source)) {
    uint32_t bad = 0;
    while (bad < source->size() && text::valid_utf8(std::string_view(*source).substr(0, bad + 1))) ++bad;
    throw error(bad, ErrorKind::Syntax, "the template is not valid UTF-8", "");
  }
  try {
    parse(*t, registry_);
  } catch (const ParseError& p) {
    throw error(p.offset, p.unsupported ? ErrorKind::Unsupported : ErrorKind::Syntax, p.message,
                p.help);
  }
  if (lint_) lint(*t, text);
  return t;
}

void Environment::lint(const Template& t, const std::string& text) const {
  auto error = [&](uint32_t offset, std::string msg, std::string help) {
    TemplateError e;
    e.kind = ErrorKind::Unescaped;
    e.message = std::move(msg);
    e.help = std::move(help);
    e.template_name = t.name;
    e.file = t.file;
    e.source = t.source;
    t.locate(offset, e.line, e.column);
    return e;
  };
  FormatTag tag = read_format_tag(text);
  // An override keeps the format of the built-in it replaces: it may repeat
  // the declaration, not change it.
  FormatTag builtin;
  if (t.file.rfind("builtin:", 0) != 0) {
    if (auto b = BuiltinLoader().load(t.name)) builtin = read_format_tag(b->text);
  }
  if (tag.present && !tag.format)
    throw error(0, "unknown output format '" + tag.name + "'",
                "one of: yaml, shell, systemd, dockerfile, dockerignore, markdown, caddyfile");
  if (!tag.present && !builtin.format)
    throw error(0, "the template does not declare the format of its output",
                "start it with a line such as {# gen:format yaml #} (yaml, shell, systemd, "
                "dockerfile, dockerignore, markdown, caddyfile)");
  if (tag.format && builtin.format && *tag.format != *builtin.format)
    throw error(0, std::string("the template declares format '") + format_name(*tag.format) +
                       "', but the built-in template it replaces writes '" +
                       format_name(*builtin.format) + "'",
                "keep the built-in's format declaration");
  OutputFormat format = tag.format ? *tag.format : *builtin.format;
  std::vector<LintFinding> found = lint_template(t, format);
  if (!found.empty()) throw error(found.front().offset, found.front().message, found.front().help);
}

std::shared_ptr<const Template> Environment::find_template(std::string_view name_view) {
  auto it = cache_.find(name_view);
  if (it != cache_.end()) return it->second;
  std::string name(name_view);
  std::optional<TemplateSource> src;
  if (valid_template_name(name)) src = loader_->load(name);
  if (!src) {
    cache_[name] = nullptr;
    return nullptr;
  }
  auto t = compile(name, src->file, src->text);
  cache_[name] = t;
  return t;
}

std::shared_ptr<const Template> Environment::get_template(const std::string& name) {
  auto t = find_template(name);
  if (!t) {
    TemplateError e;
    e.kind = ErrorKind::NotFound;
    e.message = "template '" + name + "' not found";
    throw e;
  }
  return t;
}

std::string Environment::render(const std::string& name, const Json& context) {
  auto t = get_template(name);
  Evaluator ev(*this);
  return ev.render(*t, &context);
}

std::string Environment::render(const std::string& name, const Json& context,
                                const std::vector<Local>& locals) {
  auto t = get_template(name);
  Evaluator ev(*this);
  return ev.render(*t, &context, &locals);
}

void Environment::render_to(const std::string& name, const Json& context,
                            const std::vector<Local>& locals, TextSink& sink) {
  auto t = get_template(name);
  Evaluator ev(*this);
  ev.render(*t, &context, &locals, &sink);
}

std::string Environment::render_string(const std::string& name, const std::string& source,
                                       const Json& context) {
  auto t = compile(name, name, source);
  strings_[name] = t;  // values may borrow from it until the next call
  Evaluator ev(*this);
  return ev.render(*t, &context);
}

void Environment::set_filter(const std::string& name, SimpleFilter fn) {
  registry_.set_filter(name, [fn = std::move(fn)](Evaluator&, const Value& in, const CallArgs& args) {
    return fn(in, args);
  });
}

void Environment::set_test(const std::string& name,
                           std::function<bool(const Value&, const CallArgs&)> fn) {
  registry_.set_test(name, [fn = std::move(fn)](Evaluator&, const Value& in, const CallArgs& args) {
    return fn(in, args);
  });
}

}  // namespace gen::tmpl
