#include "check/rule_docs.h"

namespace gen::check {

// rule_docs() itself is generated from docs/rules/*.md (rule_docs_data.cpp in
// the build tree).

const std::string* rule_doc(const std::string& id) {
  const auto& docs = rule_docs();
  auto it = docs.find(id);
  return it == docs.end() ? nullptr : &it->second;
}

}  // namespace gen::check
