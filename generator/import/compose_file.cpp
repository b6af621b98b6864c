#include "import/compose_file.h"

#include <unordered_set>
#include <utility>
#include <vector>

#include "yaml/read_file.h"
#include "yaml/text_check.h"
#include "yaml/yaml_tree.h"

namespace gen::import {

namespace {

bool is_merge_key(const yaml::Entry& e) { return !e.key.quoted && e.key.value == "<<"; }

// Merges the entries of `from` (a mapping) into `into` where `seen` does not
// have the key yet: explicit keys and earlier merged mappings win.
void merge_missing(std::vector<yaml::Entry>& into, std::unordered_set<std::string>& seen,
                   std::vector<yaml::Entry>& from) {
  for (auto& e : from) {
    if (seen.insert(e.key.value).second) into.push_back(std::move(e));
  }
}

}  // namespace

bool apply_merge_keys(yaml::Node& root, Diagnostics& diags) {
  // Depth-first with an explicit stack: nesting is bounded by the parser
  // (64 levels), but a stack keeps this independent of that bound.
  struct Item {
    yaml::Node* node;
    bool children_done;
  };
  std::vector<Item> stack{{&root, false}};
  bool ok = true;
  while (!stack.empty()) {
    Item item = stack.back();
    stack.pop_back();
    yaml::Node& n = *item.node;
    if (!item.children_done) {
      stack.push_back({&n, true});
      if (n.is_sequence())
        for (auto& c : n.items) stack.push_back({&c, false});
      if (n.is_mapping())
        for (auto& e : n.entries) stack.push_back({&e.value, false});
      continue;
    }
    if (!n.is_mapping()) continue;
    bool any = false;
    for (const auto& e : n.entries) any = any || is_merge_key(e);
    if (!any) continue;
    std::vector<yaml::Entry> kept;
    std::vector<yaml::Node> sources;  // the merged mappings, in order
    std::unordered_set<std::string> seen;
    for (auto& e : n.entries) {
      if (!is_merge_key(e)) {
        seen.insert(e.key.value);
        kept.push_back(std::move(e));
        continue;
      }
      if (e.value.is_mapping()) {
        sources.push_back(std::move(e.value));
      } else if (e.value.is_sequence()) {
        for (auto& s : e.value.items) {
          if (!s.is_mapping()) {
            diags.error(ids::kInvalid, s.loc,
                        std::string("a merge key (<<) lists mappings only, got ") +
                            (s.is_sequence() ? "a list" : "a scalar"));
            ok = false;
            continue;
          }
          sources.push_back(std::move(s));
        }
      } else {
        diags.error(ids::kInvalid, e.value.loc,
                    "a merge key (<<) takes a mapping or a list of mappings (e.g. <<: *defaults)");
        ok = false;
      }
    }
    for (auto& s : sources) merge_missing(kept, seen, s.entries);
    n.entries = std::move(kept);
  }
  return ok;
}

std::optional<yaml::Node> parse_compose_text(const std::string& name, std::string text,
                                             Diagnostics& diags, SourceFiles& sources) {
  if (!yaml::check_text(name, text, diags)) {
    sources.add(name, yaml::printable_copy(text));
    return std::nullopt;
  }
  sources.add(name, text);
  Diagnostics parse;
  std::optional<yaml::Node> root = yaml::parse_yaml(name, text, parse);
  diags.append(parse);
  if (!root || parse.has_errors()) return std::nullopt;
  if (root->is_null() || (root->is_scalar() && !root->quoted && root->value.empty())) {
    yaml::Node empty;
    empty.kind = yaml::Node::Kind::Mapping;
    empty.loc = SourceLocation{name, 1, 1};
    return empty;
  }
  if (!root->is_mapping()) {
    diags.error(ids::kInvalid, root->loc, "a compose file is a mapping (services: ...)");
    return std::nullopt;
  }
  if (!apply_merge_keys(*root, diags)) return std::nullopt;
  return root;
}

std::optional<yaml::Node> read_compose_file(const std::string& path, const std::string& shown,
                                            Diagnostics& diags, SourceFiles& sources) {
  Diagnostics io;
  std::optional<std::string> text = yaml::read_spec_file(path, io);
  if (!text) {
    // read_spec_file names `path`; keep the user's spelling.
    for (auto d : io.items()) {
      d.range = SourceRange::at(SourceLocation{shown, 0, 0});
      for (size_t at = d.message.find("the spec"); at != std::string::npos;
           at = d.message.find("the spec", at))
        d.message.replace(at, 8, "the compose file");
      diags.add(std::move(d));
    }
    return std::nullopt;
  }
  return parse_compose_text(shown, std::move(*text), diags, sources);
}

}  // namespace gen::import
