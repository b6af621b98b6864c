#include "verify/yaml_doc.h"

#include "yaml/yaml_tree.h"
#include "verify/artifact.h"

namespace gen::verify {

std::optional<std::vector<yaml::Node>> parse_yaml_artifact(const std::string& path,
                                                           const OutputFile& file,
                                                           Diagnostics& diags,
                                                           yaml::MappingStream* stream) {
  Diagnostics found;
  yaml::ParseOptions options;
  options.node_files = false;  // verifiers report with `path` themselves
  options.stream = stream;
  std::string buffer;
  auto docs = yaml::parse_yaml_documents(path, text_of(file, buffer), found, options);
  for (auto d : found.items()) {
    d.notes.push_back(template_note(file));
    diags.add(std::move(d));
  }
  return docs;
}

std::string scalar(const yaml::Node* node) {
  return node && node->is_scalar() ? node->value : std::string();
}

bool is_true(const yaml::Node* node) {
  if (!node || !node->is_scalar()) return false;
  const std::string& v = node->value;
  if (node->quoted) return false;  // "true" in quotes is a string
  return v == "true" || v == "True" || v == "TRUE";
}

}  // namespace gen::verify
