#include "yaml/yaml_tree.h"

#include <catch2/catch.hpp>

using namespace gen;
using gen::yaml::Node;
using gen::yaml::parse_yaml;
using gen::yaml::parse_yaml_documents;

namespace {

Node parse_ok(const std::string& text, Diagnostics& diags) {
  auto root = parse_yaml("f.yaml", text, diags);
  REQUIRE(root);
  return *root;
}

}  // namespace

TEST_CASE("nodes carry 1-based lines and columns", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a: 1\nb:\n  - x\n  - \"y z\"\nc: {d: é, e: 5}\n", diags);
  CHECK(diags.empty());
  REQUIRE(root.is_mapping());
  REQUIRE(root.entries.size() == 3);
  CHECK(root.loc.line == 1);
  CHECK(root.loc.column == 1);
  const auto& a = root.entries[0];
  CHECK(a.key.value == "a");
  CHECK(a.key.loc.line == 1);
  CHECK(a.key.loc.column == 1);
  CHECK(a.key.end_column == 2);
  CHECK(a.value.loc.column == 4);
  CHECK_FALSE(a.value.quoted);
  const Node& b = root.entries[1].value;
  REQUIRE(b.is_sequence());
  CHECK(b.items[0].loc.line == 3);
  CHECK(b.items[0].loc.column == 5);
  CHECK(b.items[1].quoted);
  CHECK(b.items[1].value == "y z");
  CHECK(b.items[1].end_column == 5 + 5);  // "y z" with its quotes
  const Node& c = root.entries[2].value;
  REQUIRE(c.is_mapping());
  // Columns count bytes: é is two.
  CHECK(c.entries[1].key.loc.column == 12);
  CHECK(c.find("e")->value == "5");
  CHECK(c.find("missing") == nullptr);
  CHECK(root.loc.file == "f.yaml");
}

TEST_CASE("an empty value points at its key", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a:\nb: 1\n", diags);
  const Node& a = root.entries[0].value;
  CHECK(a.is_null());
  CHECK(a.loc.line == 1);
  CHECK(a.loc.column == 1);
}

TEST_CASE("block scalars and !!str are strings", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a: |\n  text\nb: !!str 5\nc: 5\n", diags);
  CHECK(diags.empty());
  CHECK(root.find("a")->quoted);
  CHECK(root.find("a")->value == "text\n");
  CHECK(root.find("b")->quoted);
  CHECK_FALSE(root.find("c")->quoted);
}

TEST_CASE("duplicate keys are reported at the second with a note", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a: 1\nm:\n  x: 1\n  x: 2\na: 3\n", diags);
  REQUIRE(diags.size() == 2);
  const Diagnostic& d1 = diags.items()[0];
  CHECK(d1.rule_id == "duplicate-key");
  CHECK(d1.message == "duplicate key 'x' in m");
  CHECK(d1.range.begin.line == 4);
  CHECK(d1.range.begin.column == 3);
  REQUIRE(d1.notes.size() == 1);
  CHECK(d1.notes[0].message == "first defined here");
  CHECK(d1.notes[0].range->begin.line == 3);
  CHECK(d1.notes[0].range->begin.column == 3);
  const Diagnostic& d2 = diags.items()[1];
  CHECK(d2.message == "duplicate key 'a' at the top level");
  CHECK(d2.range.begin.line == 5);
  // The first value wins; the duplicate is dropped.
  CHECK(root.find("a")->value == "1");
  CHECK(root.find("m")->entries.size() == 1);
}

TEST_CASE("a duplicate key's value is read and dropped, collections and all", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok(
      "a: 1\n"
      "m:\n"
      "  - x: 1\n"
      "    x: {p: [1, 2], q: {r: 3, r: 4}}\n"
      "    y: 2\n"
      "m:\n"
      "  - 9\n"
      "z: 5\n",
      diags);
  // In the order found: what is inside a dropped value before the key.
  REQUIRE(diags.size() == 3);
  const Diagnostic& inner = diags.items()[0];
  CHECK(inner.message == "duplicate key 'r' in m[0].x.q");
  CHECK(inner.range.begin.line == 4);
  CHECK(inner.range.begin.column == 30);
  CHECK(inner.notes.size() == 1);
  CHECK(inner.notes[0].message == "first defined here");
  CHECK(inner.notes[0].range->begin.line == 4);
  CHECK(inner.notes[0].range->begin.column == 24);
  const Diagnostic& x = diags.items()[1];
  CHECK(x.rule_id == "duplicate-key");
  CHECK(x.message == "duplicate key 'x' in m[0]");
  CHECK(x.range.begin.file == "f.yaml");
  CHECK(x.range.begin.line == 4);
  CHECK(x.range.begin.column == 5);
  CHECK(x.range.end.line == 4);
  CHECK(x.range.end.column == 6);
  CHECK(x.notes.size() == 1);
  CHECK(x.notes[0].message == "first defined here");
  CHECK(x.notes[0].range->begin.line == 3);
  CHECK(x.notes[0].range->begin.column == 5);
  const Diagnostic& m = diags.items()[2];
  CHECK(m.message == "duplicate key 'm' at the top level");
  CHECK(m.range.begin.line == 6);
  CHECK(m.range.begin.column == 1);
  CHECK(m.notes.size() == 1);
  CHECK(m.notes[0].message == "first defined here");
  CHECK(m.notes[0].range->begin.line == 2);
  CHECK(m.notes[0].range->begin.column == 1);
  REQUIRE(root.entries.size() == 3);
  CHECK(root.entries[2].key.value == "z");
  CHECK(root.entries[2].value.value == "5");
  CHECK(root.entries[2].value.loc.line == 8);
  const Node& seq = *root.find("m");
  REQUIRE(seq.items.size() == 1);
  const Node& first = seq.items[0];
  REQUIRE(first.entries.size() == 2);
  CHECK(first.entries[0].key.value == "x");
  CHECK(first.entries[0].value.value == "1");
  CHECK(first.entries[1].key.value == "y");
  CHECK(first.entries[1].value.loc.line == 5);
}

TEST_CASE("empty, null and complex keys are reported and their values dropped", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok(
      "a: 1\n"
      "null: {n: 1}\n"
      "? [k]\n"
      ": [1, {v: 2}]\n"
      "? {c: d}\n"
      ": x\n"
      "?\n"
      ": lone\n"
      "b: 2\n",
      diags);
  REQUIRE(diags.size() == 4);
  CHECK(diags.items()[0].message == "a mapping key cannot be empty or null");
  CHECK(diags.items()[0].range.begin.line == 2);
  CHECK(diags.items()[0].range.begin.column == 1);
  CHECK(diags.items()[1].message == "mapping keys must be plain strings, not a list");
  CHECK(diags.items()[1].range.begin.line == 3);
  CHECK(diags.items()[1].range.begin.column == 3);
  CHECK(diags.items()[2].message == "mapping keys must be plain strings, not a mapping");
  CHECK(diags.items()[2].range.begin.line == 5);
  CHECK(diags.items()[3].message == "a mapping key cannot be empty or null");
  CHECK(diags.items()[3].range.begin.line == 7);
  for (const auto& d : diags.items()) {
    CHECK(d.rule_id == "yaml-unsupported");
    CHECK(d.notes.empty());
  }
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].key.value == "a");
  CHECK(root.entries[1].key.value == "b");
  CHECK(root.entries[1].key.loc.line == 9);
  CHECK(root.entries[1].value.value == "2");
}

TEST_CASE("a dropped value's anchor can still be used", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a: 1\na: &x {p: 1}\nb: *x\n", diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "duplicate key 'a' at the top level");
  REQUIRE(root.entries.size() == 2);
  CHECK(root.find("a")->value == "1");
  REQUIRE(root.find("b")->is_mapping());
  CHECK(root.find("b")->find("p")->value == "1");
}

TEST_CASE("a duplicate key whose value is unusable reports only the value", "[yaml]") {
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("f.yaml", "a: 1\na: *nowhere\n", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "yaml-syntax");
}

TEST_CASE("aliases are expanded", "[yaml]") {
  Diagnostics diags;
  Node root = parse_ok("a: &x {p: 1}\nb: *x\n", diags);
  CHECK(diags.empty());
  const Node* b = root.find("b");
  REQUIRE(b->is_mapping());
  CHECK(b->find("p")->value == "1");
  CHECK(b->loc.line == 2);  // the alias is where the copy is used
  CHECK(b->find("p")->loc.line == 1);
}

TEST_CASE("an alias bomb stops at the node budget", "[yaml]") {
  std::string text = "a: &a [x,x,x,x,x,x,x,x,x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + static_cast<char>(c - 1);
    text += "]\n";
  }
  Diagnostics diags;
  auto root = parse_yaml("bomb.yaml", text, diags);
  CHECK_FALSE(root);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "input-limit");
  CHECK(diags.items()[0].message == "aliases expand to more than 100000 nodes");
}

TEST_CASE("aliases of a big scalar stop at the byte budget", "[yaml]") {
  std::string text = "a: &a " + std::string(1 << 20, 'x') + "\nb: [";
  for (int i = 0; i < 20; ++i) text += std::string(i ? "," : "") + "*a";
  text += "]\n";
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("big.yaml", text, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "aliases expand to more than 16 MiB of values");
}

TEST_CASE("a recursive alias is refused", "[yaml]") {
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("f.yaml", "a: &x [1, *x]\n", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "an alias cannot refer to a node that contains it");
}

TEST_CASE("deep nesting stops at the depth limit", "[yaml]") {
  for (const std::string& text : {"a: " + std::string(100000, '['),
                                  "a: " + std::string(100000, '[') + std::string(100000, ']'),
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 100000; ++i) s += "{a: ";
                                    return s;
                                  }(),
                                  [] {
                                    std::string s;
                                    for (int i = 0; i < 100000; ++i) s += "- ";
                                    return s + "x\n";
                                  }()}) {
    Diagnostics diags;
    CHECK_FALSE(parse_yaml("deep.yaml", text, diags));
    REQUIRE(diags.size() == 1);
    CHECK(diags.items()[0].rule_id == "input-limit");
    CHECK(diags.items()[0].message == "the spec nests lists and mappings more than 64 levels deep");
  }
}

TEST_CASE("64 levels are fine", "[yaml]") {
  Diagnostics diags;
  std::string text = std::string(64, '[') + std::string(64, ']');
  CHECK(parse_yaml("f.yaml", text, diags));
  CHECK(diags.empty());
}

TEST_CASE("syntax errors are positioned", "[yaml]") {
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("f.yaml", "a:\n  b: 1\n c: 2\n", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "yaml-syntax");
  // " c" is indented deeper than "a" (so not its sibling) and less than "b"
  // (so not b's): the outer mapping expected a key at column 1.
  CHECK(diags.items()[0].message == "YAML syntax error: did not find expected key");
  CHECK(diags.items()[0].range.begin.line == 3);
  CHECK(diags.items()[0].range.begin.column == 2);
  REQUIRE(diags.items()[0].notes.size() == 1);
  CHECK(diags.items()[0].notes[0].message == "while parsing a block mapping here");
  CHECK(diags.items()[0].notes[0].range->begin.line == 1);
  CHECK(diags.items()[0].notes[0].range->begin.column == 1);
}

TEST_CASE("a second document is refused", "[yaml]") {
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("f.yaml", "a: 1\n---\nb: 2\n", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message ==
        "a spec is a single YAML document, but a second one starts here");
  CHECK(diags.items()[0].range.begin.line == 2);
}

TEST_CASE("empty input is a null document", "[yaml]") {
  for (const char* text : {"", "# only a comment\n", "---\n...\n"}) {
    Diagnostics diags;
    auto root = parse_yaml("f.yaml", text, diags);
    REQUIRE(root);
    CHECK(root->is_null());
    CHECK(diags.empty());
  }
}

TEST_CASE("custom tags and complex keys are refused", "[yaml]") {
  Diagnostics diags;
  auto root = parse_yaml("f.yaml", "a: !custom 5\n? [x]\n: 1\nb: 2\n", diags);
  REQUIRE(root);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].message == "YAML tag '!custom' is not supported here");
  CHECK(diags.items()[1].message == "mapping keys must be plain strings, not a list");
  CHECK(root->find("b")->value == "2");
}

TEST_CASE("columns count bytes, after multi-byte characters too", "[yaml]") {
  Diagnostics diags;
  // libyaml counts characters; diagnostics count bytes (what the caret
  // renderer pads by). "é" is two bytes.
  Node root = parse_ok("a: \"\xc3\xa9\xc3\xa9\"\nb: [x, \xc3\xa9, y]\n", diags);
  const Node& a = root.entries[0].value;
  CHECK(a.loc.column == 4);
  CHECK(a.end_column == 10);  // one past the closing quote: 4 + 1 + 2 + 2 + 1
  const Node& b = root.entries[1].value;
  CHECK(b.items[1].loc.column == 8);
  CHECK(b.items[1].end_column == 10);
  CHECK(b.items[2].loc.line == 2);
  CHECK(b.items[2].loc.column == 12);
}

TEST_CASE("positions hold deep into a long non-ASCII text", "[yaml]") {
  // Past several of TextPositions' checkpoints (every 256 characters).
  std::string text;
  for (int i = 0; i < 300; ++i) text += "k" + std::to_string(i) + ": \xc3\xa9\xc3\xa9\n";
  text += "last: [\xc3\xa9, z]\n";
  Diagnostics diags;
  Node root = parse_ok(text, diags);
  const Node& last = root.entries.back().value;
  CHECK(last.loc.line == 301);
  CHECK(last.items[1].loc.column == 12);  // "last: [" 7 + "é" 2 + ", " 2, then z
}

TEST_CASE("duplicate keys are found in large mappings too", "[yaml]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "k3: 2\nk39: 3\n";
  Diagnostics diags;
  auto root = parse_yaml("big.yaml", text, diags);
  REQUIRE(root);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].message == "duplicate key 'k3' at the top level");
  CHECK(diags.items()[0].notes[0].message == "first defined here");
  CHECK(diags.items()[0].notes[0].range->begin.line == 4);
  CHECK(diags.items()[0].notes[0].range->begin.column == 1);
  CHECK(diags.items()[1].message == "duplicate key 'k39' at the top level");
  CHECK(root->entries.size() == 40);
  CHECK(root->find("k3")->value == "1");
}

TEST_CASE("duplicates in a large mapping point at the key kept", "[yaml]") {
  // Past the point where keys are indexed; a dropped key must leave the
  // index pointing at the right entries.
  std::string text;
  for (int i = 0; i < 20; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "k3: {a: [1]}\n";     // line 21
  text += "new: 2\n";           // line 22
  text += "? [x]\n: 3\n";       // lines 23-24
  text += "new: 4\nlast: 5\n";  // lines 25-26
  Diagnostics diags;
  auto root = parse_yaml("big.yaml", text, diags);
  REQUIRE(root);
  REQUIRE(diags.size() == 3);
  CHECK(diags.items()[0].message == "duplicate key 'k3' at the top level");
  CHECK(diags.items()[0].notes[0].message == "first defined here");
  CHECK(diags.items()[0].notes[0].range->begin.line == 4);
  CHECK(diags.items()[0].notes[0].range->begin.column == 1);
  CHECK(diags.items()[1].message == "mapping keys must be plain strings, not a list");
  CHECK(diags.items()[2].message == "duplicate key 'new' at the top level");
  CHECK(diags.items()[2].range.begin.line == 25);
  CHECK(diags.items()[2].notes[0].message == "first defined here");
  CHECK(diags.items()[2].notes[0].range->begin.line == 22);
  CHECK(diags.items()[2].notes[0].range->begin.column == 1);
  REQUIRE(root->entries.size() == 22);
  CHECK(root->entries[20].key.value == "new");
  CHECK(root->find("new")->value == "2");
  CHECK(root->find("last")->loc.line == 26);
}

TEST_CASE("an alias to no anchor is a syntax error", "[yaml]") {
  Diagnostics diags;
  CHECK_FALSE(parse_yaml("f.yaml", "a: *nowhere\n", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "yaml-syntax");
  CHECK(diags.items()[0].message ==
        "YAML syntax error: the alias '*nowhere' refers to no anchor defined before it");
  CHECK(diags.items()[0].range.begin.column == 4);
}

TEST_CASE("multi-document streams: empty documents separate nothing", "[yaml]") {
  Diagnostics diags;
  auto docs = parse_yaml_documents("m.yaml", "---\na: 1\n---\n---\nb: 2\n---\n", diags);
  REQUIRE(docs);
  REQUIRE(docs->size() == 2);
  CHECK((*docs)[0].find("a")->loc.line == 2);
  CHECK((*docs)[1].find("b")->loc.line == 5);
  auto none = parse_yaml_documents("e.yaml", "# nothing\n", diags);
  REQUIRE(none);
  REQUIRE(none->size() == 1);
  CHECK((*none)[0].is_null());
  CHECK(diags.empty());
}

namespace {
// Every node's line and column, depth first (keys included).
void collect_positions(const Node& n, std::vector<std::pair<int, int>>& out) {
  out.emplace_back(n.loc.line, n.loc.column);
  for (const Node& item : n.items) collect_positions(item, out);
  for (const auto& e : n.entries) {
    collect_positions(e.key, out);
    collect_positions(e.value, out);
  }
}
}  // namespace

TEST_CASE("positions are the same whether libyaml's marks are used as is or looked up", "[yaml]") {
  // An ASCII text without '\r' takes the marks as they are (at_mark); one
  // non-ASCII character anywhere sends every lookup through the byte index.
  // Both must place every node alike in the ASCII part.
  std::string ascii =
      "a: 1\nb:\n  - x\n  - {k: v, w: [1, 2]}\n  - |\n    block\n    text\nc: \"quoted\" # c\n"
      "d:\n  e:\n    f: 'single'\n\n\ng: [a,\n  b]\n";
  Diagnostics diags;
  Node plain = parse_ok(ascii, diags);
  Node looked_up = parse_ok(ascii + "z: \xc3\xa9\n", diags);
  std::vector<std::pair<int, int>> a, b;
  collect_positions(plain, a);
  collect_positions(looked_up, b);
  REQUIRE(b.size() == a.size() + 2);  // z and its value
  b.resize(a.size());
  CHECK(a == b);
  CHECK(plain.find("g")->items[1].loc.line == 15);
  CHECK(plain.find("g")->items[1].loc.column == 3);
}
