// "Did you mean" suggestions for unknown keys, filters, tests and variables.
#pragma once

#include <string>
#include <vector>

namespace gen {

// Levenshtein distance with insert/delete/substitute cost 1.
size_t edit_distance(const std::string& a, const std::string& b);

// The closest candidate within a distance that grows with the word's length
// (1 for short words, up to 3), or "" when nothing is close. Ties go to the
// candidate listed first, so callers pass candidates in a stable order.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace gen
