// The engine's public API and its diagnostics: exact texts, caret included.
#include <catch2/catch.hpp>

#include "helpers.h"
#include "template/evaluator.h"
#include "util/json_lazy.h"
#include "util/json_ref.h"
#include "util/json_view.h"

using gen::tmpl::CallArgs;
using gen::tmpl::Environment;
using gen::tmpl::Evaluator;
using gen::tmpl::Json;
using gen::tmpl::Limits;
using gen::tmpl::MemoryLoader;
using gen::tmpl::TemplateError;
using gen::tmpl::Value;
using gen::tmpl::testing::error_text;
using gen::tmpl::testing::make_env;
using gen::tmpl::testing::render;

TEST_CASE("renders text, variables and loops with Jinja2's whitespace rules") {
  Json ctx = {{"name", "api"}, {"ports", {80, 443}}};
  CHECK(render("ports:\n{% for p in ports %}\n  - {{ p }}\n{% endfor %}\nname: {{ name }}\n", ctx) ==
        "ports:\n  - 80\n  - 443\nname: api\n");
}

TEST_CASE("undefined variable: position, caret and did-you-mean") {
  CHECK(error_text("line one\n  {{ nmae }}\n", Json{{"name", "x"}}) ==
        "t.j2:2:6: error[template-undefined]: 'nmae' is undefined\n"
        " 2 |   {{ nmae }}\n"
        "   |      ^\n"
        "  = help: did you mean 'name'?\n");
}

TEST_CASE("missing attribute suggests the dict's keys") {
  CHECK(error_text("{{ m.prot }}", Json{{"m", {{"port", 80}}}}) ==
        "t.j2:1:6: error[template-undefined]: 'dict object' has no attribute 'prot'\n"
        " 1 | {{ m.prot }}\n"
        "   |      ^\n"
        "  = help: did you mean 'port'?\n");
}

TEST_CASE("unknown filter and test suggest the closest names") {
  CHECK(error_text("{{ x | uper }}") ==
        "t.j2:1:8: error[template-syntax]: no filter named 'uper'\n"
        " 1 | {{ x | uper }}\n"
        "   |        ^\n"
        "  = help: did you mean 'upper'?\n");
  CHECK(error_text("{{ 1 is od }}") ==
        "t.j2:1:9: error[template-syntax]: no test named 'od'\n"
        " 1 | {{ 1 is od }}\n"
        "   |         ^\n"
        "  = help: did you mean 'odd'?\n");
}

TEST_CASE("syntax errors say what the parser expected") {
  CHECK(error_text("{% for x in y %}\n{% endif %}") ==
        "t.j2:2:4: error[template-syntax]: Encountered unknown tag 'endif'. gen was looking for "
        "the following tags: 'endfor' or 'else'. The innermost block that needs to be closed is "
        "'for'.\n"
        " 2 | {% endif %}\n"
        "   |    ^\n");
  CHECK(error_text("{% if a %}{% for x in y %}{% endif %}") ==
        "t.j2:1:30: error[template-syntax]: Encountered unknown tag 'endif'. You probably made a "
        "nesting mistake. gen is expecting this tag, but currently looking for 'endfor' or "
        "'else'. The innermost block that needs to be closed is 'for'.\n"
        " 1 | {% if a %}{% for x in y %}{% endif %}\n"
        "   |                              ^\n");
  CHECK(error_text("{{ 1 + }}") ==
        "t.j2:1:8: error[template-syntax]: unexpected 'end of print statement'\n"
        " 1 | {{ 1 + }}\n"
        "   |        ^\n");
  CHECK(error_text("{% if x %}") ==
        "t.j2:1:11: error[template-syntax]: Unexpected end of template. gen was looking for the "
        "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
        "closed is 'if'.\n"
        " 1 | {% if x %}\n"
        "   |           ^\n");
}

TEST_CASE("errors in included templates carry the include chain") {
  std::map<std::string, std::string> files = {{"inc.j2", "a\n{{ 1 + 'x' }}\n"}};
  CHECK(error_text("{% include 'inc.j2' %}", Json::object(), files) ==
        "inc.j2:2:6: error[template-type]: unsupported operand type(s) for +: 'int' and 'str'\n"
        " 2 | {{ 1 + 'x' }}\n"
        "   |      ^\n"
        "  = note: in template 'inc.j2', from t.j2:1:4\n");
}

TEST_CASE("errors inside macros name the macro and its call site") {
  std::map<std::string, std::string> files = {
      {"lib.j2", "{% macro show(m) %}{{ m.missing }}{% endmacro %}"}};
  CHECK(error_text("{% import 'lib.j2' as lib %}\n{{ lib.show({}) }}", Json::object(), files) ==
        "lib.j2:1:25: error[template-undefined]: 'dict object' has no attribute 'missing'\n"
        " 1 | {% macro show(m) %}{{ m.missing }}{% endmacro %}\n"
        "   |                         ^\n"
        "  = note: in macro 'show', from t.j2:2:8\n");
}

TEST_CASE("syntax errors in included templates also carry the chain") {
  std::map<std::string, std::string> files = {{"bad.j2", "{% if %}"}};
  CHECK(error_text("x\n{% include 'bad.j2' %}", Json::object(), files) ==
        "bad.j2:1:7: error[template-syntax]: Expected an expression, got 'end of statement block'\n"
        " 1 | {% if %}\n"
        "   |       ^\n"
        "  = note: in template 'bad.j2', from t.j2:2:4\n");
}

TEST_CASE("include cycles and runaway recursion are bounded and reported") {
  Limits limits;
  limits.max_depth = 5;
  std::map<std::string, std::string> files = {{"a.j2", "{% include 'b.j2' %}"},
                                              {"b.j2", "{% include 'a.j2' %}"}};
  std::string text = error_text("{% include 'a.j2' %}", Json::object(), files, limits);
  INFO(text);
  CHECK(text ==
        "a.j2:1:4: error[template-recursion]: includes and macro calls nested deeper than 5 "
        "levels\n"
        " 1 | {% include 'b.j2' %}\n"
        "   |    ^\n"
        "  = note: in template 'a.j2', from b.j2:1:4\n"
        "  = note: in template 'b.j2', from a.j2:1:4\n"
        "  = note: in template 'a.j2', from b.j2:1:4\n"
        "  = note: in template 'b.j2', from a.j2:1:4\n"
        "  = note: in template 'a.j2', from t.j2:1:4\n"
        "  = help: it calls itself in a cycle: template 'b.j2' -> template 'a.j2' -> template "
        "'b.j2'\n");
  text = error_text("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", Json::object(), {}, limits);
  CHECK(text.find("error[template-recursion]") != std::string::npos);
  CHECK(text.find("it calls itself in a cycle: macro 'r' -> macro 'r'") != std::string::npos);
}

TEST_CASE("a template that runs too long stops with an error") {
  Limits limits;
  limits.max_steps = 10000;
  std::string text = error_text("{% for i in range(100) %}{% for j in range(1000) %}{% endfor %}{% endfor %}",
                                Json::object(), {}, limits);
  CHECK(text.find("error[template-limit]: the template runs too long") != std::string::npos);
}

TEST_CASE("unsupported Jinja2 features are named") {
  CHECK(error_text("{% extends 'base.j2' %}") ==
        "t.j2:1:4: error[template-unsupported]: template inheritance ({% extends %}) is not "
        "supported by gen\n"
        " 1 | {% extends 'base.j2' %}\n"
        "   |    ^\n"
        "  = help: use {% include %} or {% import %} with macros instead\n");
  CHECK(error_text("{{ x|urlize }}").find("error[template-unsupported]: the Jinja2 filter 'urlize' "
                                         "is not supported by gen") != std::string::npos);
}

TEST_CASE("locals shadow the context without copying it") {
  Environment env = make_env({{"t.j2", "{{ a }} {{ b }}{% set a = 'set' %} {{ a }}"}});
  Json ctx = {{"a", "ctx-a"}, {"b", "ctx-b"}};
  Json a = "local-a";
  CHECK(env.render("t.j2", ctx, {{"a", &a}}) == "local-a ctx-b set");
  CHECK(a == "local-a");  // the template's own `set` changes its scope, not the value
}

TEST_CASE("callers can register filters and tests") {
  Environment env = make_env({{"t.j2", "{{ 'x'|twice }} {{ 'x'|twice(3) }} {{ 4 is big }}"}});
  env.set_filter("twice", [](const Value& in, const CallArgs& args) {
    int n = args.pos.empty() ? 2 : static_cast<int>(args.pos[0].as_int());
    std::string out;
    for (int i = 0; i < n; ++i) out += in.str();
    return Value::string(out);
  });
  env.set_test("big", [](const Value& in, const CallArgs&) { return in.as_int() > 3; });
  CHECK(env.render("t.j2", Json::object()) == "xx xxx True");
}

TEST_CASE("templates are parsed once and cached") {
  Environment env = make_env({{"t.j2", "{{ x }}"}});
  auto first = env.get_template("t.j2");
  CHECK(env.get_template("t.j2") == first);
  CHECK(env.render("t.j2", Json{{"x", 1}}) == "1");
  CHECK(env.render("t.j2", Json{{"x", 2}}) == "2");
}

TEST_CASE("a missing template is a positioned error at the include") {
  CHECK(error_text("{% include 'nope.j2' %}", Json::object(), {{"nope2.j2", ""}}) ==
        "t.j2:1:4: error[template-not-found]: template 'nope.j2' not found\n"
        " 1 | {% include 'nope.j2' %}\n"
        "   |    ^\n"
        "  = help: did you mean 'nope2.j2'?\n");
  Environment env = make_env();
  CHECK_THROWS_AS(env.render("missing.j2", Json::object()), TemplateError);
}

TEST_CASE("invalid UTF-8 in a template is reported where it starts") {
  CHECK(error_text("ok\nab\xff") ==
        "t.j2:2:3: error[template-syntax]: the template is not valid UTF-8\n"
        " 2 | ab\xff\n"
        "   |   ^\n");
}

TEST_CASE("template names cannot leave the template folder") {
  CHECK_FALSE(gen::tmpl::valid_template_name("../etc/passwd"));
  CHECK_FALSE(gen::tmpl::valid_template_name("/abs"));
  CHECK_FALSE(gen::tmpl::valid_template_name("a//b"));
  CHECK_FALSE(gen::tmpl::valid_template_name(""));
  CHECK(gen::tmpl::valid_template_name("compose/compose.yaml.j2"));
}

TEST_CASE("a filter replaced by the caller wins where gen appends directly too") {
  // tojson and yaml print straight into the output (their append form);
  // replacing them must replace that path as well.
  Environment env = make_env({{"t.j2", "{{ 'x'|tojson }} {{ ['a', 'b']|join('-') }} {{ 'word'|yaml }}"}});
  CHECK(env.render("t.j2", Json::object()) == "\"x\" a-b word");
  env.set_filter("tojson", [](const Value&, const CallArgs&) { return Value::string("T"); });
  env.set_filter("join", [](const Value&, const CallArgs&) { return Value::string("J"); });
  CHECK(env.render("t.j2", Json::object()) == "T J word");
}

TEST_CASE("a reference node in the context reads as the node it refers to") {
  // Models share subtrees by reference (util/json_ref.h); templates must not
  // be able to tell a reference from a copy.
  Json shared = {{"name", "api"}, {"ports", {80, 443}}, {"env", {{"A", "1"}}}};
  Json context = {
      {"copy", shared}, {"ref", gen::json_ref(shared)}, {"list", {gen::json_ref(shared)}}};
  const std::string probe =
      "{{ X.name }} {{ X['ports'][1] }} {{ X.ports|length }} {{ X|tojson }} "
      "{% for k, v in X.items() %}{{ k }};{% endfor %} {{ X.env.A }} {{ X is mapping }}";
  auto with = [&](const std::string& name) {
    std::string t = probe;
    for (size_t at; (at = t.find('X')) != std::string::npos;) t.replace(at, 1, name);
    return render(t, context);
  };
  CHECK(with("ref") == with("copy"));
  CHECK(with("list[0]") == with("copy"));
  CHECK(with("copy") ==
        "api 443 2 {\"env\": {\"A\": \"1\"}, \"name\": \"api\", \"ports\": [80, 443]} "
        "name;ports;env; 1 True");
  CHECK(render("{{ ref is sameas list[0] }}", context) == "True");
}

// Reads modules (name, env, ports) every way a template may keep them past
// their loop: for the context's modules built or viewed on demand.
const std::string kModulesProbe =
    "{% set ns = namespace(keep=[], keys=[], names=[]) %}"
    "{% for m in modules %}{% set ns.keep = ns.keep + [m] %}"
    "{% for k, v in m.env.items() %}{% set ns.keys = ns.keys + [k] %}{% endfor %}"
    "{% set ns.names = ns.names + [m.name] %}{% endfor %}"
    "{{ ns.keep|map(attribute='env')|list|tojson }} {{ ns.keys|join(',') }} "
    "{{ ns.names|join(',') }} {{ modules[1].ports[0] }} {{ modules|tojson }} "
    "{{ modules[0] is mapping }} {{ modules[0].name is string }}";

TEST_CASE("a node built on demand reads as the node it stands for, and outlives the cache") {
  // The context's modules are built when read (util/json_lazy.h). With no
  // room in the cache, every read builds anew and nothing but the values
  // read keeps a build alive: values kept past their loop (namespace lists,
  // keys, strings) must still read right (ASan finds any that does not).
  int builds = 0;
  auto module = [&builds](int i) {
    ++builds;
    return Json{{"name", "m" + std::to_string(i)},
                {"env", {{"KEY_" + std::to_string(i) + "_LONG_ENOUGH_TO_ALLOCATE", "value " + std::to_string(i) + " also long enough"}}},
                {"ports", {80 + i}}};
  };
  gen::LazyJsonCache no_room(0, 0);
  gen::LazyJson a([&] { return module(1); }, no_room), b([&] { return module(2); }, no_room);
  Json lazy = {{"modules", {gen::json_lazy(a), gen::json_lazy(b)}}};
  Json eager = {{"modules", {module(1), module(2)}}};
  const std::string probe = kModulesProbe;
  CHECK(render(probe, lazy) == render(probe, eager));
  builds = 0;
  CHECK(render("{{ modules[0].name }} {{ modules[0].name }}", lazy) == "m1 m1");
  CHECK(builds == 2);  // the cache kept nothing: each read built anew
  CHECK(gen::json_materialized(lazy) == eager);

  // With room, each node is built once however often it is read.
  builds = 0;
  gen::LazyJsonCache room(2, 0);
  gen::LazyJson c([&] { return module(1); }, room), d([&] { return module(2); }, room);
  Json cached = {{"modules", {gen::json_lazy(c), gen::json_lazy(d)}}};
  CHECK(render(probe, cached) == render(probe, eager));
  CHECK(builds == 2);  // c and d, once each
}

TEST_CASE("a view reads as the object it stands for and builds only the values read") {
  // The context's modules are views (util/json_view.h): each value is built
  // when a template reads it. Whatever a template does with a view (items,
  // tojson, in, get, sameas, errors naming its keys), it must see the object
  // json_materialized() builds; values kept past their loop must still read
  // right (ASan finds any that does not).
  struct Fields : gen::JsonFields {
    Fields(int i, int& builds) : i(i), builds(&builds) {}
    int i;
    int* builds;
    std::vector<std::string> keys{"name", "env", "ports"};
    size_t size() const override { return keys.size(); }
    const std::string& key(size_t k) const override { return keys[k]; }
    std::shared_ptr<const Json> value(size_t k) const override {  // built on each read
      ++*builds;
      std::string n = std::to_string(i);
      if (k == 0) return std::make_shared<const Json>("m" + n);
      if (k == 1)
        return std::make_shared<const Json>(
            Json{{"KEY_" + n + "_LONG_ENOUGH_TO_ALLOCATE", "value " + n + " also long enough"}});
      return std::make_shared<const Json>(Json{80 + i});
    }
  };
  int builds = 0;
  Fields a(1, builds), b(2, builds);
  Json views = {{"modules", {gen::json_view(a), gen::json_view(b)}}};
  Json eager = {{"modules", {a.object(), b.object()}}};
  CHECK(eager["modules"][0] == Json{{"name", "m1"},
                                    {"env", {{"KEY_1_LONG_ENOUGH_TO_ALLOCATE", "value 1 also long enough"}}},
                                    {"ports", {81}}});
  const std::string probe =
      kModulesProbe + " "
      "{{ modules[0].items()|list }} {{ modules[0]|list }} {{ modules[0]|length }} "
      "{{ 'env' in modules[0] }} {{ 'nope' in modules[0] }} {{ 1 in modules[0] }} "
      "{{ modules[0].get('ports') }} {{ modules[0].get('nope', 'dflt') }} {{ modules[0]['name'] }} "
      "{{ modules[0] is sameas modules[0] }} {{ modules[0] is sameas modules[1] }} "
      "{{ modules[0] == modules[0] }} {{ modules[0] == modules[1] }} {{ modules[0]|dictsort|first }} "
      "{{ modules|selectattr('name', 'equalto', 'm2')|map(attribute='ports')|list }} "
      "{{ dict(modules[1]).name }} {{ modules[1].copy()|tojson }}";
  CHECK(render(probe, views) == render(probe, eager));
  CHECK(error_text("{{ modules[0].nmae }}", views) == error_text("{{ modules[0].nmae }}", eager));
  CHECK(gen::json_materialized(views) == eager);

  // Only what is read is asked of the source (which may keep it: the
  // context's does, this one builds on each read).
  builds = 0;
  CHECK(render("{% set m = modules[0] %}{{ m.name }} {{ m.name }} {{ m.ports[0] }}", views) == "m1 m1 81");
  CHECK(builds == 3);  // name twice and ports; env never
  builds = 0;
  CHECK(render("{% for m in modules if m.name == 'm2' %}{{ m.name }}{% endfor %}", views) == "m2");
  CHECK(builds == 3);  // each name to filter, m2's again to print
}

TEST_CASE("join, replace and the string filters read string values in place and convert others") {
  // join reads lists, tuples, ranges and context lists in place; anything
  // else (strings, dicts, attribute=) goes through list() first.
  CHECK(render("{{ [1, 'a', none]|join(', ') }}") == "1, a, None");
  CHECK(render("{{ (1, 2)|join(3) }}") == "132");
  CHECK(render("{{ range(3)|join }}") == "012");
  CHECK(render("{{ xs|join('-') }}", Json{{"xs", {"a", 1, true}}}) == "a-1-True");
  CHECK(render("{{ 'abc'|join('.') }}") == "a.b.c");
  CHECK(render("{{ {'k': 1, 'l': 2}|join('+') }}") == "k+l");
  CHECK(render("{{ [{'n': 'x'}, {'n': 'y'}]|join('/', attribute='n') }}") == "x/y");
  // replace converts a non-string input and arguments with str().
  CHECK(render("{{ 1001|replace(1, 7) }}") == "7007");
  CHECK(render("{{ 'a-b-c'|replace('-', '+', 1) }}") == "a+b-c");
  CHECK(render("{% set s = 'a|b'|replace('|', '\\\\|') %}{{ s }}") == "a\\|b");
  CHECK(render("{{ 'ab'|replace('', '.') }}") == ".a.b.");
  CHECK(render("{{ 'Hi'|upper ~ 3|center(5) ~ 'x y'|wordcount }}") == "HI  3  2");
  // Of several undefined operands, replace reports the last argument first.
  CHECK(error_text("{{ x|replace(y, z) }}").find("'z' is undefined") != std::string::npos);
  CHECK(error_text("{{ x|replace(y, 'a') }}").find("'y' is undefined") != std::string::npos);
  CHECK(error_text("{{ x|replace('b', 'a') }}").find("'x' is undefined") != std::string::npos);
}

TEST_CASE("strip, lstrip and rstrip: ASCII text (stripped bytewise) and Unicode whitespace") {
  CHECK(render("{{ '  \\t\\x1c a b \\x1f\\n'.strip() ~ '|' ~ '  x  '.lstrip() ~ '|' ~ "
               "'  x  '.rstrip() ~ '|' ~ '   '.strip() ~ '|' ~ ''.strip() }}") == "a b|x  |  x||");
  CHECK(render("{{ '\\u00a0 \\u00e9 \\u2003'.strip() ~ '|' ~ ' \\u00e9'.strip() }}") ==
        "\xc3\xa9|\xc3\xa9");
}

namespace {
// Collects what a render streams, piece by piece.
struct Pieces : gen::TextSink {
  std::vector<std::string> pieces;
  bool finished = false;
  void write(std::string_view piece) override {
    REQUIRE_FALSE(finished);
    pieces.emplace_back(piece);
  }
  void finish(std::string&& last) override {
    REQUIRE_FALSE(finished);
    pieces.push_back(std::move(last));
    finished = true;
  }
  std::string text() const {
    std::string out;
    for (const auto& p : pieces) out += p;
    return out;
  }
};
}  // namespace

TEST_CASE("a streamed render passes the same text on in pieces, never captured or macro text") {
  // 40,000 lines of ~60 bytes (2.4 MB) through a loop, an include, a macro
  // and a set block: the render's own output is passed on between
  // statements once it reaches a piece; what macros and set blocks build
  // is theirs until it is output.
  const std::string body =
      "{% macro row(i) %}{{ i }}: {{ 'x' * 50 }}\n{% endmacro %}"
      "{% set head %}head {{ n }}\n{% endset %}{{ head }}"
      "{% for i in range(n) %}{{ row(i) }}{% include 'inc.j2' %}{% endfor %}tail\n";
  std::map<std::string, std::string> files{{"t.j2", body}, {"inc.j2", "{% if i % 2 %}odd\n{% endif %}"}};
  Environment env = make_env(files);
  const Json context{{"n", 40000}};
  const std::string whole = env.render("t.j2", context);
  REQUIRE(whole.size() > 2 * Evaluator::kStreamPiece);
  Pieces sink;
  env.render_to("t.j2", context, {}, sink);
  CHECK(sink.finished);
  CHECK(sink.text() == whole);
  CHECK(sink.pieces.size() >= 3);
  for (size_t i = 0; i + 1 < sink.pieces.size(); ++i) {
    CHECK(sink.pieces[i].size() >= Evaluator::kStreamPiece);  // passed on only once a piece is full
    CHECK(sink.pieces[i].size() < Evaluator::kStreamPiece + 1024);  // and then at once
  }
  // A small render is one piece, given whole at the end.
  Pieces small;
  env.render_to("inc.j2", Json{{"i", 1}}, {}, small);
  CHECK(small.pieces == std::vector<std::string>{"odd\n"});
}
