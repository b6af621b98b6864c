// Streaming one top-level mapping (yaml/mapping_stream.h): each entry is
// handed over, complete and positioned exactly as a whole tree holds it, and
// dropped; the rest of the document is the whole tree's, the streamed
// mapping left empty; findings are the same as without streaming. Both
// parsers (the block reader and libyaml) and the restart between them.
#include "yaml/mapping_stream.h"

#include <catch2/catch.hpp>

#include "diagnostics/render.h"
#include "yaml/yaml_tree.h"

using namespace gen;
using gen::yaml::Entry;
using gen::yaml::Node;

namespace {

// A node as text: kind, value, position and children, so that two trees
// compare in one CHECK and a difference shows where.
std::string show(const Node& n) {
  std::string s = std::to_string(n.loc.line) + ":" + std::to_string(n.loc.column);
  if (n.end_column) s += "-" + std::to_string(n.end_column);
  switch (n.kind) {
    case Node::Kind::Null:
      return s + " ~";
    case Node::Kind::Scalar:
      return s + (n.quoted ? " \"" : " ") + n.value;
    case Node::Kind::Sequence:
      s += " [";
      for (const auto& item : n.items) s += show(item) + ", ";
      return s + "]";
    case Node::Kind::Mapping:
      s += " {";
      for (const auto& e : n.entries) s += show(e.key) + ": " + show(e.value) + ", ";
      return s + "}";
  }
  return s;
}

// Records what it is handed, as "document: key: value".
class Recorder final : public yaml::MappingStream {
 public:
  explicit Recorder(std::string key = "services") : MappingStream(std::move(key)) {}
  void entry(size_t document, const Entry& e) override {
    entries.push_back(std::to_string(document) + ": " + show(e.key) + ": " + show(e.value));
  }
  void restart() override {
    entries.clear();
    ++restarts;
  }
  std::vector<std::string> entries;
  int restarts = 0;
};

struct Parsed {
  std::optional<std::vector<Node>> docs;
  std::string findings;
};

Parsed parse(const std::string& text, yaml::MappingStream* stream, bool block_reader = true) {
  yaml::ParseOptions options;
  options.stream = stream;
  options.block_reader = block_reader;
  Parsed p;
  Diagnostics diags;
  p.docs = yaml::parse_yaml_documents("f.yaml", text, diags, options);
  SourceFiles sources;
  sources.add("f.yaml", text);
  p.findings = render_diagnostics(diags, sources, RenderOptions{});
  return p;
}

// What the whole tree says the stream should be handed: each document's
// `key` entries, and the documents with that mapping emptied.
std::vector<std::string> expected_entries(const std::vector<Node>& docs,
                                          const std::string& key = "services") {
  std::vector<std::string> out;
  for (size_t d = 0; d < docs.size(); ++d) {
    const Node* m = docs[d].is_mapping() ? docs[d].find(key) : nullptr;
    if (m && m->is_mapping())
      for (const auto& e : m->entries)
        out.push_back(std::to_string(d) + ": " + show(e.key) + ": " + show(e.value));
  }
  return out;
}

std::string emptied(Node doc, const std::string& key = "services") {
  if (Node* m = doc.is_mapping() ? doc.find(key) : nullptr; m && m->is_mapping())
    m->entries.clear();
  return show(doc);
}

// Streams `text` with each parser and holds the result to the whole tree's.
void check_streams_like_the_tree(const std::string& text) {
  for (bool block_reader : {true, false}) {
    INFO("block reader " << block_reader);
    Parsed whole = parse(text, nullptr, block_reader);
    Recorder rec;
    Parsed streamed = parse(text, &rec, block_reader);
    CHECK(streamed.findings == whole.findings);
    REQUIRE(streamed.docs.has_value() == whole.docs.has_value());
    if (!whole.docs) continue;
    CHECK(rec.entries == expected_entries(*whole.docs));
    REQUIRE(streamed.docs->size() == whole.docs->size());
    for (size_t d = 0; d < whole.docs->size(); ++d)
      CHECK(show((*streamed.docs)[d]) == emptied((*whole.docs)[d]));
  }
}

const std::string kCompose = R"(name: p
services:
  api:
    image: "api:1"
    ports:
      - "127.0.0.1:80:80"
    healthcheck: {test: [CMD, "true"], retries: 3}
  worker:
  db:
    environment:
      A: 1
networks:
  default:
    internal: true
)";

}  // namespace

TEST_CASE("a streamed mapping's entries are handed over in order, positioned", "[yaml]") {
  Recorder rec;
  Parsed p = parse(kCompose, &rec);
  CHECK(p.findings == "");
  REQUIRE(rec.entries.size() == 3);
  CHECK(rec.entries[0].rfind("0: 3:3-6 api: 4:5 {4:5-10 image: ", 0) == 0);
  // An empty value points at its key, as in a tree.
  CHECK(rec.entries[1] == "0: 8:3-9 worker: 8:3-9 ~");
  CHECK(rec.entries[2] ==
        "0: 9:3-5 db: 10:5 {10:5-16 environment: 11:7 {11:7-8 A: 11:10-11 1, }, }");
  // The rest stays, and the mapping itself, empty, where it stood.
  REQUIRE(p.docs);
  const Node& doc = p.docs->front();
  CHECK(doc.find("name")->value == "p");
  const Node* services = doc.find("services");
  REQUIRE(services);
  CHECK(services->is_mapping());
  CHECK(services->entries.empty());
  CHECK(services->loc.line == 3);
  CHECK(doc.find("networks")->find("default")->find("internal")->value == "true");
  check_streams_like_the_tree(kCompose);
}

TEST_CASE("a streamed mapping may come after the other top-level keys", "[yaml]") {
  const std::string text =
      "name: p\nnetworks:\n  default: {internal: true}\nsecrets:\n  s: {external: true}\n"
      "services:\n  a:\n    image: x\n  b:\n    image: y\nx-after: 1\n";
  Recorder rec;
  Parsed p = parse(text, &rec);
  CHECK(rec.entries == std::vector<std::string>{"0: 7:3-4 a: 8:5 {8:5-10 image: 8:12-13 x, }",
                                                "0: 9:3-4 b: 10:5 {10:5-10 image: 10:12-13 y, }"});
  REQUIRE(p.docs);
  CHECK(p.docs->front().find("x-after"));
  check_streams_like_the_tree(text);
}

TEST_CASE("duplicate keys inside and across streamed entries are reported as in a tree", "[yaml]") {
  struct Case {
    std::string text, finding, first_entry;
  };
  const Case cases[] = {
      // Inside an entry: the first value is kept, the entry still handed over.
      {"services:\n  a:\n    user: \"1\"\n    user: \"0\"\n  b:\n    x: 1\n",
       "f.yaml:4:5: error[duplicate-key]: duplicate key 'user' in services.a",
       "0: 2:3-4 a: 3:5 {3:5-9 user: 3:11-14 \"1, }"},
      // Across entries: the repeated service is reported with where the
      // first one was (already handed over and dropped), and not handed over.
      {"services:\n  a:\n    x: 1\n  b: {}\n  a:\n    x: 2\n",
       "f.yaml:5:3: error[duplicate-key]: duplicate key 'a' in services",
       "0: 2:3-4 a: 3:5 {3:5-6 x: 3:8-9 1, }"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Recorder rec;
    Parsed p = parse(c.text, &rec);
    CHECK(p.findings.find(c.finding) != std::string::npos);
    CHECK(p.findings.find("first defined here") != std::string::npos);
    REQUIRE(rec.entries.size() == 2);
    CHECK(rec.entries[0] == c.first_entry);
    check_streams_like_the_tree(c.text);
  }

  // Enough services for the builder's key index (16 and more).
  std::string many = "services:\n";
  for (int i = 0; i < 40; ++i) many += "  s" + std::to_string(i) + ":\n    image: x\n";
  many += "  s7:\n    image: y\n";
  check_streams_like_the_tree(many);

  // The streamed key itself repeated: the second mapping is dropped whole.
  check_streams_like_the_tree("services:\n  a: {x: 1}\nname: p\nservices:\n  b: {x: 2}\n");
}

TEST_CASE("without the streamed key, or when it is no mapping, nothing is handed over", "[yaml]") {
  for (const char* text :
       {"name: p\nnetworks: {}\n", "services: 3\n", "services:\n  - a\n  - b\n", "services:\n",
        "- services:\n    a: {}\n", "x:\n  services:\n    a: 1\n"}) {
    INFO(text);
    Recorder rec;
    parse(text, &rec);
    CHECK(rec.entries.empty());
    check_streams_like_the_tree(text);
  }
}

TEST_CASE("an anchored streamed mapping stays whole; aliases inside entries expand", "[yaml]") {
  // An alias may copy the mapping later: it is not streamed.
  const std::string anchored = "services: &s\n  a: {x: 1}\nx-copy: *s\n";
  Recorder rec;
  Parsed p = parse(anchored, &rec);
  CHECK(rec.entries.empty());
  REQUIRE(p.docs);
  CHECK(p.docs->front().find("services")->entries.size() == 1);
  CHECK(p.docs->front().find("x-copy")->entries.size() == 1);
  // Anchors inside entries, and an alias standing for an entry's value.
  check_streams_like_the_tree(
      "x-base: &base {user: \"1\"}\nservices:\n  a: &a\n    image: x\n  b: *a\n  c: *base\n");
}

TEST_CASE("entries name their document; the block reader's restart voids them", "[yaml]") {
  // Empty documents are dropped: the second mapping is document 1.
  const std::string docs = "---\nservices:\n  a: {}\n---\n---\nservices:\n  b: {}\n";
  Recorder rec;
  parse(docs, &rec);
  CHECK(rec.entries == std::vector<std::string>{"0: 3:3-4 a: 3:6 {}", "1: 7:3-4 b: 7:6 {}"});
  check_streams_like_the_tree(docs);

  // The block reader reads the first entries, then gives up (a tag): what
  // it handed over is voided and libyaml hands everything over again.
  const std::string late = "services:\n  a:\n    x: 1\n  b:\n    x: !!str 2\n";
  Recorder rec2;
  parse(late, &rec2);
  CHECK(rec2.restarts == 1);
  CHECK(rec2.entries.size() == 2);
  check_streams_like_the_tree(late);
}

TEST_CASE("a syntax error or a second document fails as without streaming", "[yaml]") {
  check_streams_like_the_tree("services:\n  a:\n    x: 1\n  b: [\n");
  for (const std::string text :
       {"services:\n  a: {}\n---\nservices:\n  b: {}\n", "services:\n  a: {}\n  b: [\n"}) {
    Recorder rec;
    yaml::ParseOptions options;
    options.stream = &rec;
    Diagnostics diags;
    CHECK_FALSE(yaml::parse_yaml("f.yaml", text, diags, options));
    CHECK(diags.has_errors());
  }
}
