#include "load/yaml_tree.h"

#include <yaml.h>

#include <climits>
#include <unordered_map>

#include "load/load_ids.h"
#include "load/path.h"
#include "load/scalar.h"
#include "load/text_positions.h"

namespace gen::load {
namespace {

constexpr const char* kTagStr = "tag:yaml.org,2002:str";
constexpr const char* kTagSeq = "tag:yaml.org,2002:seq";
constexpr const char* kTagMap = "tag:yaml.org,2002:map";

// Thrown out of the builder to stop parsing after a fatal diagnostic.
struct Abort {};

// A mapping's keys are checked for duplicates by a linear scan while the
// mapping is small (almost every mapping in a spec or an artifact), and by a
// hash index once it grows, so a 10,000-key mapping stays linear.
constexpr size_t kIndexKeysFrom = 16;

// Builds the tree from libyaml's events with an explicit stack (no
// recursion), counting every node, including the copies aliases make,
// against the limits.
class TreeBuilder {
 public:
  TreeBuilder(const std::string& file, const std::string& text, Diagnostics& diags,
              const ParseOptions& limits)
      : file_(file),
        node_file_(limits.node_files ? FileName(file) : FileName()),
        positions_(text),
        diags_(diags),
        limits_(limits) {}

  std::optional<Node> take_root() {
    std::optional<Node> root = std::move(root_);
    root_.reset();
    return root;
  }

  void alias(const yaml_mark_t& mark, const char* anchor) {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      for (size_t i = 0; i < depth_; ++i)
        if (stack_[i].anchor == anchor)
          fail(ids::kYamlUnsupported, mark, "an alias cannot refer to a node that contains it");
      fail(ids::kYamlSyntax, mark,
           "YAML syntax error: the alias " + quote_for_message(std::string("*") + anchor) +
               " refers to no anchor defined before it");
    }
    charge_alias(it->second.nodes, it->second.bytes, mark);
    nodes_ += it->second.nodes;
    bytes_ += it->second.bytes;
    Node copy = it->second.node;
    // The copy is used here: point at the alias; its children keep the
    // positions where the anchored node was written.
    copy.loc = node_loc(mark);
    copy.end_column = 0;
    add(std::move(copy));
  }

  void scalar(const yaml_event_t& ev) {
    const auto& s = ev.data.scalar;
    std::string value(reinterpret_cast<const char*>(s.value), s.length);
    const char* tag = reinterpret_cast<const char*>(s.tag);
    bool plain = s.style == YAML_PLAIN_SCALAR_STYLE;
    Node n;
    n.loc = node_loc(ev.start_mark);
    // One past the last column when the scalar (quotes included) sits on
    // one line; block scalars end on a later line, and an empty value has
    // no extent: both stay 0 (unknown).
    if (ev.end_mark.line == ev.start_mark.line && ev.end_mark.index > ev.start_mark.index) {
      SourceLocation end = node_loc(ev.end_mark);
      if (end.line == n.loc.line) n.end_column = end.column;
    }
    if (!tag && plain && is_null_text(value)) {
      ++nodes_;
      finish(std::move(n), s.anchor, 1, 0);
      return;
    }
    n.kind = Node::Kind::Scalar;
    if (!tag) {
      n.quoted = !plain;
    } else {
      if (std::string_view(tag) != "!" && std::string_view(tag) != kTagStr)
        unsupported_tag(ev.start_mark, tag);
      n.quoted = true;
    }
    size_t bytes = value.size();
    n.value = std::move(value);
    ++nodes_;
    bytes_ += bytes;
    finish(std::move(n), s.anchor, 1, bytes);
  }

  void open(Node::Kind kind, const yaml_event_t& ev) {
    const yaml_char_t* tag_raw =
        kind == Node::Kind::Sequence ? ev.data.sequence_start.tag : ev.data.mapping_start.tag;
    const yaml_char_t* anchor =
        kind == Node::Kind::Sequence ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
    const char* tag = reinterpret_cast<const char*>(tag_raw);
    const char* own = kind == Node::Kind::Sequence ? kTagSeq : kTagMap;
    if (tag && std::string_view(tag) != "!" && std::string_view(tag) != own)
      unsupported_tag(ev.start_mark, tag);
    const yaml_mark_t& mark = ev.start_mark;
    if (depth_ >= limits_.max_depth)
      fail(ids::kInputLimit, mark,
           "the spec nests lists and mappings more than " + std::to_string(limits_.max_depth) +
               " levels deep");
    ++nodes_;
    // Frames are reused, not pushed and popped: a closed frame's node has
    // been moved out, and its key and index are reset here.
    if (depth_ == stack_.size()) stack_.emplace_back();
    Frame& f = stack_[depth_++];
    f.node.kind = kind;
    f.node.loc = node_loc(mark);
    if (anchor)
      f.anchor = reinterpret_cast<const char*>(anchor);
    else
      f.anchor.clear();
    f.nodes_at_start = nodes_ - 1;
    f.bytes_at_start = bytes_;
    f.have_key = false;
    f.drop_value = false;
    f.index.clear();
  }

  void close() {
    Frame& f = stack_[--depth_];
    Node node = std::move(f.node);
    f.node = Node{};
    finish(std::move(node), f.anchor, nodes_ - f.nodes_at_start, bytes_ - f.bytes_at_start);
  }

  [[noreturn]] void fail(const char* id, const yaml_mark_t& mark, std::string message) {
    diags_.error(id, loc(mark), std::move(message));
    throw Abort{};
  }

  // Diagnostics name the file; nodes only when the caller wants it (see
  // ParseOptions::node_files).
  SourceLocation loc(const yaml_mark_t& m) const {
    return positions_.at_mark(file_, m.index, m.line, m.column);
  }
  SourceLocation node_loc(const yaml_mark_t& m) const {
    return positions_.at_mark(node_file_, m.index, m.line, m.column);
  }
  SourceLocation with_file(SourceLocation l) const {
    l.file = file_;
    return l;
  }
  const TextPositions& positions() const { return positions_; }

 private:
  struct Frame {
    Node node;
    std::string anchor;  // "" = none
    size_t nodes_at_start = 0;
    size_t bytes_at_start = 0;
    // Mappings: the key waiting for its value, and (large mappings only) an
    // index of the keys seen so far into node.entries.
    bool have_key = false;
    bool drop_value = false;
    Node key;
    std::unordered_map<std::string, size_t> index;
  };
  struct Anchored {
    Node node;
    size_t nodes = 0;
    size_t bytes = 0;
  };

  void unsupported_tag(const yaml_mark_t& mark, const std::string& tag) {
    diags_.error(ids::kYamlUnsupported, loc(mark),
                 "YAML tag " + quote_for_message(tag) + " is not supported here");
  }

  // Only aliases are charged: see ParseOptions.
  void charge_alias(size_t nodes, size_t bytes, const yaml_mark_t& mark) {
    alias_nodes_ += nodes;
    alias_bytes_ += bytes;
    if (alias_nodes_ > limits_.max_alias_nodes)
      fail(ids::kInputLimit, mark,
           "aliases expand to more than " + std::to_string(limits_.max_alias_nodes) + " nodes");
    if (alias_bytes_ > limits_.max_alias_bytes)
      fail(ids::kInputLimit, mark,
           "aliases expand to more than " + std::to_string(limits_.max_alias_bytes >> 20) +
               " MiB of values");
  }

  // The spec path of the collection open at `depth` (only for messages:
  // built on demand, not for every collection).
  std::string path_to(size_t depth) const {
    std::string path;
    for (size_t i = 0; i < depth && i < depth_; ++i) {
      const Frame& f = stack_[i];
      path = f.node.is_sequence() ? path_index(path, f.node.items.size())
                                  : path_key(path, f.key.value);
    }
    return path;
  }

  void finish(Node&& n, const char* anchor, size_t nodes, size_t bytes) {
    if (anchor) anchors_[anchor] = Anchored{n, nodes, bytes};
    add(std::move(n));
  }
  void finish(Node&& n, const yaml_char_t* anchor, size_t nodes, size_t bytes) {
    finish(std::move(n), reinterpret_cast<const char*>(anchor), nodes, bytes);
  }
  void finish(Node&& n, const std::string& anchor, size_t nodes, size_t bytes) {
    finish(std::move(n), anchor.empty() ? nullptr : anchor.c_str(), nodes, bytes);
  }

  // The entry whose key is `key` in the mapping being built, or nullptr.
  static const Entry* seen_key(Frame& top, const std::string& key) {
    auto& entries = top.node.entries;
    if (entries.size() < kIndexKeysFrom) {
      for (const Entry& e : entries)
        if (e.key.value == key) return &e;
      return nullptr;
    }
    if (top.index.empty())
      for (size_t i = 0; i < entries.size(); ++i) top.index.emplace(entries[i].key.value, i);
    auto it = top.index.find(key);
    return it == top.index.end() ? nullptr : &entries[it->second];
  }

  void add(Node&& n) {
    if (depth_ == 0) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_[depth_ - 1];
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      top.have_key = true;
      top.drop_value = false;
      if (!n.is_scalar()) {
        diags_.error(ids::kYamlUnsupported, with_file(n.loc),
                     n.is_null() ? "a mapping key cannot be empty or null"
                                 : "mapping keys must be plain strings, not " +
                                       std::string(describe_kind(n)));
        top.drop_value = true;
      }
      top.key = std::move(n);
      return;
    }
    top.have_key = false;
    if (top.drop_value) return;
    if (const Entry* first = seen_key(top, top.key.value)) {
      auto& d = diags_.error(ids::kDuplicateKey, with_file(top.key.loc),
                             "duplicate key " + quote_for_message(top.key.value) + " " +
                                 path_where(path_to(depth_ - 1)));
      d.range = top.key.range();
      d.range.begin.file = d.range.end.file = file_;
      d.notes.push_back("first defined at line " + std::to_string(first->key.loc.line) +
                        ", column " + std::to_string(first->key.loc.column));
      return;
    }
    // An empty value has no position of its own (libyaml puts it after the
    // colon, or at the next token): point at its key instead.
    if (n.is_null() && (n.end_column == 0 || n.loc.line != top.key.loc.line)) {
      n.loc = top.key.loc;
      n.end_column = top.key.end_column;
    }
    if (!top.index.empty()) top.index.emplace(top.key.value, top.node.entries.size());
    Entry& e = top.node.entries.emplace_back();
    e.key = std::move(top.key);
    e.value = std::move(n);
    top.key = Node{};
  }

  const std::string& file_;   // for diagnostics (made a FileName only when one is reported)
  const FileName node_file_;  // every node's, interned once: the spec's, or none (artifacts)
  TextPositions positions_;
  Diagnostics& diags_;
  const ParseOptions& limits_;
  std::vector<Frame> stack_;  // [0, depth_) are the open collections
  size_t depth_ = 0;
  std::unordered_map<std::string, Anchored> anchors_;
  std::optional<Node> root_;
  size_t nodes_ = 0;  // every node so far, aliases' copies included
  size_t bytes_ = 0;  // every scalar byte so far, aliases' copies included
  size_t alias_nodes_ = 0;
  size_t alias_bytes_ = 0;
};

// libyaml's parser and its current event, released on every path out.
class EventStream {
 public:
  explicit EventStream(const std::string& text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~EventStream() {
    release();
    yaml_parser_delete(&parser_);
  }
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  // The next event, or nullptr on a syntax error (see parser()).
  const yaml_event_t* next() {
    release();
    if (!yaml_parser_parse(&parser_, &event_)) return nullptr;
    have_event_ = true;
    return &event_;
  }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  void release() {
    if (have_event_) yaml_event_delete(&event_);
    have_event_ = false;
  }
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool have_event_ = false;
};

// The first line up to `last_line` indented with a tab, or 0: YAML forbids
// tabs in indentation, and the parser's message does not always say so.
int tab_indented_line(const std::string& text, int last_line) {
  int line = 1;
  bool at_start = true;
  for (char c : text) {
    if (line > last_line) break;
    if (c == '\n') {
      ++line;
      at_start = true;
    } else if (at_start && c == '\t') {
      return line;
    } else if (c != ' ') {
      at_start = false;
    }
  }
  return 0;
}

// libyaml's own words ("did not find expected key"), with what it was
// parsing and where that started as a note.
void report_syntax_error(const yaml_parser_t& p, const std::string& file, const std::string& text,
                         const TextPositions& positions, Diagnostics& diags) {
  if (p.error == YAML_MEMORY_ERROR) {
    diags.error(ids::kInputLimit, SourceLocation{file, 0, 0}, "the YAML parser ran out of memory");
    return;
  }
  std::string problem = p.problem ? p.problem : "the YAML parser stopped";
  SourceLocation at{file, 0, 0};
  if (p.error == YAML_READER_ERROR) {
    at = positions.at_byte(file, p.problem_offset);
  } else {
    at = positions.at_char(file, p.problem_mark.index);
  }
  Diagnostic& d = diags.error(ids::kYamlSyntax, at, "YAML syntax error: " + problem);
  if (p.context && p.error != YAML_READER_ERROR) {
    SourceLocation ctx = positions.at_char(file, p.context_mark.index);
    if (ctx.line != at.line || ctx.column != at.column)
      d.notes.push_back(std::string(p.context) + " at line " + std::to_string(ctx.line) +
                        ", column " + std::to_string(ctx.column));
  }
  if (int tab = tab_indented_line(text, at.line > 0 ? at.line : INT_MAX))
    d.help = "line " + std::to_string(tab) + " is indented with a tab; YAML indents with spaces";
}

}  // namespace

namespace {

// Parses the documents of `text` into `docs` (an empty stream gives none).
// `single`: a second document is an error.
bool parse_stream(const std::string& file, const std::string& text, Diagnostics& diags,
                  const ParseOptions& limits, bool single, std::vector<Node>& docs) {
  TreeBuilder builder(file, text, diags, limits);
  EventStream events(text);
  try {
    for (;;) {
      const yaml_event_t* ev = events.next();
      if (!ev) {
        report_syntax_error(events.parser(), file, text, builder.positions(), diags);
        return false;
      }
      switch (ev->type) {
        case YAML_STREAM_END_EVENT:
          return true;
        case YAML_DOCUMENT_START_EVENT:
          if (single && !docs.empty())
            builder.fail(ids::kYamlUnsupported, ev->start_mark,
                         "a spec is a single YAML document, but a second one starts here");
          break;
        case YAML_DOCUMENT_END_EVENT:
          docs.push_back(builder.take_root().value_or(Node{}));
          break;
        case YAML_ALIAS_EVENT:
          builder.alias(ev->start_mark, reinterpret_cast<const char*>(ev->data.alias.anchor));
          break;
        case YAML_SCALAR_EVENT:
          builder.scalar(*ev);
          break;
        case YAML_SEQUENCE_START_EVENT:
          builder.open(Node::Kind::Sequence, *ev);
          break;
        case YAML_MAPPING_START_EVENT:
          builder.open(Node::Kind::Mapping, *ev);
          break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          builder.close();
          break;
        default:  // stream start, no event
          break;
      }
    }
  } catch (const Abort&) {
    return false;
  }
}

Node empty_document(const std::string& file) {
  Node empty;
  empty.loc = SourceLocation{file, 0, 0};
  return empty;
}

}  // namespace

std::optional<Node> parse_yaml(const std::string& file, const std::string& text, Diagnostics& diags,
                               const ParseOptions& limits) {
  std::vector<Node> docs;
  if (!parse_stream(file, text, diags, limits, true, docs)) return std::nullopt;
  if (docs.empty()) return empty_document(file);
  return std::move(docs.front());
}

std::optional<std::vector<Node>> parse_yaml_documents(const std::string& file,
                                                      const std::string& text, Diagnostics& diags,
                                                      const ParseOptions& limits) {
  std::vector<Node> docs;
  if (!parse_stream(file, text, diags, limits, false, docs)) return std::nullopt;
  std::vector<Node> kept;
  for (Node& d : docs)
    if (!d.is_null()) kept.push_back(std::move(d));
  if (kept.empty()) kept.push_back(empty_document(file));
  return kept;
}

}  // namespace gen::load
