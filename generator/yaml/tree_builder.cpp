#include "yaml/tree_builder.h"

#include "yaml/ids.h"
#include "yaml/path.h"
#include "yaml/scalar.h"

namespace gen::yaml {

namespace {

constexpr std::string_view kTagStr = "tag:yaml.org,2002:str";
constexpr std::string_view kTagSeq = "tag:yaml.org,2002:seq";
constexpr std::string_view kTagMap = "tag:yaml.org,2002:map";

// A mapping's keys are checked for duplicates by a linear scan while the
// mapping is small (almost every mapping in a spec or an artifact), and by a
// hash index once it grows, so a 10,000-key mapping stays linear.
constexpr size_t kIndexKeysFrom = 16;

// Room for a mapping's first entries, made at its first key: most mappings
// in artifacts hold 1 to 5, and growing one entry at a time moves them all
// at every step (an entry is two nodes).
constexpr size_t kFirstEntries = 4;

}  // namespace

TreeBuilder::TreeBuilder(const std::string& file, const std::string& text, Diagnostics& diags,
                         const ParseOptions& limits, bool byte_marks)
    : file_(file),
      node_file_(limits.node_files ? FileName(file) : FileName()),
      positions_(text),
      diags_(diags),
      limits_(limits),
      byte_marks_(byte_marks) {}

std::optional<Node> TreeBuilder::take_root() {
  std::optional<Node> root = std::move(root_);
  root_.reset();
  if (root && !root->is_null()) ++documents_;
  return root;
}

void TreeBuilder::alias(const Mark& mark, const char* anchor) {
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
  Node& copy = next_slot();
  copy = it->second.node;
  // The copy is used here: point at the alias; its children keep the
  // positions where the anchored node was written.
  copy.loc = node_loc(mark);
  copy.end_column = 0;
  placed(copy, nullptr, 0, 0);
}

void TreeBuilder::scalar(const Mark& start, const Mark& end, std::string_view value, bool plain,
                         const char* tag, const char* anchor) {
  bool null = !tag && plain && is_null_text(value);
  if (tag && std::string_view(tag) != "!" && tag != kTagStr) unsupported_tag(start, tag);
  Node& n = next_slot();
  n.loc = node_loc(start);
  // One past the last column when the scalar (quotes included) sits on
  // one line; block scalars end on a later line, and an empty value has
  // no extent: both stay 0 (unknown).
  if (end.line == start.line && end.index > start.index) {
    SourceLocation last = node_loc(end);
    if (last.line == n.loc.line) n.end_column = last.column;
  }
  ++nodes_;
  if (null) {
    placed(n, anchor, 1, 0);
    return;
  }
  n.kind = Node::Kind::Scalar;
  n.quoted = tag || !plain;
  n.value.assign(value.data(), value.size());
  bytes_ += value.size();
  placed(n, anchor, 1, value.size());
}

void TreeBuilder::open(Node::Kind kind, const Mark& mark, const char* tag, const char* anchor) {
  std::string_view own = kind == Node::Kind::Sequence ? kTagSeq : kTagMap;
  if (tag && std::string_view(tag) != "!" && tag != own) unsupported_tag(mark, tag);
  if (depth_ >= limits_.max_depth)
    fail(ids::kInputLimit, mark,
         "the spec nests lists and mappings more than " + std::to_string(limits_.max_depth) +
             " levels deep");
  ++nodes_;
  const bool streamed = streams(kind, anchor);
  // Frames are reused, not pushed and popped: a closed frame's node has
  // been moved out, and its key and index are reset here.
  if (depth_ == stack_.size()) stack_.emplace_back();
  Frame& f = stack_[depth_++];
  f.streamed = streamed;
  f.node.kind = kind;
  f.node.loc = node_loc(mark);
  if (anchor)
    f.anchor = anchor;
  else
    f.anchor.clear();
  f.nodes_at_start = nodes_ - 1;
  f.bytes_at_start = bytes_;
  f.have_key = false;
  f.drop_value = false;
  f.index.clear();
}

void TreeBuilder::close() {
  Frame& f = stack_[--depth_];
  Node& node = next_slot();
  node = std::move(f.node);
  f.node = Node{};
  // The room made for a mapping's first entries (kFirstEntries) is given
  // back when it holds fewer: an entry is two nodes, and an artifact's many
  // small mappings (a probe's, a limit's) would otherwise hold a third of a
  // large tree's memory as slack (bench/README.md).
  if (node.entries.size() < node.entries.capacity() && node.entries.capacity() <= kFirstEntries)
    node.entries.shrink_to_fit();
  // A streamed mapping's entries were handed over: only their keys are
  // left, kept until now for the duplicate check.
  if (f.streamed) std::vector<Entry>().swap(node.entries);
  placed(node, f.anchor.empty() ? nullptr : f.anchor.c_str(), nodes_ - f.nodes_at_start,
         bytes_ - f.bytes_at_start);
}

void TreeBuilder::fail(const char* id, const Mark& mark, std::string message) {
  diags_.error(id, loc(mark), std::move(message));
  throw Abort{};
}

void TreeBuilder::unsupported_tag(const Mark& mark, const std::string& tag) {
  diags_.error(ids::kYamlUnsupported, loc(mark),
               "YAML tag " + quote_for_message(tag) + " is not supported here");
}

// Only aliases are charged: see ParseOptions.
void TreeBuilder::charge_alias(size_t nodes, size_t bytes, const Mark& mark) {
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

// The spec path of the collection open at `depth` (only for messages: built
// on demand, not for every collection).
std::string TreeBuilder::path_to(size_t depth) const {
  std::string path;
  for (size_t i = 0; i < depth && i < depth_; ++i) {
    const Frame& f = stack_[i];
    if (f.node.is_sequence()) {
      path = path_index(path, f.node.items.size());
      continue;
    }
    // A mapping reading a complex key has no key waiting: it names the last
    // key it dropped, if none was accepted since.
    bool accepted = f.have_key && !f.drop_value;
    path = path_key(path, accepted ? f.node.entries.back().key.value : f.key.value);
  }
  return path;
}

// Where the next node is built, in place (a node is big, and moving it
// costs): the root, a sequence's next item, a mapping's next key (in a new
// entry, taken out again if it is dropped) or the value of its waiting key.
// placed() files it once it is complete.
Node& TreeBuilder::next_slot() {
  if (depth_ == 0) return root_.emplace();
  Frame& top = stack_[depth_ - 1];
  if (top.node.is_sequence()) return top.node.items.emplace_back();
  if (!top.have_key) {
    auto& entries = top.node.entries;
    if (entries.capacity() == 0) entries.reserve(kFirstEntries);
    return entries.emplace_back().key;
  }
  if (!top.drop_value) return top.node.entries.back().value;
  dropped_ = Node{};
  return dropped_;
}

void TreeBuilder::placed(Node& n, const char* anchor, size_t nodes, size_t bytes) {
  if (anchor) anchors_[anchor] = Anchored{n, nodes, bytes};
  if (depth_ == 0) return;
  Frame& top = stack_[depth_ - 1];
  if (top.node.is_sequence()) return;
  if (!top.have_key) {
    key_placed(top);
    return;
  }
  top.have_key = false;
  if (top.drop_value) {
    if (top.key.is_scalar()) report_duplicate(top);
    return;
  }
  // An empty value has no position of its own (libyaml puts it after the
  // colon, or at the next token): point at its key instead.
  const Node& key = top.node.entries.back().key;
  if (n.is_null() && (n.end_column == 0 || n.loc.line != key.loc.line)) {
    n.loc = key.loc;
    n.end_column = key.end_column;
  }
  if (top.streamed) {
    limits_.stream->entry(documents_, top.node.entries.back());
    n = Node{};
  }
}

// Whether the collection opening now is the mapping to stream: the value of
// the root mapping's key limits_.stream->key(), kept (not a repeat), and
// without an anchor (an alias may copy it whole later).
bool TreeBuilder::streams(Node::Kind kind, const char* anchor) const {
  if (!limits_.stream || depth_ != 1 || kind != Node::Kind::Mapping || anchor) return false;
  const Frame& root = stack_[0];
  return root.node.is_mapping() && root.have_key && !root.drop_value &&
         root.node.entries.back().key.value == limits_.stream->key();
}

// A key just placed in the mapping's last entry: kept, or moved to top.key
// (its value then built and dropped) when it is not a string or repeats one.
void TreeBuilder::key_placed(Frame& top) {
  auto& entries = top.node.entries;
  Node& key = entries.back().key;
  top.have_key = true;
  if (key.is_scalar() && !seen_key(top, key.value, entries.size() - 1)) {
    top.drop_value = false;
    if (!top.index.empty()) top.index.emplace(key.value, entries.size() - 1);
    top.key.value.clear();
    return;
  }
  if (!key.is_scalar())
    diags_.error(ids::kYamlUnsupported, with_file(key.loc),
                 key.is_null() ? "a mapping key cannot be empty or null"
                               : "mapping keys must be plain strings, not " +
                                     std::string(describe_kind(key)));
  top.drop_value = true;
  top.key = std::move(key);
  entries.pop_back();
}

// A repeated key, reported once its value has been read (findings inside
// the value come first) with where it was first defined.
void TreeBuilder::report_duplicate(Frame& top) {
  const Entry* first = seen_key(top, top.key.value, top.node.entries.size());
  auto& d = diags_.error(
      ids::kDuplicateKey, with_file(top.key.loc),
      "duplicate key " + quote_for_message(top.key.value) + " " + path_where(path_to(depth_ - 1)));
  d.range = top.key.range();
  d.range.begin.file = d.range.end.file = file_;
  d.notes.push_back({"first defined here", with_file(first->key.loc)});
}

// The entry among the mapping's first `count` whose key is `key`, or nullptr.
const Entry* TreeBuilder::seen_key(Frame& top, const std::string& key, size_t count) {
  auto& entries = top.node.entries;
  if (count < kIndexKeysFrom) {
    for (size_t i = 0; i < count; ++i)
      if (entries[i].key.value == key) return &entries[i];
    return nullptr;
  }
  if (top.index.empty())
    for (size_t i = 0; i < count; ++i) top.index.emplace(entries[i].key.value, i);
  auto it = top.index.find(key);
  return it == top.index.end() ? nullptr : &entries[it->second];
}

}  // namespace gen::yaml
