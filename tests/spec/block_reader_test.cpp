// The block reader (load/block_reader.h) must give, whenever it reads a text
// at all, exactly the tree libyaml gives: the same nodes, values, styles and
// positions, and libyaml must find nothing to report in it. Held to that on
// every YAML file gen renders for the seeds, the specs, hand-written edge
// cases, and many thousands of random mutations of them.
#include "yaml/block_reader.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "yaml/yaml_tree.h"

using namespace gen;
using gen::yaml::Node;

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> corpus() {
  std::vector<std::string> texts;
  std::string root = GEN_SOURCE_DIR;
  for (const char* dir : {"/output-examples", "/specs", "/examples"}) {
    if (!fs::exists(root + dir)) continue;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root + dir)) {
      std::string ext = e.path().extension().string();
      if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());  // the same mutations on every machine
    for (const auto& f : files) texts.push_back(read(f));
  }
  return texts;
}

// Where two trees first differ ("" when they do not).
std::string difference(const Node& a, const Node& b, const std::string& path) {
  auto at = [&](const std::string& what) { return path + ": " + what; };
  if (a.kind != b.kind) return at("kind");
  if (a.quoted != b.quoted) return at("quoted");
  if (a.value != b.value) return at("value '" + a.value + "' vs '" + b.value + "'");
  if (a.loc.line != b.loc.line || a.loc.column != b.loc.column)
    return at("position " + std::to_string(a.loc.line) + ":" + std::to_string(a.loc.column) +
              " vs " + std::to_string(b.loc.line) + ":" + std::to_string(b.loc.column));
  if (std::string(a.loc.file) != std::string(b.loc.file)) return at("file");
  if (a.end_column != b.end_column)
    return at("end column " + std::to_string(a.end_column) + " vs " + std::to_string(b.end_column));
  if (a.items.size() != b.items.size()) return at("item count");
  for (size_t i = 0; i < a.items.size(); ++i) {
    std::string d = difference(a.items[i], b.items[i], path + "[" + std::to_string(i) + "]");
    if (!d.empty()) return d;
  }
  if (a.entries.size() != b.entries.size()) return at("entry count");
  for (size_t i = 0; i < a.entries.size(); ++i) {
    std::string p = path + "." + a.entries[i].key.value;
    std::string d = difference(a.entries[i].key, b.entries[i].key, p + " (key)");
    if (d.empty()) d = difference(a.entries[i].value, b.entries[i].value, p);
    if (!d.empty()) return d;
  }
  return "";
}

// Whether the block reader took `text`; if it did, its documents must be
// libyaml's, in both the multi-document and the single-document reading.
bool agrees_with_libyaml(const std::string& text) {
  bool took = false;
  for (bool single : {false, true}) {
    yaml::ParseOptions options;
    options.node_files = single;  // both ways of naming node files
    std::vector<Node> fast;
    if (!yaml::read_block_yaml("a.yaml", text, options, single, fast)) continue;
    took = true;
    options.block_reader = false;
    Diagnostics diags;
    std::vector<Node> reference;
    if (single) {
      auto root = yaml::parse_yaml("a.yaml", text, diags, options);
      if (root && !(fast.empty() && root->is_null())) reference.push_back(std::move(*root));
    } else {
      auto docs = yaml::parse_yaml_documents("a.yaml", text, diags, options);
      if (docs) reference = std::move(*docs);
      if (fast.empty() && reference.size() == 1 && reference[0].is_null()) reference.clear();
    }
    INFO("text:\n" << text);
    INFO("single document: " << single);
    CHECK(diags.empty());
    for (const auto& d : diags.items()) INFO(d.message);
    REQUIRE(fast.size() == reference.size());
    for (size_t i = 0; i < fast.size(); ++i) {
      std::string d = difference(fast[i], reference[i], "doc" + std::to_string(i));
      CHECK(d == "");
    }
  }
  return took;
}

}  // namespace

TEST_CASE("block reader: gen's artifacts and specs read as libyaml reads them", "[yaml]") {
  auto texts = corpus();
  REQUIRE(texts.size() > 100);
  size_t took = 0;
  for (const auto& t : texts) took += agrees_with_libyaml(t) ? 1 : 0;
  // It is only worth having if it reads nearly all of what gen renders.
  CHECK(took * 10 >= texts.size() * 9);
}

TEST_CASE("block reader: hand-written edge cases", "[yaml]") {
  const char* cases[] = {
      "a: 1\n",
      "a:\n  b: c\n  d:\n    - 1\n    - 2\n",
      "a:\n- x\n- y\nb: z\n",
      "- a: 1\n  b: 2\n- c\n-\n  d: e\n",
      "  a: 1\n  b: 2\n",
      "a: \"q \\\" \\\\ \\n \\t \\/ \\0 \\e\" # c\nb: 'it''s'\nc: ''\nd: \"\"\n",
      "a: null\nb: ~\nc:\nd: Null\ne: \"null\"\n",
      "a: [1, \"two\", 'three', four five]\nb: []\nc: {}\nd: {x: 1, \"y\": 'z', w: a b}\n",
      "a: |\n  line 1\n\n    more\n  line 3\nb: c\n",
      "a: |-\n  x\n  y\n\n\nb: c\n",
      "a: |+\n  x\n\n\nb: c\n",
      "a: >\n  folded\n  line\n\n  para\n    kept\n  back\nb: >-\n  x\n  y\n",
      "a: >+\n  x\n\n",
      "- |\n  in a list\n- >-\n  folded in\n  a list\n",
      "# only a comment\n",
      "",
      "a: 1\n---\nb: 2\n---\n- 3\n",
      "---\na: 1\n",
      "a: b # comment\n  # indented comment\nc: d#not a comment\n",
      "key with spaces: value with: colon-less? text\n",
      "a: -1\nb: -x\nc: ?x\nd: :x\ne: x:y\n",
      "a:    spaced    \nb:\t1\n",
      "a: 1\na: 2\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: b\n  c\n",
      "a: \"multi\n  line\"\n",
      "a: |\n\n  leading blank\n",
      "a: |2\n   x\n",
      "- - a\n",
      "a: b: c\n",
      "a: 1\n---\n",
      "---\n",
      "...\n",
      "a: [1, [2], {b: c, d: [e, 'f']}]\n",
      "a: {b: {c: 1}}\n",
      "a: {b: 1,\n    c: [x,\n  y], # comment\n\n    d: \"e\"}\nf: g\n",
      "- {a: 1,\n   b: 2}\n- [\n  ]\n",
      "a: [1,\n2]\n",
      "a: {b: 1,\nc: 2}\n",
      "- [1,\n2]\n",
      "a: [1,\n---\n]\n",
      "a: [1\n  , 2]\n",
      "a: {b:\n  1}\n",
      "a: [1, 2] x\n",
      "a: [1, 2]\n  b: 3\n",
      "a: [python, -m, app.main:app, --port, \"8000\", a-b]\n",
      "a: [a:b]\n",
      "a: [a:]\n",
      "a: [a:,b]\n",
      "a: [-]\n",
      "a: [-a]\n",
      "a: [a?b]\n",
      "a: [a, - b]\n",
      "a: [a: b]\n",
      "a: [-:]\n",
      "a: [a:-b]\n",
      "a: {b: c:d, e:f: g}\n",
      "a: [a:b ]\n",
      "a: [x:[1]]\n",
      "a: [x#y]\n",
      "a: [1, 2,]\n",
      "? a\n: b\n",
      "a: 1\n b: 2\n",
      "a:\n  - 1\n  b: 2\n",
      "null: 1\n",
      "\"quoted key\": 1\n",
      "a: caf\xc3\xa9\n",
      "\xc3\xa9t\xc3\xa9: \"\xc3\xb1\" # \xe2\x80\x94\nb: [\xc3\xa9, '\xc3\xbc']\nc: x\n",
      "a: |\n  \xf0\x9f\x98\x80 line\n  two\nb: \xf0\x9f\x98\x80\n",
      "a: x\xe2\x80\xa8y\n",  // LS breaks a line for libyaml
      "a: x\xc2\x85y\n",      // NEL too
      "\357\273\277a: 1\n",  // BOM
      "a: \xc3\n",          // cut UTF-8
      "a: \xed\xa0\x80\n",  // a surrogate
      "a: \xc2\x9f\n",      // a C1 control
      "a: 1",
      "a: 1\r\n",
      "a: |\n  x\n   \n  y\n",
      "a: \"\\x41\"\n",
      "a: \"\\u00e9\"\n",
      "a: \"\\U0001F600\"\n",
      "a: \"\\N\"\n",
      "a: \"\\_\"\n",
      "a: \"\\L\"\n",
      "a: \"\\P\"\n",
      "a: \"\\q\"\n",
  };
  size_t took = 0;
  for (const char* c : cases) took += agrees_with_libyaml(c) ? 1 : 0;
  CHECK(took >= 20);  // the clean ones; the rest are left to libyaml
}

TEST_CASE("block reader: takes printable ASCII, and no other single byte, anywhere", "[yaml]") {
  // Every byte value at every offset of a quoted value: each lane of the
  // eight bytes checked at once, and the bytes checked one by one at the end.
  for (int b = 0; b < 256; ++b) {
    bool printable = b >= 0x20 && b <= 0x7E && b != '\'';
    for (size_t at = 0; at <= 20; ++at) {
      std::string value(20, 'x');
      value.insert(at, 1, static_cast<char>(b));
      std::vector<Node> docs;
      INFO("byte " << b << " at " << at);
      CHECK(yaml::read_block_yaml("a.yaml", "a: '" + value + "'\n", {}, true, docs) == printable);
    }
  }
}

TEST_CASE("block reader: random mutations of the corpus read as libyaml reads them", "[yaml]") {
  auto texts = corpus();
  REQUIRE(!texts.empty());
  std::mt19937 rng(20261123);
  const std::string alphabet = " -:#'\"|>[]{},?&*!\n\\ax0";
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  size_t took = 0, tried = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string t = texts[pick(texts.size())];
    if (t.size() > 4000) t.resize(4000 + t.substr(4000).find('\n') + 1);  // keep it quick
    if (t.empty()) continue;
    int edits = 1 + static_cast<int>(pick(3));
    for (int e = 0; e < edits && !t.empty(); ++e) {
      size_t at = pick(t.size());
      switch (pick(7)) {
        case 0:
          t.erase(at, 1);
          break;
        case 1:
          t.insert(at, 1, alphabet[pick(alphabet.size())]);
          break;
        case 2:
          t[at] = alphabet[pick(alphabet.size())];
          break;
        case 6: {  // a character of more than one byte, or a part of one
          static const char* wide[] = {"\xc3\xa9",     "\xe2\x80\x94", "\xf0\x9f\x98\x80",
                                       "\xe2\x80\xa8", "\xc2\x85",     "\xc3",
                                       "\x80"};
          t.insert(at, wide[pick(7)]);
          break;
        }
        case 3: {  // indent or outdent a line
          size_t start = t.rfind('\n', at);
          start = start == std::string::npos ? 0 : start + 1;
          if (pick(2) && t[start] == ' ')
            t.erase(start, 1);
          else
            t.insert(start, pick(2) ? 1 : 2, ' ');
          break;
        }
        case 4: {  // duplicate a line
          size_t start = t.rfind('\n', at);
          start = start == std::string::npos ? 0 : start + 1;
          size_t end = t.find('\n', at);
          if (end != std::string::npos) t.insert(start, t.substr(start, end + 1 - start));
          break;
        }
        default: {  // drop a line
          size_t start = t.rfind('\n', at);
          start = start == std::string::npos ? 0 : start + 1;
          size_t end = t.find('\n', at);
          t.erase(start, end == std::string::npos ? std::string::npos : end + 1 - start);
          break;
        }
      }
    }
    ++tried;
    took += agrees_with_libyaml(t) ? 1 : 0;
  }
  WARN("block reader took " << took << " of " << tried << " mutations");
  // Both ways must be exercised: mutations it reads and ones it leaves.
  CHECK(took > tried / 10);
  CHECK(took < tried);
}
