// libFuzzer target for the template engine (lexer, parser, evaluator, and
// the template lint over the same text under each declared format).
// Input: template text, optionally followed by a NUL byte and a JSON
// context. Every input must either render or raise a TemplateError with a
// position; anything else (a crash, a sanitizer report, another exception,
// a hang past the step limit) is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "template/environment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string source = input, context_text;
  if (size_t nul = input.find('\0'); nul != std::string::npos) {
    source = input.substr(0, nul);
    context_text = input.substr(nul + 1);
  }
  gen::tmpl::Json context = gen::tmpl::Json::object();
  if (!context_text.empty()) {
    auto parsed = gen::tmpl::Json::parse(context_text, nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) context = std::move(parsed);
  }
  // The input is also importable and includable, so recursion is explored.
  std::map<std::string, std::string> files = {
      {"t.j2", source}, {"self.j2", source}, {"lib.j2", "{% macro m(x) %}[{{ x }}]{% endmacro %}"}};
  gen::tmpl::Limits limits;
  limits.max_depth = 40;
  limits.max_steps = 20000;
  limits.max_output = size_t(1) << 20;
  gen::tmpl::Environment env(std::make_shared<gen::tmpl::MemoryLoader>(files), limits);
  try {
    env.render("t.j2", context);
  } catch (const gen::tmpl::TemplateError& e) {
    // Every error names a template and a position inside it.
    if (e.file.empty() || e.line < 1 || e.column < 1) std::abort();
    (void)e.to_diagnostic();
  }
  // The lint, as gen runs it on --templates overrides: it must accept or
  // refuse with a position, whatever the text.
  static const char* const kFormats[] = {"yaml", "shell", "systemd", "dockerfile", "dockerignore",
                                         "markdown"};
  std::string tagged = std::string("{# gen:format ") + kFormats[size % 6] + " #}\n" + source;
  gen::tmpl::Environment linted(
      std::make_shared<gen::tmpl::MemoryLoader>(std::map<std::string, std::string>{{"t.j2", tagged}}),
      limits);
  linted.set_lint(true);
  try {
    linted.get_template("t.j2");
  } catch (const gen::tmpl::TemplateError& e) {
    if (e.file.empty() || e.line < 1 || e.column < 1) std::abort();
  }
  return 0;
}
