// gen's escaping filters for comment lines, Markdown prose, Mermaid labels,
// words, Kubernetes arguments and YAML blocks, proven on every hostile
// string: nothing in the input ends the construct the output lands in, and
// the reader gets the text back (or its one-line fold, for prose).
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "helpers.h"
#include "hostile_strings.h"
#include "template/text.h"

using gen::test::hostile;
using gen::tmpl::Json;
using gen::tmpl::TemplateError;
using gen::tmpl::testing::render;

namespace {

std::string with(const std::string& source, const std::string& s) {
  return render(source, Json{{"s", s}});
}

// What a reader of one line gets: line breaks and control characters as
// spaces, surrounding spaces gone.
std::string folded(const std::string& s) {
  std::string out;
  for (uint32_t cp : gen::tmpl::text::decode(s)) {
    bool brk = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 ||
               cp == 0x2029 || cp == 0xFFFE || cp == 0xFFFF;
    if (brk) out += ' ';
    else gen::tmpl::text::append_utf8(out, cp);
  }
  size_t a = out.find_first_not_of(' '), b = out.find_last_not_of(' ');
  return a == std::string::npos ? "" : out.substr(a, b - a + 1);
}

bool has_line_break(const std::string& s) {
  for (uint32_t cp : gen::tmpl::text::decode(s))
    if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x0B ||
        cp == 0x0C)
      return true;
  return false;
}

std::string cmark(const std::string& markdown) {
  char path[] = "/tmp/gen-md-XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, markdown.data(), markdown.size()) == static_cast<ssize_t>(markdown.size()));
  close(fd);
  FILE* p = popen((std::string("cmark-gfm --extension table --extension strikethrough ") + path).c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  unlink(path);
  return out;
}

std::string html_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("comment: one line whatever the input, so a comment cannot end early") {
  for (const auto& s : hostile()) {
    INFO("input " << gen::tmpl::text::repr(s));
    std::string out = with("{{ s|comment }}", s);
    CHECK_FALSE(has_line_break(out));
    // A YAML document with the comment keeps exactly its one key.
    YAML::Node doc = YAML::Load("# " + out + "\nkey: 1\n");
    REQUIRE(doc.IsMap());
    CHECK(doc.size() == 1);
  }
  CHECK(render("{{ 'two\nlines '|comment }}") == "two lines");
}

TEST_CASE("html_comment never holds --") {
  for (const auto& s : hostile()) {
    std::string out = with("{{ s|html_comment }}", s + "--->");
    CHECK(out.find("--") == std::string::npos);
    CHECK_FALSE(has_line_break(out));
  }
}

TEST_CASE("md_text reads back as the folded text in a paragraph and in a GFM cell") {
  std::vector<std::string> inputs;
  for (const auto& s : hostile())
    if (!folded(s).empty()) inputs.push_back(s);
  for (const char* s : {"<script>alert(1)</script>", "**bold** _it_ snake_case_name", "[x](http://e)",
                        "![i](x.png)", "`code`", "a | b", "~~gone~~", "&amp; &#65;", "# heading",
                        "- item", "1. item", "> quote", "    indented", "a\\*b", "=== ", "+ x"})
    inputs.push_back(s);
  for (const auto& s : inputs) {
    INFO("input " << gen::tmpl::text::repr(s));
    std::string out = with("{{ s|md_text }}", s);
    if (folded(s).rfind("\xEF\xBB\xBF", 0) != 0)  // CommonMark drops a BOM that starts the document
      CHECK(cmark(out + "\n") == "<p>" + html_text(folded(s)) + "</p>\n");
    std::string table = "| a | b |\n|---|---|\n| " + out + " | end |\n";
    std::string html = cmark(table);
    CHECK(html.find("<td>" + html_text(folded(s)) + "</td>\n<td>end</td>") != std::string::npos);
  }
}

TEST_CASE("mermaid: only entity codes for anything that could end a label") {
  for (const auto& s : hostile()) {
    std::string out = with("{{ s|mermaid }}", s);
    CHECK(out.find_first_of("\"[]|<>`\n\r'") == std::string::npos);
    // Entity codes decode back to the text.
    std::string back;
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] == '#') {
        size_t semi = out.find(';', i);
        REQUIRE(semi != std::string::npos);
        gen::tmpl::text::append_utf8(back, static_cast<uint32_t>(std::stoul(out.substr(i + 1, semi - i - 1))));
        i = semi;
      } else {
        back += out[i];
      }
    }
    CHECK(back == s);
  }
  CHECK(render("{{ 'volume \"x\"'|mermaid }}") == "volume #34;x#34;");
}

TEST_CASE("k8s_arg: Kubernetes' $(VAR) expansion gives back the text") {
  auto expand = [](const std::string& s) {  // no variable defined: $$ -> $, $(X) stays
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      out += s[i];
      if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '$') ++i;
    }
    return out;
  };
  std::vector<std::string> inputs = hostile();
  for (const char* s : {"--db=$(DATABASE_URL)", "$$(X)", "$", "$$", "a$", "$(", "$$$("})
    inputs.push_back(s);
  for (const auto& s : inputs) {
    INFO("input " << gen::tmpl::text::repr(s));
    YAML::Node doc = YAML::Load("- " + with("{{ s|k8s_arg }}", s) + "\n");
    CHECK(expand(doc[0].as<std::string>()) == s);
  }
  CHECK(render("{{ '--db=$(URL)'|k8s_arg }}") == "\"--db=$$(URL)\"");
  CHECK(render("{{ 'cost $5'|k8s_arg }}") == "\"cost $5\"");
}

TEST_CASE("yaml_literal: a block scalar when it holds the text exactly, else quoted") {
  std::vector<std::string> inputs = hostile();
  for (const char* s : {"line one\nline two\n", "a\n\nb", "x\n\n\n", "tab\tinside\n", "# not a comment\n",
                        "  indented first\n", "trailing \nspace", "k: v\n- item\n"})
    inputs.push_back(s);
  for (const auto& s : inputs) {
    INFO("input " << gen::tmpl::text::repr(s));
    std::string doc = "data:\n  f: " + with("{{ s|yaml_literal(4) }}", s) + "\n  after: 1\n";
    YAML::Node n = YAML::Load(doc);
    CHECK(n["data"]["f"].as<std::string>() == s);
    CHECK(n["data"]["after"].as<int>() == 1);
    CHECK(n["data"].size() == 2);
  }
  CHECK(render("{{ 'a\nb\n'|yaml_literal(2) }}") == "|\n  a\n  b");
  CHECK(render("{{ 'a\n\nb'|yaml_literal(2) }}") == "|-\n  a\n\n  b");
}

// Long one-line texts: the hostile strings (each made long enough to fold,
// where it can) and real commands with quotes, `#`, `: ` and `$`.
std::vector<std::string> long_texts() {
  std::vector<std::string> out;
  std::string pad(110, 'x');
  for (const auto& s : hostile()) {
    out.push_back(s);
    out.push_back(s + " " + pad);
    out.push_back(pad + " " + s + " tail");
  }
  std::string words;
  for (int i = 0; i < 40; ++i) words += (i ? " " : "") + std::string("word") + std::to_string(i);
  for (const std::string& s :
       {words, "pg_isready --dbname=\"${POSTGRES_DB}\" || exit 1; echo 'checksum: 0' # " + words,
        "- " + words, "? " + words, "& anchor " + words, "* alias " + words, "! tag " + words,
        "| " + words, "> " + words, "%x " + words, "@at " + words, "`tick` " + words,
        "[" + words + "]", "{" + words + "}", "\"" + words, "'" + words, pad + pad})
    out.push_back(s);
  return out;
}

TEST_CASE("yaml_folded: a long text folds at single spaces and reads back exactly") {
  for (const auto& s : long_texts()) {
    INFO("input " << gen::tmpl::text::repr(s));
    std::string value = with("{{ s|yaml_folded(4) }}", s);
    std::string doc = "data:\n  f: " + value + "\n  after: 1\nlist:\n  - " +
                      with("{{ s|yaml_folded(4) }}", s) + "\n  - end\n";
    YAML::Node n = YAML::Load(doc);
    CHECK(n["data"]["f"].as<std::string>() == s);
    CHECK(n["data"]["after"].as<int>() == 1);
    CHECK(n["list"][0].as<std::string>() == s);
    CHECK(n["list"][1].as<std::string>() == "end");
    // Folded lines keep yamllint's strict 160 columns unless one word is longer.
    if (value.rfind(">-", 0) == 0) {
      size_t start = 0;
      while (start < value.size()) {
        size_t nl = value.find('\n', start);
        std::string line = value.substr(start, nl == std::string::npos ? nl : nl - start);
        if (line.find(' ', 4) != std::string::npos) CHECK(line.size() <= 104);
        start = nl == std::string::npos ? value.size() : nl + 1;
      }
    }
  }
  // Short, or not foldable exactly: the `yaml` filter's scalar.
  CHECK(render("{{ 'short text'|yaml_folded(4) }}") == "short text");
  std::string two_spaces = std::string(60, 'a') + "  " + std::string(60, 'b');
  CHECK(with("{{ s|yaml_folded(4) }}", two_spaces) == with("{{ s|yaml }}", two_spaces));
  std::string long_line = std::string(60, 'a') + " " + std::string(60, 'b');
  CHECK(with("{{ s|yaml_folded(2) }}", long_line) ==
        ">-\n  " + std::string(60, 'a') + "\n  " + std::string(60, 'b'));
  CHECK_THROWS_AS(render("{{ 'x'|yaml_folded(0) }}"), TemplateError);
  CHECK_THROWS_AS(render("{{ 'x'|yaml_folded }}"), TemplateError);
}

TEST_CASE("k8s_arg(indent): folds a long word, `$(` still escaped") {
  std::string word = "echo $(HOME) " + std::string(100, 'x') + " done";
  std::string out = with("{{ s|k8s_arg(4) }}", word);
  CHECK(out.rfind(">-\n    ", 0) == 0);
  YAML::Node n = YAML::Load("- " + out + "\n");
  CHECK(n[0].as<std::string>() == "echo $$(HOME) " + std::string(100, 'x') + " done");
  CHECK(render("{{ 'cost $5'|k8s_arg(4) }}") == "\"cost $5\"");
}

TEST_CASE("ident, docker_word, docker_shell: plain words or an error") {
  CHECK(render("{{ 'LOG_LEVEL'|ident }} {{ 1001|ident }} {{ '/usr/bin/podman'|ident }}") ==
        "LOG_LEVEL 1001 /usr/bin/podman");
  for (const char* bad : {"", "-x", "a b", "a;b", "$(x)", "a\nb", "'", "\""})
    CHECK_THROWS_AS(with("{{ s|ident }}", bad), TemplateError);
  CHECK(render("{{ '/app/.venv'|docker_word }} {{ 'python:3.12-slim'|docker_word }} "
               "{{ 'ghcr.io/o/a:${TAG}'|docker_word }}") ==
        "/app/.venv python:3.12-slim ghcr.io/o/a:${TAG}");
  for (const char* bad : {"/app;touch${IFS}/tmp/x;:", "/a b", "$HOME", "${A-B}", "${", "a\\b", "a\"b",
                          "a'b", "-x", "a\nb", "#x", "a`b`", "~/x"})
    CHECK_THROWS_AS(with("{{ s|docker_word }}", bad), TemplateError);
  CHECK(render("{{ ['a b', 'c']|docker_shell }}") == "'a b' c");
  CHECK_THROWS_AS(with("{{ s|docker_shell }}", "a\nb"), TemplateError);
}

TEST_CASE("systemd_text, systemd_value and systemd_exec(arguments=true)") {
  for (const auto& s : hostile()) {
    std::string out = with("{{ s|systemd_text }}", s);
    CHECK_FALSE(has_line_break(out));
    if (!out.empty()) {
      CHECK(out.front() != ' ');
      CHECK(out.back() != ' ');
      CHECK(out.back() != '\\');
    }
  }
  CHECK(render("{{ 'api: 100% \\\\'|systemd_text }}") == "api: 100%%");
  CHECK(render("{{ '/a$b%c'|systemd_value }}") == "/a$$b%%c");
  CHECK(render("{{ ['--appendonly', 'no']|systemd_exec(arguments=true) }}") ==
        "\"--appendonly\" \"no\"");
  CHECK_THROWS_AS(render("{{ ['--appendonly', 'no']|systemd_exec }}"), TemplateError);
}

TEST_CASE("verbatim prints its input unchanged") {
  CHECK(render("{{ 'a\nb: c'|verbatim }}") == "a\nb: c");
}

TEST_CASE("caddy: Caddyfile tokens gen writes pass, anything that could leave the token is an error") {
  CHECK(render("{{ 'http://app.example.com'|caddy }} {{ '/api/v1/*'|caddy }} "
               "{{ 'todo-backend:8000'|caddy }} {{ 8080|caddy }} {{ '/a%20b~c'|caddy }}") ==
        "http://app.example.com /api/v1/* todo-backend:8000 8080 /a%20b~c");
  // Whitespace splits tokens, quotes and `\` are read, `{...}` is a placeholder
  // even in quotes, `#` starts a comment, a line break ends the directive.
  for (std::string bad : {"", "a b", "x\"y", "a\\b", "{env.SECRET}", "a}b", "#x", "a\nb", "-x",
                          "a;b", "caf\xC3\xA9"}) {
    INFO(bad);
    CHECK_THROWS_AS(with("{{ s|caddy }}", bad), TemplateError);
  }
}
