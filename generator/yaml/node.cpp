#include "yaml/node.h"

namespace gen::yaml {

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key.value == key) return &e.value;
  return nullptr;
}

Node* Node::find(std::string_view key) {
  return const_cast<Node*>(static_cast<const Node&>(*this).find(key));
}

const Node* Node::find_key(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key.value == key) return &e.key;
  return nullptr;
}

SourceRange Node::range() const {
  SourceRange r = SourceRange::at(loc);
  if (end_column > loc.column) r.end.column = end_column;
  return r;
}

}  // namespace gen::yaml
