// The list of contract rules. A plain function over a constant table: nothing
// registers itself at start-up and nothing can change the list at run time.
#pragma once

#include <string>
#include <vector>

#include "check/rule.h"

namespace gen::check {

// Every rule, in the order `gen explain --list` prints them.
const std::vector<Rule>& rules();

// The rule with this id, or nullptr.
const Rule* find_rule(const std::string& id);

// All ids, in rules() order (candidates for "did you mean").
std::vector<std::string> rule_ids();

}  // namespace gen::check
