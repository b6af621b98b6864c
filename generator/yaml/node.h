// The positioned YAML tree the loader builds (our own, not the parser's): every
// node carries its 1-based file/line/column, so every later diagnostic can
// point at the exact spot. Aliases are already expanded (within a budget) and
// duplicate keys already reported and dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "diagnostics/source_location.h"

namespace gen::yaml {

struct Entry;

struct Node {
  enum class Kind { Null, Scalar, Sequence, Mapping };

  Kind kind = Kind::Null;
  // A quoted, block (| >) or !!str-tagged scalar is always a string; a plain
  // one is typed by its text (see scalar.h).
  bool quoted = false;
  std::string value;           // scalar text
  SourceLocation loc;          // where the node starts (1-based)
  int end_column = 0;          // one past the scalar's last column on loc.line; 0 unknown
  std::vector<Node> items;     // Sequence
  std::vector<Entry> entries;  // Mapping, in source order, keys unique

  bool is_null() const { return kind == Kind::Null; }
  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_sequence() const { return kind == Kind::Sequence; }
  bool is_mapping() const { return kind == Kind::Mapping; }

  // The value for `key` in a mapping, or nullptr.
  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // The key node for `key` in a mapping, or nullptr.
  const Node* find_key(std::string_view key) const;
  // The node's range: a scalar's full extent when known, else its start.
  SourceRange range() const;
};

struct Entry {
  Node key;  // always a Scalar
  Node value;
};

}  // namespace gen::yaml
