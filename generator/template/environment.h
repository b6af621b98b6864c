// gen's template engine: a Jinja2 3.1 compatible subset whose output is byte
// for byte what Jinja2 renders with trim_blocks=True, lstrip_blocks=True,
// keep_trailing_newline=True, undefined=StrictUndefined and no autoescape.
// docs/templates.md lists the subset and gen's own filters.
//
// Use:
//   gen::tmpl::Environment env(gen::tmpl::make_default_loader(override_dir));
//   env.set_filter("my_filter", [](const Value& in, const CallArgs& args) { ... });
//   try {
//     std::string text = env.render("compose/compose.yaml.j2", context);
//   } catch (const gen::tmpl::TemplateError& e) {
//     gen::SourceFiles sources;
//     e.add_source(sources);            // so the renderer can print the line
//     diags.add(e.to_diagnostic());     // file:line:col, caret, include chain as notes
//   }
//
// Templates are parsed once and cached for the Environment's lifetime;
// rendering never copies the context (values borrow from it), so the context
// must outlive the render call. An Environment is not thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "template/error.h"
#include "template/loader.h"
#include "template/local.h"
#include "template/registry.h"
#include "template/template.h"
#include "template/value.h"
#include "util/text_sink.h"

namespace gen::tmpl {

struct Limits {
  int max_depth = 200;              // nested includes + imports + macro calls (Jinja2: ~200)
  int max_nesting = 2500;           // expression and statement evaluation depth (C++ stack)
  uint64_t max_steps = 50'000'000;  // loop iterations + calls + outputs per render
  size_t max_output = size_t(256) << 20;  // bytes
};

class Environment {
 public:
  explicit Environment(std::shared_ptr<const TemplateLoader> loader, Limits limits = {});

  // Renders template `name` with `context` (a JSON object; its keys are the
  // template's variables). Throws TemplateError.
  std::string render(const std::string& name, const Json& context);
  // The same with `locals` layered over the context: they shadow the
  // context's keys (the render stage's per-file names). Neither is copied;
  // both must outlive the call.
  std::string render(const std::string& name, const Json& context,
                     const std::vector<Local>& locals);
  // The same, the text passed to `sink` a piece at a time as it is made
  // instead of returned: a large file never needs to fit in one string.
  // On a TemplateError, part of the text may have gone to the sink.
  void render_to(const std::string& name, const Json& context, const std::vector<Local>& locals,
                 TextSink& sink);

  // Renders template source text under a name that appears in diagnostics
  // (includes and imports still go through the loader).
  std::string render_string(const std::string& name, const std::string& source, const Json& context);

  // The parsed template `name` (cached). Throws TemplateError.
  std::shared_ptr<const Template> get_template(const std::string& name);
  // The same, or nullptr when the loader has no such template (remembered,
  // like the templates themselves). Throws TemplateError for syntax errors.
  std::shared_ptr<const Template> find_template(std::string_view name);

  // Registers a filter callable as `value|name(args...)`. Replaces an
  // existing one of the same name. Call before rendering: templates parsed
  // earlier that named an unknown filter keep failing.
  using SimpleFilter = std::function<Value(const Value& input, const CallArgs& args)>;
  void set_filter(const std::string& name, SimpleFilter fn);
  void set_test(const std::string& name, std::function<bool(const Value&, const CallArgs&)> fn);

  // Runs the template lint (lint.h) on every template loaded from now on:
  // each must declare its output format (or replace a built-in that does)
  // and escape every value for it. gen's pipeline turns it on.
  void set_lint(bool on) { lint_ = on; }

  const Registry& registry() const { return registry_; }
  const TemplateLoader& loader() const { return *loader_; }
  const Limits& limits() const { return limits_; }

 private:
  friend class Evaluator;
  std::shared_ptr<const Template> compile(const std::string& name, const std::string& file,
                                          const std::string& text);

  void lint(const Template& t, const std::string& text) const;

  std::shared_ptr<const TemplateLoader> loader_;
  Limits limits_;
  bool lint_ = false;
  Registry registry_;
  std::map<std::string, std::shared_ptr<const Template>, std::less<>> cache_;  // nullptr: not found
  std::map<std::string, std::shared_ptr<const Template>> strings_;  // render_string sources
  // The size of each template's last output: the next render of it reserves
  // that much, instead of growing the string (and copying it) step by step.
  std::map<const Template*, size_t> last_output_size_;
};

}  // namespace gen::tmpl
