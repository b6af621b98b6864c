#include <catch2/catch.hpp>

#include "diagnostics/render.h"

using namespace gen;

TEST_CASE("human diagnostic shows position, source line and caret") {
  SourceFiles files;
  files.add("specs/todo.yaml", "version: 1\nmodules:\n  api:\n    user: {uid: 0}\n");
  Diagnostic d;
  d.rule_id = "non-root-user";
  d.range = SourceRange{{"specs/todo.yaml", 4, 17}, {"specs/todo.yaml", 4, 18}};
  d.message = "uid 0 is root";
  d.help = "use a numeric uid above 0, e.g. 1001";
  CHECK(render_diagnostic_human(d, files, false) ==
        "specs/todo.yaml:4:17: error[non-root-user]: uid 0 is root\n"
        " 4 |     user: {uid: 0}\n"
        "   |                 ^\n"
        "  = help: use a numeric uid above 0, e.g. 1001\n");
}

TEST_CASE("caret skips UTF-8 continuation bytes and keeps tabs") {
  SourceFiles files;
  files.add("f", "\tname: \xc3\xa9x\n");
  Diagnostic d;
  d.range = SourceRange::at({"f", 1, 10});  // byte column of 'x'
  d.message = "m";
  CHECK(render_diagnostic_human(d, files, false) ==
        "f:1:10: error: m\n"
        " 1 | \tname: \xc3\xa9x\n"
        "   | \t       ^\n");
}

TEST_CASE("github format escapes newlines and property separators") {
  Diagnostics diags;
  diags.error("rule", {"a,b:c.yaml", 3, 5}, "bad\nvalue 100%");
  SourceFiles files;
  RenderOptions ro;
  ro.format = DiagnosticFormat::Github;
  CHECK(render_diagnostics(diags, files, ro) ==
        "::error file=a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,title=rule::bad%0Avalue 100%25\n");
}

TEST_CASE("diagnostics sort by file, line, column") {
  Diagnostics diags;
  diags.error("b", {"f", 9, 1}, "late");
  diags.error("a", {"f", 2, 7}, "early");
  diags.error("a", {"f", 2, 3}, "earliest");
  diags.sort();
  REQUIRE(diags.size() == 3);
  CHECK(diags.items()[0].message == "earliest");
  CHECK(diags.items()[1].message == "early");
  CHECK(diags.items()[2].message == "late");
}

TEST_CASE("sorting keeps one of identical diagnostics, and every one that differs") {
  Diagnostics diags;
  diags.error("template-syntax", {"t.j2", 2, 1}, "unexpected end");
  diags.error("template-syntax", {"t.j2", 2, 1}, "unexpected end").notes.push_back("from a");
  diags.error("template-syntax", {"t.j2", 2, 1}, "unexpected end");    // the first again
  diags.warning("template-syntax", {"t.j2", 2, 1}, "unexpected end");  // a warning differs
  diags.error("template-syntax", {"t.j2", 2, 1}, "unexpected end").notes.push_back("from a");
  diags.sort();
  REQUIRE(diags.size() == 3);
  CHECK(diags.items()[0].notes.empty());
  CHECK(diags.items()[0].severity == Severity::Error);
  CHECK(gen::note_messages(diags.items()[1].notes) == std::vector<std::string>{"from a"});
  CHECK(diags.items()[2].severity == Severity::Warning);
}

// 100,000 findings, one on each line of one big spec (issue 22, case 10):
// every finding shows its own line. Looking each line up by counting from
// the start of the file made this quadratic (minutes); the lines are indexed
// once instead.
namespace {
std::string numbered_lines(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) text += "  key" + std::to_string(i) + ": v\n";
  return text;
}
}  // namespace

TEST_CASE("human rendering of 100,000 diagnostics over one big file shows each one's line") {
  const int n = 100000;
  SourceFiles files;
  files.add("big.yaml", numbered_lines(n));
  Diagnostics diags;
  for (int i = n; i >= 1; --i) diags.error("r", {"big.yaml", i, 3}, "m" + std::to_string(i));
  std::string out = render_diagnostics(diags, files, RenderOptions{});
  CHECK(out.find("big.yaml:1:3: error[r]: m1\n 1 |   key1: v\n   |   ^\n") != std::string::npos);
  CHECK(out.find("big.yaml:77777:3: error[r]: m77777\n 77777 |   key77777: v\n") !=
        std::string::npos);
  CHECK(out.find("big.yaml:100000:3: error[r]: m100000\n 100000 |   key100000: v\n") !=
        std::string::npos);
  size_t shown = 0;
  for (size_t pos = 0; (pos = out.find(": v\n", pos)) != std::string::npos; ++pos) ++shown;
  CHECK(shown == static_cast<size_t>(n));
}

TEST_CASE("source lines are indexed once per text, however many diagnostics point into it") {
  const std::string text = numbered_lines(50000);
  SourceFiles files;
  files.add("big.yaml", text);
  Diagnostics diags;
  for (int i = 1; i <= 50000; i += 7) diags.error("r", {"big.yaml", i, 1}, "m");
  (void)render_diagnostics(diags, files, RenderOptions{});
  CHECK(files.bytes_indexed() == text.size());
  CHECK(files.line("big.yaml", 50000) == std::optional<std::string>("  key50000: v"));
  CHECK(files.line("big.yaml", 50001) == std::optional<std::string>(""));  // after the last '\n'
  CHECK(files.line("big.yaml", 50002) == std::nullopt);
  CHECK(files.line("big.yaml", 0) == std::nullopt);
}

TEST_CASE("a line ending in CRLF is shown without its CR") {
  SourceFiles files;
  files.add("f", "a\r\nb");
  CHECK(files.line("f", 1) == std::optional<std::string>("a"));
  CHECK(files.line("f", 2) == std::optional<std::string>("b"));
}
