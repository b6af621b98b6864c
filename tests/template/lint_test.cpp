// The template lint (escaping by construction): every built-in template
// passes it, and it refuses, at the template position, each way a spec
// value could reach an output without its format's escaping.
#include <catch2/catch.hpp>

#include "helpers.h"
#include "template/lint.h"

using gen::tmpl::BuiltinLoader;
using gen::tmpl::Environment;
using gen::tmpl::Json;
using gen::tmpl::MemoryLoader;
using gen::tmpl::TemplateError;

namespace {

// The lint's verdict on template `source` (named "t.j2"), as gen prints
// it, or "ok". `name` lets a test pose as an override of a built-in.
std::string lint(const std::string& source, const std::string& name = "t.j2") {
  Environment env(std::make_shared<MemoryLoader>(std::map<std::string, std::string>{{name, source}}));
  env.set_lint(true);
  try {
    env.get_template(name);
  } catch (const TemplateError& e) {
    gen::SourceFiles sources;
    e.add_source(sources);
    return gen::render_diagnostic_human(e.to_diagnostic(), sources, false);
  }
  return "ok";
}

bool refused(const std::string& source) { return lint(source) != "ok"; }

}  // namespace

TEST_CASE("every built-in template declares its format and passes the lint") {
  Environment env(std::make_shared<BuiltinLoader>());
  env.set_lint(true);
  auto names = BuiltinLoader().list();
  REQUIRE(names.size() > 40);
  for (const auto& name : names) {
    INFO(name);
    std::string verdict = "ok";
    try {
      env.get_template(name);
    } catch (const TemplateError& e) {
      verdict = std::string(e.file) + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) +
                ": " + e.message;
    }
    CHECK(verdict == "ok");
  }
}

TEST_CASE("the lint refuses an unescaped value at its template position") {
  CHECK(lint("{# gen:format yaml #}\nservices:\n  # {{ m.description|comment }}\n  x: {{ m.name }}\n") ==
        "t.j2:4:9: error[template-unescaped]: a value in yaml output must end with an escaping "
        "filter for it: yaml, to_yaml, k8s_arg, yaml_literal, yaml_folded\n"
        " 4 |   x: {{ m.name }}\n"
        "   |         ^\n"
        "  = help: see 'Escaping by construction' in docs/templates.md; |verbatim is the escape "
        "hatch for a value known to be safe here\n");
  CHECK(lint("{# gen:format yaml #}\nx: {{ m.name|replace('a', 'b') }}\n").find("(got 'replace')") !=
        std::string::npos);
}

TEST_CASE("the lint knows comment lines, quoted shell strings and HTML comments") {
  // A comment line takes `comment`; a data place does not.
  CHECK_FALSE(refused("{# gen:format yaml #}\n# {{ d|comment }}\nk: {{ v|yaml }}\n"));
  CHECK(refused("{# gen:format yaml #}\n# {{ d|yaml }}\n"));
  CHECK(refused("{# gen:format yaml #}\nk: {{ d|comment }}\n"));
  CHECK(refused("{# gen:format dockerfile #}\nRUN echo {{ d|comment }}\n"));
  // Inside shell quotes only a plain word is safe: `shell` output would be
  // read inside the double quotes.
  CHECK_FALSE(refused("{# gen:format shell #}\necho {{ d|shell }}\n"));
  CHECK(refused("{# gen:format shell #}\necho \"{{ d|shell }}\"\n"));
  CHECK_FALSE(refused("{# gen:format shell #}\necho \"x {{ d|ident }}\"\n"));
  CHECK(refused("{# gen:format shell #}\necho 'x {{ d|shell }}'\n"));
  CHECK_FALSE(refused("{# gen:format shell #}\necho \"a\" {{ d|shell }}\n"));
  // Tags before the value do not count as text of the line.
  CHECK_FALSE(refused("{# gen:format shell #}\n{{ '\"' }} {{ d|shell }}\n"));
  CHECK_FALSE(refused("{# gen:format markdown #}\n<!-- {{ f|html_comment }} -->\n{{ d|md_text }}\n"));
  CHECK(refused("{# gen:format markdown #}\n<!-- {{ f|md_text }} -->\n"));
  CHECK(refused("{# gen:format markdown #}\n{{ f|html_comment }}\n"));
  // No spec value has a place in a .dockerignore pattern line.
  CHECK(refused("{# gen:format dockerignore #}\n{{ p|ident }}\n"));
  CHECK_FALSE(refused("{# gen:format dockerignore #}\n# {{ p|comment }}\n"));
}

TEST_CASE("the lint follows literals, conditions, concatenation, constants and macros") {
  CHECK_FALSE(refused("{# gen:format yaml #}\nk: {{ 'a' if c else 'b' }}{{ 'x' ~ v|yaml }}\n"));
  CHECK(refused("{# gen:format yaml #}\nk: {{ v|yaml if c else w }}\n"));
  CHECK(refused("{# gen:format yaml #}\nk: {{ 'x' ~ v }}\n"));
  // A name set only to template text is a constant; set to a spec value, it is not.
  CHECK_FALSE(refused("{# gen:format shell #}\n{% set i = 'npm ci' if l else 'npm i' %}\n{{ i }}\n"));
  CHECK(refused("{# gen:format shell #}\n{% set i = m.cmd %}\n{{ i }}\n"));
  CHECK(refused("{# gen:format shell #}\n{% set i = 'a' %}{% for i in xs %}{{ i }}{% endfor %}\n"));
  // Set from escaped pieces: fine at a data place, not on a comment line.
  CHECK_FALSE(refused("{# gen:format markdown #}\n{% set p = 'in ' ~ x|md_code %}\n| {{ p }} |\n"));
  CHECK(refused("{# gen:format shell #}\n{% set p = x|shell %}\n# {{ p }}\n"));
  // Macros: their own output is linted where they are defined.
  CHECK_FALSE(refused("{# gen:format shell #}\n{% macro q(x) %}{{ x|shell }}{% endmacro %}\n{{ q(v) }}\n"));
  CHECK(refused("{# gen:format shell #}\n{% macro q(x) %}{{ x }}{% endmacro %}\n{{ q(v) }}\n"));
  CHECK_FALSE(refused("{# gen:format shell #}\n{% import 'm.j2' as m %}\n{{ m.q(v) }}\n"));
  // A method call is not a macro call.
  CHECK(refused("{# gen:format shell #}\n{{ v.upper() }}\n"));
  // The escape hatch.
  CHECK_FALSE(refused("{# gen:format yaml #}\nk: {{ v|verbatim }}\n"));
}

TEST_CASE("the format declaration: required, known, and an override keeps the built-in's") {
  CHECK(lint("k: {{ v|yaml }}\n").find("t.j2:1:1: error[template-unescaped]: the template does not "
                                       "declare the format of its output") == 0);
  CHECK(lint("{# gen:format toml #}\nk = 1\n").find("unknown output format 'toml'") !=
        std::string::npos);
  // An override of a built-in without a declaration inherits its format...
  CHECK(lint("# {{ x|comment }}\nname: {{ compose.project_name|yaml }}\n", "compose/_body.yaml.j2") ==
        "ok");
  CHECK(lint("name: {{ compose.project_name }}\n", "compose/_body.yaml.j2") != "ok");
  // ...and cannot declare another to escape the lint.
  CHECK(lint("{# gen:format markdown #}\nname: {{ n|md_text }}\n", "compose/_body.yaml.j2")
            .find("declares format 'markdown', but the built-in template it replaces writes 'yaml'") !=
        std::string::npos);
}

TEST_CASE("without set_lint (gen render, plain Jinja2) nothing is linted") {
  CHECK(gen::tmpl::testing::render("{{ x }}", Json{{"x", "a\nb"}}) == "a\nb");
}
