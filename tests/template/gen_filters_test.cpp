// gen's own filters, proven by round trip: render a hostile string through
// the filter, parse the output back with the real parser (yaml-cpp, sh,
// nlohmann::json, systemd's unquoting rules and systemd-analyze, cmark-gfm),
// compare.
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>

#include "helpers.h"
#include "hostile_strings.h"
#include "template/text.h"

using gen::tmpl::Json;
using gen::tmpl::TemplateError;
using gen::tmpl::testing::render;

using gen::test::hostile;

namespace {

// Strings that break naive quoting: YAML indicators and implicit types,
// shell metacharacters, systemd specifiers, JSON escapes, Unicode.
std::string render_with(const std::string& source, const std::string& s) {
  return render(source, Json{{"s", s}});
}

// A plain (unquoted) YAML scalar must not match any implicit type of YAML
// 1.1 or 1.2: bool, null, int, float, timestamp, merge, value.
bool yaml_plain_is_string(const std::string& t) {
  static const std::regex implicit(
      "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
      "|~|null|Null|NULL|"
      "[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|"
      "[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+|[-+]?0o[0-7]+|"
      "[-+]?([0-9][0-9_]*)?\\.[0-9.]*([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|"
      "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|"
      "[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?([Tt]|[ \\t]+)?.*|<<|=");
  return !std::regex_match(t, implicit);
}

// Runs `program` on a file holding `input`; returns its standard output.
std::string run_on_file(const std::string& program, const std::string& input) {
  char path[] = "/tmp/gen-filter-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  close(fd);
  std::string cmd = program + " " + path;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  unlink(path);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  return out;
}

std::string run_sh(const std::string& script) { return run_on_file("/bin/sh", script); }

// The cells of each body row of the tables in cmark-gfm's HTML, entities
// decoded (cmark-gfm is GitHub's own GFM implementation; scripts/install-deps.sh
// installs it).
std::vector<std::vector<std::string>> gfm_table_cells(const std::string& markdown) {
  std::string html = run_on_file("cmark-gfm --extension table", markdown);
  std::vector<std::vector<std::string>> rows;
  size_t body = html.find("<tbody>");
  REQUIRE(body != std::string::npos);
  for (size_t tr = html.find("<tr>", body); tr != std::string::npos;
       tr = html.find("<tr>", tr + 1)) {
    size_t end = html.find("</tr>", tr);
    std::vector<std::string> cells;
    for (size_t td = html.find("<td>", tr); td != std::string::npos && td < end;
         td = html.find("<td>", td + 1)) {
      size_t close = html.find("</td>", td);
      std::string cell = html.substr(td + 4, close - td - 4), decoded;
      for (size_t i = 0; i < cell.size(); ++i) {
        static const std::pair<const char*, char> entities[] = {
            {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
        bool matched = false;
        for (const auto& e : entities) {
          if (cell.compare(i, std::strlen(e.first), e.first) == 0) {
            decoded += e.second;
            i += std::strlen(e.first) - 1;
            matched = true;
            break;
          }
        }
        if (!matched) decoded += cell[i];
      }
      cells.push_back(decoded);
    }
    rows.push_back(cells);
  }
  return rows;
}

// systemd's unquoting of one unit setting value into words
// (extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE), followed by
// specifier expansion (%% -> %) and, for Exec lines, $$ -> $. Only what
// gen's filters produce is handled; anything else fails the test.
std::vector<std::string> systemd_words(const std::string& value, bool exec) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && value[i] == ' ') ++i;
    if (i >= value.size()) break;
    REQUIRE(value[i] == '"');
    ++i;
    std::string w;
    while (true) {
      REQUIRE(i < value.size());
      char c = value[i++];
      if (c == '"') break;
      if (c == '\\') {
        REQUIRE(i < value.size());
        char e = value[i++];
        switch (e) {
          case 'n': w += '\n'; break;
          case 't': w += '\t'; break;
          case 'r': w += '\r'; break;
          case '\\': w += '\\'; break;
          case '"': w += '"'; break;
          case 'x': {
            REQUIRE(i + 2 <= value.size());
            w += static_cast<char>(std::stoi(value.substr(i, 2), nullptr, 16));
            i += 2;
            break;
          }
          default: FAIL("unexpected escape \\" << e);
        }
        continue;
      }
      REQUIRE(static_cast<unsigned char>(c) >= 0x20);
      w += c;
    }
    // Specifiers, then (Exec only) environment variables.
    std::string out;
    for (size_t k = 0; k < w.size(); ++k) {
      if (w[k] == '%') {
        REQUIRE((k + 1 < w.size() && w[k + 1] == '%'));
        ++k;
      } else if (exec && w[k] == '$') {
        REQUIRE((k + 1 < w.size() && w[k + 1] == '$'));
        ++k;
      }
      out += w[k];
    }
    words.push_back(out);
  }
  return words;
}

bool have_systemd_analyze() { return access("/usr/bin/systemd-analyze", X_OK) == 0; }

// systemd-analyze verify accepts the unit without any message.
void check_unit_accepted(const std::string& unit) {
  char dir[] = "/tmp/gen-unit-XXXXXX";
  REQUIRE(mkdtemp(dir));
  std::string path = std::string(dir) + "/gen-roundtrip.service";
  {
    std::ofstream f(path, std::ios::binary);
    f << unit;
  }
  std::string cmd = "systemd-analyze verify --man=no " + path + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  unlink(path.c_str());
  rmdir(dir);
  INFO(unit);
  CHECK(out == "");
  CHECK(WEXITSTATUS(status) == 0);
}

void compare_yaml(const YAML::Node& node, const Json& expected) {
  INFO("expected " << expected.dump());
  switch (expected.type()) {
    case Json::value_t::object:
      REQUIRE(node.IsMap());
      REQUIRE(node.size() == expected.size());
      for (const auto& kv : expected.items()) {
        REQUIRE(node[kv.key()]);
        compare_yaml(node[kv.key()], kv.value());
      }
      break;
    case Json::value_t::array:
      REQUIRE(node.IsSequence());
      REQUIRE(node.size() == expected.size());
      for (size_t i = 0; i < expected.size(); ++i) compare_yaml(node[i], expected[i]);
      break;
    case Json::value_t::string:
      REQUIRE(node.IsScalar());
      CHECK(node.Scalar() == expected.get<std::string>());
      if (node.Tag() != "!") CHECK(yaml_plain_is_string(node.Scalar()));
      break;
    case Json::value_t::boolean: CHECK(node.as<bool>() == expected.get<bool>()); break;
    case Json::value_t::null: CHECK(node.IsNull()); break;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: CHECK(node.as<int64_t>() == expected.get<int64_t>()); break;
    default: CHECK(node.as<double>() == expected.get<double>()); break;
  }
}

}  // namespace

TEST_CASE("yaml filter round-trips every hostile string through yaml-cpp") {
  for (const auto& s : hostile()) {
    std::string t = render_with("{{ s|yaml }}", s);
    INFO("input " << gen::tmpl::text::repr(s) << " -> " << t);
    CHECK(t.find('\n') == std::string::npos);
    YAML::Node block = YAML::Load("key: " + t + "\n");
    REQUIRE(block["key"].IsScalar());
    CHECK(block["key"].Scalar() == s);
    if (block["key"].Tag() != "!") CHECK(yaml_plain_is_string(t));
    // The same text in flow context and as a list item.
    YAML::Node flow = YAML::Load("[" + t + ", x]");
    REQUIRE(flow.IsSequence());
    REQUIRE(flow.size() == 2);
    CHECK(flow[0].Scalar() == s);
    YAML::Node item = YAML::Load("- " + t + "\n- x\n");
    CHECK(item[0].Scalar() == s);
  }
}

TEST_CASE("yaml filter prints plain scalars only when they stay strings") {
  CHECK(render_with("{{ s|yaml }}", "web") == "web");
  CHECK(render_with("{{ s|yaml }}", "ghcr.io/org/app") == "ghcr.io/org/app");
  CHECK(render_with("{{ s|yaml }}", "ghcr.io/org/app:1.0") == "\"ghcr.io/org/app:1.0\"");
  CHECK(render_with("{{ s|yaml }}", "/app/data") == "/app/data");
  CHECK(render_with("{{ s|yaml }}", "yes") == "\"yes\"");
  CHECK(render_with("{{ s|yaml }}", "0755") == "\"0755\"");
  CHECK(render_with("{{ s|yaml }}", "a: b") == "\"a: b\"");
  CHECK(render_with("{{ s|yaml }}", "new\nline") == "\"new\\nline\"");
  CHECK(render_with("{{ s|yaml }}", "\xe2\x80\xa8") == "\"\\u2028\"");
  CHECK(render("{{ 3|yaml }} {{ true|yaml }} {{ none|yaml }} {{ 1.5|yaml }} {{ 1e16|yaml }}") ==
        "3 true null 1.5 1.0e+16");
}

TEST_CASE("yaml filter: bool/null words in any case, the plain character set, ASCII quoting") {
  for (const char* word : {"YES", "Off", "nULL", "y", "N", "FaLsE"})
    CHECK(render_with("{{ s|yaml }}", word) == std::string("\"") + word + "\"");
  for (const char* plain : {"yess", "on1", "Tru", "a b", "a@b+c=d_e.f/g-h"})
    CHECK(render_with("{{ s|yaml }}", plain) == plain);
  for (const char* quoted : {"a  b", "a ", "a:b", "a,b", "a#b"})
    CHECK(render_with("{{ s|yaml }}", quoted) == std::string("\"") + quoted + "\"");
  CHECK(render_with("{{ s|yaml }}", "a\x7f\"b\\c\x01\t") == "\"a\\x7f\\\"b\\\\c\\x01\\t\"");
  CHECK(render_with("{{ s|yaml }}", "\xc3\xa9\x01") == "\"\xc3\xa9\\x01\"");
}

TEST_CASE("yaml filter rejects lists and dicts with a hint") {
  try {
    render("{{ [1]|yaml }}");
    FAIL("no error");
  } catch (const TemplateError& e) {
    CHECK(e.message == "the yaml filter takes a string, number, boolean or none, not list");
    CHECK(e.help == "use to_yaml for lists and dicts");
  }
}

TEST_CASE("to_yaml round-trips nested values with hostile keys and strings") {
  Json strings = Json::array();
  Json dict = Json::object();
  for (const auto& s : hostile()) {
    strings.push_back(s);
    dict[s.empty() ? std::string("(empty)") + s : s] = s;
  }
  Json value = {{"name", "svc"},
                {"list", strings},
                {"map", dict},
                {"nested", {{"deep", {{"list", {Json::array(), Json::object(), 1, true, nullptr}}}}}},
                {"items", {{{"a", 1}, {"b", "yes"}}, {{"c", {1, 2}}}, {{"x", "y"}, {"z", {{"q", "r"}}}}}},
                {"empty_list", Json::array()},
                {"empty_map", Json::object()},
                {"numbers", {0, -1, 1.5, 1e16}}};
  std::string t = render("{{ v|to_yaml }}", Json{{"v", value}});
  compare_yaml(YAML::Load(t), value);
  // Indented under a key, as templates use it.
  std::string nested = render("root:\n{{ v|to_yaml(2) }}\nafter: 1\n", Json{{"v", value}});
  YAML::Node doc = YAML::Load(nested);
  compare_yaml(doc["root"], value);
  CHECK(doc["after"].as<int>() == 1);
}

TEST_CASE("to_yaml layout") {
  Json v = {{"a", 1}, {"l", {"x", {{"k", "v"}, {"k2", "v2"}}, {1, 2}}}, {"e", Json::array()}};
  CHECK(render("{{ v|to_yaml }}", Json{{"v", v}}) ==
        "a: 1\n"
        "l:\n"
        "  - x\n"
        "  - k: v\n"
        "    k2: v2\n"
        "  - - 1\n"
        "    - 2\n"
        "e: []");
  CHECK(render("{{ v|to_yaml(4) }}", Json{{"v", {{"a", {{"b", "c"}}}}}}) == "    a:\n      b: c");
  CHECK(render("{{ 'x'|to_yaml(2) }}|{{ []|to_yaml }}|{{ {}|to_yaml(1) }}") == "  x|[]| {}");
}

TEST_CASE("shell filter round-trips every hostile string through sh") {
  for (const auto& s : hostile()) {
    std::string q = render_with("{{ s|shell }}", s);
    INFO("input " << gen::tmpl::text::repr(s) << " -> " << q);
    CHECK(run_sh("printf '%s' " + q + "\n") == s);
  }
}

TEST_CASE("shell filter quotes like shlex.quote and joins lists") {
  CHECK(render_with("{{ s|shell }}", "simple-word_1.2/x") == "simple-word_1.2/x");
  CHECK(render_with("{{ s|shell }}", "") == "''");
  CHECK(render_with("{{ s|shell }}", "it's") == "'it'\"'\"'s'");
  CHECK(render("{{ ['echo', 'a b', 8000]|shell }}") == "echo 'a b' 8000");
  // The value form (a string to compute with) matches the printed form.
  CHECK(render("{% set q = ['echo', 'a b', 1.5]|shell %}{{ q ~ '|' ~ 7|shell }}") ==
        "echo 'a b' 1.5|7");
  Json ctx = {{"argv", {"printf", "%s|", "a b", "it's", "$HOME", "new\nline", ""}}};
  CHECK(run_sh(render("{{ argv|shell }}", ctx)) == "a b|it's|$HOME|new\nline||");
}

TEST_CASE("shell filter refuses NUL and non-scalars") {
  CHECK_THROWS_AS(render("{{ s|shell }}", Json{{"s", std::string("a\0b", 3)}}), TemplateError);
  CHECK_THROWS_AS(render("{{ none|shell }}"), TemplateError);
  CHECK_THROWS_AS(render("{{ [[1]]|shell }}"), TemplateError);
}

TEST_CASE("systemd_exec and systemd_quote round-trip through systemd's unquoting") {
  for (const auto& s : hostile()) {
    INFO("input " << gen::tmpl::text::repr(s));
    std::string exec = render_with("{{ s|systemd_exec }}", s);
    auto words = systemd_words(exec, true);
    REQUIRE(words.size() == 1);
    CHECK(words[0] == s);
    std::string env = render_with("{{ ('KEY=' ~ s)|systemd_quote }}", s);
    words = systemd_words(env, false);
    REQUIRE(words.size() == 1);
    CHECK(words[0] == "KEY=" + s);
  }
}

TEST_CASE("systemd filters produce units systemd-analyze accepts") {
  if (!have_systemd_analyze()) {
    WARN("systemd-analyze not installed: unit acceptance not checked");
    return;
  }
  std::string unit = "[Unit]\nDescription=" + render("{{ 'CPU at 100% for ${x}'|systemd_escape }}") +
                     "\n[Service]\nType=oneshot\n";
  Json ctx = Json::object();
  Json list = Json::array();
  for (const auto& s : hostile()) list.push_back(s);
  ctx["xs"] = list;
  unit += render(
      "{% for s in xs %}\n"
      "ExecStart=/bin/true {{ s|systemd_exec }}\n"
      "Environment={{ ('K' ~ loop.index ~ '=' ~ s)|systemd_quote }}\n"
      "{% endfor %}\n"
      "ExecStart={{ ['/bin/echo', 'a b', '%h', '$HOME', ';']|systemd_exec }}\n",
      ctx);
  check_unit_accepted(unit);
}

TEST_CASE("systemd filters: exact forms and refusals") {
  CHECK(render("{{ ['/usr/bin/app', '--port', 8000, '50%', '$X']|systemd_exec }}") ==
        "\"/usr/bin/app\" \"--port\" \"8000\" \"50%%\" \"$$X\"");
  CHECK(render("{{ 'A=b c%$'|systemd_quote }}") == "\"A=b c%%$\"");
  CHECK(render("{{ '100% sure'|systemd_escape }}") == "100%% sure");
  CHECK_THROWS_AS(render("{{ 'two\nlines'|systemd_escape }}"), TemplateError);
  CHECK_THROWS_AS(render("{{ ' padded'|systemd_escape }}"), TemplateError);
  CHECK_THROWS_AS(render("{{ ['-bin', 'x']|systemd_exec }}"), TemplateError);
}

TEST_CASE("docker_json round-trips through a JSON parser and stays on one line") {
  Json list = Json::array();
  for (const auto& s : hostile()) list.push_back(s);
  std::string t = render("{{ xs|docker_json }}", Json{{"xs", list}});
  CHECK(t.find('\n') == std::string::npos);
  CHECK(t.find('\r') == std::string::npos);
  CHECK(Json::parse(t) == list);
  CHECK(render("{{ ['uvicorn', 'app.main:app', '--port', 8000]|docker_json }}") ==
        "[\"uvicorn\", \"app.main:app\", \"--port\", \"8000\"]");
  CHECK(render("{{ 'sleep'|docker_json }}") == "[\"sleep\"]");
}

TEST_CASE("md_code and md_cell keep every hostile string in its GFM table cell") {
  Json list = Json::array();
  std::vector<std::string> inputs;
  for (const auto& s : hostile())
    if (!s.empty()) inputs.push_back(s);  // CommonMark has no empty code span
  for (const char* s : {"`", "``", "a``b", "```x", "x`", " x ", "  ", " `a` ", "|`|"})
    inputs.push_back(s);
  for (const auto& s : inputs) list.push_back(s);
  std::string md = render(
      "| code | cell | after |\n|---|---|---|\n"
      "{% for s in xs %}| {{ s|md_code }} | {{ s|md_cell }} | {{ 'end'|md_code }} |\n{% endfor %}",
      Json{{"xs", list}});
  auto rows = gfm_table_cells(md);
  REQUIRE(rows.size() == inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    std::string expected = inputs[i];
    for (char& c : expected)
      if (c == '\r' || c == '\n') c = ' ';  // a cell holds one line
    INFO("input " << gen::tmpl::text::repr(inputs[i]));
    REQUIRE(rows[i].size() == 3);
    CHECK(rows[i][0] == "<code>" + expected + "</code>");
    CHECK(rows[i][2] == "<code>end</code>");
  }
}

TEST_CASE("md_code and md_cell: exact forms") {
  CHECK(render("{{ 'api'|md_code }} {{ 8000|md_code }} {{ 'a|b'|md_code }}") ==
        "`api` `8000` `a\\|b`");
  CHECK(render("{{ 'x`y'|md_code }}|{{ '``x'|md_code }}|{{ ' x '|md_code }}") ==
        "`` x`y ``|``` ``x ```|`  x  `");
  CHECK(render_with("{{ s|md_cell }}", "one\ntwo\r\nthree") == "one two  three");
  CHECK(render("{{ 'a|b'|md_cell }}") == "a\\|b");
}
