// Constructs a target cannot express (docs/rules/target-gap.md): one table
// of {construct, target, what happens there instead}. Rule target-gap warns
// at each use in the spec, and CONTRACT.md's "Target differences" lists the
// ones the project uses. A construct a target cannot express at all and
// whose absence would break the application is an error instead (rule
// target-support).
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace gen::model {

struct TargetGap {
  const char* construct;  // the module key in the spec: "ulimits"
  const char* target;     // the target that leaves it out: "Kubernetes"
  const char* instead;    // what happens there instead, one sentence
  bool (*used_by)(const Module&);
};

// Every gap, in a fixed order. To add one: an entry here and its place in
// the spec (check/rules_target_gap.cpp, kSites).
const std::vector<TargetGap>& target_gaps();

// The gaps the module runs into, in table order.
std::vector<const TargetGap*> gaps_of(const Module& module);

}  // namespace gen::model
