// Line diffs for `gen check`: Myers' O(ND) algorithm in its linear-space form
// (Myers 1986, "An O(ND) Difference Algorithm and Its Variations", section
// 4b), followed by the boundary shifting GNU diff does, so the hunks read like
// `diff -u` output. Debian ships no C++ diff library that fits our dependency
// set, hence this small implementation (tests/emit/diff_test.cpp compares it
// with /usr/bin/diff).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gen::emit {

// Which lines of each side are not part of the common subsequence.
struct LineDiff {
  std::vector<bool> removed;  // one per line of `before`
  std::vector<bool> added;    // one per line of `after`
};

// A minimal edit script between two sequences of line ids (equal ids = equal
// lines), with changes shifted down and merged as GNU diff does.
LineDiff diff_ids(const std::vector<int>& before, const std::vector<int>& after);

// Splits text into lines, each keeping its '\n' (the last may lack one).
std::vector<std::string_view> split_lines(std::string_view text);

struct UnifiedDiff {
  std::string hunks;           // "@@ -a,b +c,d @@" blocks; "" when the texts are equal
  int first_changed_line = 0;  // 1-based line in `before` where the first hunk's change is
  int removed = 0;             // lines removed / added in total
  int added = 0;
};

// The unified diff of before -> after with `context` lines around each change
// (hunks whose contexts touch are merged, as `diff -U<context>` does). A last
// line without '\n' is followed by "\ No newline at end of file".
UnifiedDiff unified_diff(std::string_view before, std::string_view after, int context = 3);

}  // namespace gen::emit

namespace gen::emit {

// Cuts `hunks` (unified_diff's) to at most `max_bytes`: whole hunks while
// they fit (so that what is kept still applies with patch), else the first
// hunk at a line end. Returns how many lines were cut off (0: untouched).
size_t truncate_hunks(std::string& hunks, size_t max_bytes);

}  // namespace gen::emit
