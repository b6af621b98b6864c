#include "verify/yaml_doc.h"

#include "load/yaml_tree.h"
#include "verify/artifact.h"

namespace gen::verify {

namespace {

// Line numbers where a new document starts ("---" alone on a line).
std::vector<std::pair<int, std::string>> split_documents(const std::string& text) {
  std::vector<std::pair<int, std::string>> docs{{0, ""}};
  size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    size_t stop = end == std::string::npos ? text.size() : end + 1;
    std::string l = text.substr(start, stop - start);
    std::string bare = l;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r' || bare.back() == ' '))
      bare.pop_back();
    if (bare == "---") {
      docs.push_back({line + 1, ""});
    } else {
      docs.back().second += l;
    }
    ++line;
    start = stop;
  }
  return docs;
}

// True when `text` holds nothing but blank and comment lines.
bool only_comments(const std::string& text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    size_t first = text.find_first_not_of(" \t\r", start);
    if (first < end && text[first] != '#') return false;
    start = end + 1;
  }
  return true;
}

void shift(load::Node& n, const std::string& path, int lines) {
  n.loc.file = path;
  if (n.loc.line > 0) n.loc.line += lines;
  for (auto& item : n.items) shift(item, path, lines);
  for (auto& e : n.entries) {
    shift(e.key, path, lines);
    shift(e.value, path, lines);
  }
}

}  // namespace

std::optional<std::vector<load::Node>> parse_yaml_artifact(const std::string& path,
                                                           const render::OutputFile& file,
                                                           Diagnostics& diags) {
  std::vector<load::Node> out;
  bool ok = true;
  auto docs = split_documents(file.content);
  size_t kept = 0;
  for (auto& [first_line, text] : docs) {
    bool blank = only_comments(text);
    // "---" at the start or the end separates nothing (a file that is all
    // blank still gives its one empty document).
    if (blank && (kept > 0 || &text != &docs.back().second)) continue;
    ++kept;
    Diagnostics found;
    auto node = load::parse_yaml(path, text, found);
    for (auto d : found.items()) {
      if (d.range.begin.line > 0) d.range.begin.line += first_line;
      if (d.range.end.line > 0) d.range.end.line += first_line;
      d.notes.push_back(template_note(file));
      diags.add(std::move(d));
    }
    if (!node) {
      ok = false;
      continue;
    }
    shift(*node, path, first_line);
    out.push_back(std::move(*node));
  }
  if (!ok) return std::nullopt;
  return out;
}

std::string scalar(const load::Node* node) {
  return node && node->is_scalar() ? node->value : std::string();
}

bool is_true(const load::Node* node) {
  if (!node || !node->is_scalar()) return false;
  const std::string& v = node->value;
  if (node->quoted) return false;  // "true" in quotes is a string
  return v == "true" || v == "True" || v == "TRUE";
}

}  // namespace gen::verify
