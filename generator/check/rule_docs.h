// The pages of docs/rules/<id>.md, compiled into the binary (cmake/RulesDocs.cmake
// generates their definition at build time), so `gen explain` needs no files
// at run time and the pages are the only copy of each rule's description.
#pragma once

#include <map>
#include <string>

namespace gen::check {

// Rule id -> the page's Markdown text, byte for byte (README.md excluded).
const std::map<std::string, std::string>& rule_docs();

// The page of rule `id`, or nullptr.
const std::string* rule_doc(const std::string& id);

}  // namespace gen::check
