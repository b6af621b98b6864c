// Builds our positioned Node tree from a stream of parse events (collection
// start/end, scalar, alias), whoever produces them: libyaml's event parser
// (yaml_tree.cpp) or the block-style reader for gen's own artifacts
// (block_reader.h). One builder, so both give the same nodes, positions,
// duplicate-key findings and limits.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "yaml/node.h"
#include "yaml/text_positions.h"
#include "yaml/yaml_tree.h"

namespace gen::yaml {

// A position: 0-based line and column, and the index into the text. libyaml
// counts characters; the block reader counts bytes (see TreeBuilder).
struct Mark {
  size_t index = 0;
  size_t line = 0;
  size_t column = 0;
};

// Builds with an explicit stack (no recursion), counting every node,
// including the copies aliases make, against the limits. A fatal finding
// (a limit, an unusable alias) is reported and thrown as Abort.
// With ParseOptions::stream, each entry of the streamed mapping is handed
// over as soon as its value is placed and dropped; the entry's key stays
// until the mapping closes, for the duplicate-key check and paths.
class TreeBuilder {
 public:
  struct Abort {};

  // `byte_marks`: marks count bytes, not characters (they differ only in
  // non-ASCII text).
  TreeBuilder(const std::string& file, const std::string& text, Diagnostics& diags,
              const ParseOptions& limits, bool byte_marks = false);

  // The document's root once it is complete (nullopt for an empty one).
  std::optional<Node> take_root();

  // Events. `tag` and `anchor` are nullptr when the node has none.
  void alias(const Mark& mark, const char* anchor);
  // `end` is one past the scalar's last character (quotes included).
  void scalar(const Mark& start, const Mark& end, std::string_view value, bool plain,
              const char* tag, const char* anchor);
  void open(Node::Kind kind, const Mark& mark, const char* tag, const char* anchor);
  void close();

  [[noreturn]] void fail(const char* id, const Mark& mark, std::string message);
  const TextPositions& positions() const { return positions_; }

 private:
  struct Frame {
    Node node;
    std::string anchor;  // "" = none
    size_t nodes_at_start = 0;
    size_t bytes_at_start = 0;
    // Mappings: whether a key waits for its value (in the last entry, or
    // in `key` when dropped), and (large mappings only) an index of the keys
    // seen so far into node.entries.
    bool have_key = false;
    bool drop_value = false;
    bool streamed = false;  // hands its entries to limits_.stream
    // The last key dropped (not a string, or a repeat), kept for its
    // diagnostic; emptied once a key is accepted.
    Node key;
    std::unordered_map<std::string, size_t> index;
  };
  struct Anchored {
    Node node;
    size_t nodes = 0;
    size_t bytes = 0;
  };

  // Diagnostics name the file; nodes only when the caller wants it (see
  // ParseOptions::node_files).
  SourceLocation loc(const Mark& m) const { return at(file_, m); }
  SourceLocation node_loc(const Mark& m) const { return at(node_file_, m); }
  SourceLocation at(FileName file, const Mark& m) const {
    return byte_marks_ ? positions_.at_byte_mark(file, m.index, m.line, m.column)
                       : positions_.at_mark(file, m.index, m.line, m.column);
  }
  SourceLocation with_file(SourceLocation l) const {
    l.file = file_;
    return l;
  }
  void unsupported_tag(const Mark& mark, const std::string& tag);
  void charge_alias(size_t nodes, size_t bytes, const Mark& mark);
  std::string path_to(size_t depth) const;
  Node& next_slot();
  void placed(Node& n, const char* anchor, size_t nodes, size_t bytes);
  void key_placed(Frame& top);
  bool streams(Node::Kind kind, const char* anchor) const;
  void report_duplicate(Frame& top);
  static const Entry* seen_key(Frame& top, const std::string& key, size_t count);

  const std::string& file_;   // for diagnostics (made a FileName only when one is reported)
  const FileName node_file_;  // every node's, interned once: the spec's, or none (artifacts)
  TextPositions positions_;
  Diagnostics& diags_;
  const ParseOptions& limits_;
  const bool byte_marks_;
  std::vector<Frame> stack_;  // [0, depth_) are the open collections
  size_t depth_ = 0;
  std::unordered_map<std::string, Anchored> anchors_;
  std::optional<Node> root_;
  Node dropped_;      // where the value of a dropped key is built
  size_t nodes_ = 0;  // every node so far, aliases' copies included
  size_t bytes_ = 0;  // every scalar byte so far, aliases' copies included
  size_t alias_nodes_ = 0;
  size_t alias_bytes_ = 0;
  size_t documents_ = 0;  // documents taken so far that are not null (MappingStream::entry)
};

}  // namespace gen::yaml
