// The rules the verify stage checks in rendered artifacts and the spec's
// contract rules (check/registry.h) do not: what a template override must
// not break. `gen explain ID` prints them like a rule page, so every id a
// finding names can be looked up. Ids shared with contract rules
// (non-root-user, loopback-ports, ...) have their own pages in docs/rules/.
// The table lives in the check stage, not in verify, because the waiver rule
// must know these ids too: a `waive:` naming one is refused as not waivable
// (the page says why), not as an unknown rule.
#pragma once

#include <string>
#include <vector>

namespace gen::check {

struct ArtifactRule {
  const char* id;
  const char* target;   // which outputs: "Kubernetes manifests", "Dockerfiles", ...
  const char* doc;      // where the target's page describes its checks
  bool warning;         // a warning, not an error
  const char* refuses;  // what is refused, one sentence
};

const std::vector<ArtifactRule>& artifact_rules();
// The rule `id`, or nullptr.
const ArtifactRule* find_artifact_rule(const std::string& id);
// Its page for `gen explain`, in the shape of docs/rules/*.md.
std::string artifact_rule_page(const ArtifactRule& rule);

}  // namespace gen::check
