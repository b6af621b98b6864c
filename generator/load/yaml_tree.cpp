#include "load/yaml_tree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <climits>
#include <map>
#include <sstream>

#include "load/load_ids.h"
#include "load/path.h"
#include "load/scalar.h"

namespace gen::load {
namespace {

constexpr const char* kTagStr = "tag:yaml.org,2002:str";
constexpr const char* kTagSeq = "tag:yaml.org,2002:seq";
constexpr const char* kTagMap = "tag:yaml.org,2002:map";

// Thrown out of the event handler to stop parsing after a fatal diagnostic.
struct Abort {};

// Builds the tree from yaml-cpp events with an explicit stack (no recursion),
// counting every node, including the copies aliases make, against the limits.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, const std::string& text, Diagnostics& diags,
              const ParseLimits& limits)
      : file_(file), text_(text), diags_(diags), limits_(limits) {}

  std::optional<Node> take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.loc = loc(mark);
    charge(1, 0, mark);
    finish(std::move(n), anchor, 1, 0);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      fail(ids::kYamlUnsupported, mark, "an alias cannot refer to a node that contains it");
    charge(it->second.nodes, it->second.bytes, mark);
    Node copy = it->second.node;
    // The copy is used here: point at the alias; its children keep the
    // positions where the anchored node was written.
    copy.loc = loc(mark);
    copy.end_column = 0;
    add(std::move(copy));
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.kind = Node::Kind::Scalar;
    n.loc = loc(mark);
    n.value = value;
    if (tag == "?") {
      n.quoted = false;
    } else if (tag == "!" || tag == kTagStr) {
      n.quoted = true;
    } else {
      unsupported_tag(mark, tag);
      n.quoted = true;
    }
    n.end_column = end_column(mark, n);
    charge(1, value.size(), mark);
    finish(std::move(n), anchor, 1, value.size());
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    if (tag != "?" && tag != "!" && tag != kTagSeq) unsupported_tag(mark, tag);
    open(Node::Kind::Sequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    if (tag != "?" && tag != "!" && tag != kTagMap) unsupported_tag(mark, tag);
    open(Node::Kind::Mapping, mark, anchor);
  }
  void OnMapEnd() override { close(); }

  [[noreturn]] void fail(const char* id, const YAML::Mark& mark, std::string message) {
    diags_.error(id, loc(mark), std::move(message));
    throw Abort{};
  }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::string path;
    size_t nodes_at_start = 0;
    size_t bytes_at_start = 0;
    // Mappings: the key waiting for its value, and the keys seen so far.
    bool have_key = false;
    bool drop_value = false;
    Node key;
    std::map<std::string, SourceLocation> seen;
  };
  struct Anchored {
    Node node;
    size_t nodes = 0;
    size_t bytes = 0;
  };

  SourceLocation loc(const YAML::Mark& m) const {
    if (m.is_null() || m.line < 0) return SourceLocation{file_, 0, 0};
    return SourceLocation{file_, m.line + 1, m.column + 1};
  }

  // One past the scalar's last column when it sits on one line of the source.
  int end_column(const YAML::Mark& mark, const Node& n) const {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return 0;
    size_t pos = static_cast<size_t>(mark.pos);
    char c = text_[pos];
    size_t len = 0;
    if (!n.quoted) {
      if (n.value.find('\n') == std::string::npos &&
          text_.compare(pos, n.value.size(), n.value) == 0)
        len = n.value.size();
    } else if (c == '"' || c == '\'') {
      for (size_t j = pos + 1; j < text_.size() && text_[j] != '\n'; ++j) {
        if (c == '"' && text_[j] == '\\') {
          ++j;
          continue;
        }
        if (text_[j] == c) {
          if (c == '\'' && j + 1 < text_.size() && text_[j + 1] == '\'') {
            ++j;
            continue;
          }
          len = j + 1 - pos;
          break;
        }
      }
    }
    return len > 0 ? n.loc.column + static_cast<int>(len) : 0;
  }

  void unsupported_tag(const YAML::Mark& mark, const std::string& tag) {
    diags_.error(ids::kYamlUnsupported, loc(mark),
                 "YAML tag " + quote_for_message(tag) + " is not supported here");
  }

  void charge(size_t nodes, size_t bytes, const YAML::Mark& mark) {
    nodes_ += nodes;
    bytes_ += bytes;
    if (nodes_ > limits_.max_nodes)
      fail(ids::kInputLimit, mark,
           "the spec has more than " + std::to_string(limits_.max_nodes) +
               " nodes once aliases are expanded");
    if (bytes_ > limits_.max_scalar_bytes)
      fail(ids::kInputLimit, mark,
           "the spec's values exceed " + std::to_string(limits_.max_scalar_bytes >> 20) +
               " MiB once aliases are expanded");
  }

  std::string child_path() const {
    if (stack_.empty()) return "";
    const Frame& top = stack_.back();
    if (top.node.is_sequence()) return path_index(top.path, top.node.items.size());
    if (top.have_key) return path_key(top.path, top.key.value);
    return top.path;
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (stack_.size() >= limits_.max_depth)
      fail(ids::kInputLimit, mark,
           "the spec nests lists and mappings more than " + std::to_string(limits_.max_depth) +
               " levels deep");
    charge(1, 0, mark);
    Frame f;
    f.path = child_path();
    f.node.kind = kind;
    f.node.loc = loc(mark);
    f.anchor = anchor;
    f.nodes_at_start = nodes_ - 1;
    f.bytes_at_start = bytes_;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.have_key) {  // a key without value cannot come from yaml-cpp; be safe
      f.have_key = false;
    }
    finish(std::move(f.node), f.anchor, nodes_ - f.nodes_at_start, bytes_ - f.bytes_at_start);
  }

  void finish(Node n, YAML::anchor_t anchor, size_t nodes, size_t bytes) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, nodes, bytes};
    add(std::move(n));
  }

  void add(Node n) {
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      top.have_key = true;
      top.drop_value = false;
      if (!n.is_scalar()) {
        diags_.error(ids::kYamlUnsupported, n.loc,
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
    auto seen = top.seen.find(top.key.value);
    if (seen != top.seen.end()) {
      auto& d = diags_.error(
          ids::kDuplicateKey, top.key.loc,
          "duplicate key " + quote_for_message(top.key.value) + " " + path_where(top.path));
      d.range = top.key.range();
      d.notes.push_back("first defined at line " + std::to_string(seen->second.line) + ", column " +
                        std::to_string(seen->second.column));
      return;
    }
    top.seen.emplace(top.key.value, top.key.loc);
    // An empty value's mark is the next token, often on a later line: point
    // at its key instead.
    if (n.is_null() && n.loc.line != top.key.loc.line) {
      n.loc = top.key.loc;
      n.end_column = top.key.end_column;
    }
    top.node.entries.push_back(Entry{std::move(top.key), std::move(n)});
    top.key = Node{};
  }

  const std::string& file_;
  const std::string& text_;
  Diagnostics& diags_;
  const ParseLimits& limits_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  std::optional<Node> root_;
  size_t nodes_ = 0;
  size_t bytes_ = 0;
};

// Sees only whether a second document starts.
class SecondDocument : public YAML::EventHandler {
 public:
  explicit SecondDocument(TreeBuilder& b) : builder_(b) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    builder_.fail(ids::kYamlUnsupported, mark,
                  "a spec is a single YAML document, but a second one starts here");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  TreeBuilder& builder_;
};

// yaml-cpp's messages are short and lower-case ("end of map not found"); keep
// them, minus anything unprintable.
std::string syntax_message(const std::string& msg) {
  std::string clean;
  for (unsigned char c : msg) clean += (c < 0x20 || c >= 0x7f) ? '?' : static_cast<char>(c);
  return "YAML syntax error: " + clean;
}

// The first line up to `last_line` indented with a tab, or 0: YAML forbids
// tabs in indentation, and yaml-cpp's message does not say so.
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

}  // namespace

std::optional<Node> parse_yaml(const std::string& file, const std::string& text, Diagnostics& diags,
                               const ParseLimits& limits) {
  std::istringstream in(text);
  TreeBuilder builder(file, text, diags, limits);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder)) {
      Node empty;
      empty.loc = SourceLocation{file, 0, 0};
      return empty;
    }
    SecondDocument second(builder);
    parser.HandleNextDocument(second);
  } catch (const Abort&) {
    return std::nullopt;
  } catch (const YAML::DeepRecursion&) {
    diags.error(ids::kInputLimit, SourceLocation{file, 0, 0},
                "the spec nests lists and mappings too deeply");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    SourceLocation at{file, 0, 0};
    if (!e.mark.is_null() && e.mark.line >= 0)
      at = SourceLocation{file, e.mark.line + 1, e.mark.column + 1};
    Diagnostic& d = diags.error(ids::kYamlSyntax, at, syntax_message(e.msg));
    if (int tab = tab_indented_line(text, at.line > 0 ? at.line : INT_MAX))
      d.help = "line " + std::to_string(tab) + " is indented with a tab; YAML indents with spaces";
    return std::nullopt;
  }
  auto root = builder.take_root();
  if (!root) {
    Node empty;
    empty.loc = SourceLocation{file, 0, 0};
    return empty;
  }
  return root;
}

}  // namespace gen::load
