#include "emit/diff.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace gen::emit {

namespace {

// Compares line ids a[a0, a1) with b[b0, b1), marking removed/added lines:
// strip equal ends, find a point on an optimal path where a forward and a
// backward search meet (Myers' "middle snake"), recurse on both halves.
class MyersDiff {
 public:
  MyersDiff(const std::vector<int>& a, const std::vector<int>& b, LineDiff& out)
      : a_(a), b_(b), out_(out) {
    // Beyond this many steps a search settles for a good split instead of the
    // optimal one, so a file that changed completely costs O(N * limit) rather
    // than O(N^2). Real drift is orders of magnitude below it.
    double size = static_cast<double>(a.size() + b.size());
    too_expensive_ = std::max(4096, static_cast<int>(4 * std::sqrt(size)));
    // Diagonals k = x - y range over [-m - 1, n + 1] (one sentinel each side).
    offset_ = static_cast<int>(b.size()) + 1;
    forward_.assign(a.size() + b.size() + 3, -1);
    backward_.assign(a.size() + b.size() + 3, -1);
  }

  void compare(int a0, int a1, int b0, int b1) {
    while (a0 < a1 && b0 < b1 && a_[a0] == b_[b0]) ++a0, ++b0;
    while (a0 < a1 && b0 < b1 && a_[a1 - 1] == b_[b1 - 1]) --a1, --b1;
    int x = 0, y = 0;
    if (a0 == a1 || b0 == b1 || !meeting_point(a0, a1, b0, b1, x, y)) {
      // One side is empty, or no split strictly inside was found (then every
      // line of the middle is replaced: valid, if not minimal).
      for (int i = a0; i < a1; ++i) out_.removed[i] = true;
      for (int j = b0; j < b1; ++j) out_.added[j] = true;
      return;
    }
    compare(a0, x, b0, y);
    compare(x, a1, y, b1);
  }

 private:
  // Searches forward from (a0, b0) and backward from (a1, b1) one edit at a
  // time. fd[k] is the largest x a forward path reached on diagonal k = x - y,
  // bd[k] the smallest x a backward path reached; each search covers the
  // diagonals [min, max], grown by one per step on each side until it meets
  // the edge of the grid, with a sentinel just outside so that the moves at
  // the edges come from inside. The first diagonal where the paths overlap
  // holds a point of an optimal path: (x, y), in absolute coordinates,
  // strictly between the corners. Diagonals are scanned from high to low and
  // the forward search goes first, as GNU diff does, so that among equally
  // short scripts we pick the one `diff` prints.
  bool meeting_point(int a0, int a1, int b0, int b1, int& out_x, int& out_y) {
    const int d_min = a0 - b1, d_max = a1 - b0;  // diagonals of the grid
    const int f_mid = a0 - b0, b_mid = a1 - b1;
    const bool odd = ((f_mid - b_mid) & 1) != 0;
    int* fd = forward_.data() + offset_;
    int* bd = backward_.data() + offset_;
    const int kInf = std::numeric_limits<int>::max();
    fd[f_mid] = a0;
    bd[b_mid] = a1;
    int f_lo = f_mid, f_hi = f_mid, b_lo = b_mid, b_hi = b_mid;
    auto inside = [&](int x, int y) {
      return x >= a0 && x <= a1 && y >= b0 && y <= b1 && !(x == a0 && y == b0) &&
             !(x == a1 && y == b1);
    };
    for (int cost = 1;; ++cost) {
      if (f_lo > d_min)
        fd[--f_lo - 1] = -1;
      else
        ++f_lo;
      if (f_hi < d_max)
        fd[++f_hi + 1] = -1;
      else
        --f_hi;
      for (int k = f_hi; k >= f_lo; k -= 2) {
        int x = fd[k - 1] < fd[k + 1] ? fd[k + 1] : fd[k - 1] + 1;
        int y = x - k;
        while (x < a1 && y < b1 && a_[x] == b_[y]) ++x, ++y;
        fd[k] = x;
        if (odd && b_lo <= k && k <= b_hi && bd[k] <= x) {
          out_x = x, out_y = y;
          return inside(x, y);
        }
      }
      if (b_lo > d_min)
        bd[--b_lo - 1] = kInf;
      else
        ++b_lo;
      if (b_hi < d_max)
        bd[++b_hi + 1] = kInf;
      else
        --b_hi;
      for (int k = b_hi; k >= b_lo; k -= 2) {
        int x = bd[k - 1] < bd[k + 1] ? bd[k - 1] : bd[k + 1] - 1;
        int y = x - k;
        while (x > a0 && y > b0 && a_[x - 1] == b_[y - 1]) --x, --y;
        bd[k] = x;
        if (!odd && f_lo <= k && k <= f_hi && x <= fd[k]) {
          out_x = x, out_y = y;
          return inside(x, y);
        }
      }
      if (cost >= too_expensive_) {
        // Settle for the forward point that progressed furthest.
        int best = -1;
        for (int k = f_hi; k >= f_lo; k -= 2) {
          int x = std::min(fd[k], a1), y = x - k;
          if (y > b1) x = b1 + k, y = b1;
          if (inside(x, y) && x + y > best) best = x + y, out_x = x, out_y = y;
        }
        return best >= 0;
      }
    }
  }

  const std::vector<int>& a_;
  const std::vector<int>& b_;
  LineDiff& out_;
  // Shared by every level of the recursion (a level is done with them
  // before it recurses), indexed by diagonal + offset_.
  std::vector<int> forward_, backward_;
  int offset_ = 0;
  int too_expensive_ = 4096;
};

// Among equally short scripts, moves each run of changed lines down as far as
// equal lines allow, merging it with neighbouring runs, then back up to the
// last place where it sits against a change in the other file (so a deletion
// and an insertion of the same spot show as one block). This is the choice
// GNU diff makes, which readers of `diff -u` output are used to.
// Runs move only within [low, high): GNU diff sets aside the equal ends of the
// files but a few lines ("horizon", the context size) before it shifts.
template <typename Equal>
void shift_runs(std::vector<bool>& changed, const std::vector<bool>& other, Equal equal, int low,
                int high) {
  const int n = high;
  // Cut point c (c unchanged lines of this side before it) has changes of the
  // other side iff lines exist between the other side's c-th and (c+1)-th
  // unchanged lines.
  std::vector<int> other_unchanged;
  for (int j = 0; j < static_cast<int>(other.size()); ++j)
    if (!other[j]) other_unchanged.push_back(j);
  const int pairs = static_cast<int>(other_unchanged.size());
  const int other_size = static_cast<int>(other.size());
  auto other_changes_at = [&](int c) {
    int low = c > 0 ? other_unchanged[c - 1] + 1 : 0;
    int high = c < pairs ? other_unchanged[c] : other_size;
    return high > low;
  };

  int i = 0, c = 0;
  while (true) {
    while (i < n && !changed[i]) ++i, ++c;
    if (i == n) break;
    int start = i;
    while (i < n && changed[i]) ++i;
    int corresponding = n;
    int length;
    do {
      length = i - start;
      while (start > low && equal(start - 1, i - 1)) {
        changed[--start] = true;
        changed[--i] = false;
        --c;
        while (start > low && changed[start - 1]) --start;
      }
      corresponding = other_changes_at(c) ? i : n;
      while (i < n && equal(start, i)) {
        changed[start++] = false;
        changed[i++] = true;
        ++c;
        while (i < n && changed[i]) ++i;
        if (other_changes_at(c)) corresponding = i;
      }
    } while (length != i - start);
    while (corresponding < i) {
      changed[--start] = true;
      changed[--i] = false;
      --c;
    }
  }
}

// A minimal script for a -> b. A line whose id does not occur on the other
// side is certainly changed: it is marked at once and left out of the search
// (faster, and the same first step GNU diff takes, so ties are broken alike).
LineDiff compare_ids(const std::vector<int>& a, const std::vector<int>& b) {
  LineDiff out;
  out.removed.assign(a.size(), false);
  out.added.assign(b.size(), false);
  std::unordered_map<int, std::pair<int, int>> counts;  // id -> occurrences in a, in b
  for (int id : a) ++counts[id].first;
  for (int id : b) ++counts[id].second;
  std::vector<int> ka, kb, ia, ib;  // kept ids and their original indices
  for (size_t i = 0; i < a.size(); ++i) {
    if (counts[a[i]].second == 0) {
      out.removed[i] = true;
    } else {
      ka.push_back(a[i]);
      ia.push_back(static_cast<int>(i));
    }
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (counts[b[j]].first == 0) {
      out.added[j] = true;
    } else {
      kb.push_back(b[j]);
      ib.push_back(static_cast<int>(j));
    }
  }
  LineDiff kept;
  kept.removed.assign(ka.size(), false);
  kept.added.assign(kb.size(), false);
  MyersDiff(ka, kb, kept).compare(0, static_cast<int>(ka.size()), 0, static_cast<int>(kb.size()));
  for (size_t i = 0; i < ka.size(); ++i)
    if (kept.removed[i]) out.removed[ia[i]] = true;
  for (size_t j = 0; j < kb.size(); ++j)
    if (kept.added[j]) out.added[ib[j]] = true;
  return out;
}

void shift_both(LineDiff& diff, const std::vector<int>& a, const std::vector<int>& b) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  shift_runs(
      diff.removed, diff.added, [&](int x, int y) { return a[x] == a[y]; }, 0, n);
  shift_runs(
      diff.added, diff.removed, [&](int x, int y) { return b[x] == b[y]; }, 0, m);
}

}  // namespace

LineDiff diff_ids(const std::vector<int>& before, const std::vector<int>& after) {
  LineDiff out = compare_ids(before, after);
  shift_both(out, before, after);
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

namespace {

struct Change {
  int a, a_count;  // removed lines of before: [a, a + a_count)
  int b, b_count;  // added lines of after
};

void append_line(std::string& out, char tag, std::string_view line) {
  out += tag;
  out.append(line.data(), line.size());
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range_text(int start, int count) {
  // diff -u shows an empty range as the line before it, with ",0".
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

}  // namespace

UnifiedDiff unified_diff(std::string_view before, std::string_view after, int context) {
  UnifiedDiff result;
  if (before == after) return result;
  auto a = split_lines(before);
  auto b = split_lines(after);
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());

  // Equal ends are common (drift is usually small): only the middle gets ids.
  int prefix = 0;
  while (prefix < n && prefix < m && a[prefix] == b[prefix]) ++prefix;
  int suffix = 0;
  while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix])
    ++suffix;
  std::unordered_map<std::string_view, int> ids;
  auto id_of = [&](std::string_view line) {
    return ids.emplace(line, static_cast<int>(ids.size())).first->second;
  };
  std::vector<int> mid_a, mid_b;
  for (int i = prefix; i < n - suffix; ++i) mid_a.push_back(id_of(a[i]));
  for (int j = prefix; j < m - suffix; ++j) mid_b.push_back(id_of(b[j]));
  LineDiff mid = compare_ids(mid_a, mid_b);
  LineDiff diff;
  diff.removed.assign(n, false);
  diff.added.assign(m, false);
  std::copy(mid.removed.begin(), mid.removed.end(), diff.removed.begin() + prefix);
  std::copy(mid.added.begin(), mid.added.end(), diff.added.begin() + prefix);
  const int low = std::max(0, prefix - context);
  const int keep = std::max(0, suffix - context);
  shift_runs(
      diff.removed, diff.added, [&](int x, int y) { return a[x] == a[y]; }, low, n - keep);
  shift_runs(
      diff.added, diff.removed, [&](int x, int y) { return b[x] == b[y]; }, low, m - keep);

  // Group changes: everything changed between two pairs of equal lines.
  std::vector<Change> changes;
  for (int i = 0, j = 0; i < n || j < m;) {
    if ((i < n && diff.removed[i]) || (j < m && diff.added[j])) {
      Change c{i, 0, j, 0};
      while (i < n && diff.removed[i]) ++i, ++c.a_count;
      while (j < m && diff.added[j]) ++j, ++c.b_count;
      changes.push_back(c);
    } else {
      ++i, ++j;
    }
  }
  if (changes.empty()) return result;  // unreachable when before != after

  result.first_changed_line = std::max(1, std::min(changes.front().a + 1, std::max(n, 1)));
  std::string& out = result.hunks;
  size_t first = 0;
  while (first < changes.size()) {
    // A hunk takes following changes while their contexts touch or overlap.
    size_t last = first;
    while (last + 1 < changes.size() &&
           changes[last + 1].a - (changes[last].a + changes[last].a_count) <= 2 * context)
      ++last;
    const Change& f = changes[first];
    const Change& l = changes[last];
    int lead = std::min(context, f.a);
    int a_start = f.a - lead, b_start = f.b - lead;
    int a_end = std::min(n, l.a + l.a_count + context);
    int b_end = l.b + l.b_count + (a_end - (l.a + l.a_count));
    out += "@@ -" + range_text(a_start, a_end - a_start) + " +" +
           range_text(b_start, b_end - b_start) + " @@\n";
    int i = a_start;
    for (size_t c = first; c <= last; ++c) {
      const Change& ch = changes[c];
      for (; i < ch.a; ++i) append_line(out, ' ', a[i]);
      for (int k = 0; k < ch.a_count; ++k) append_line(out, '-', a[ch.a + k]);
      for (int k = 0; k < ch.b_count; ++k) append_line(out, '+', b[ch.b + k]);
      i = ch.a + ch.a_count;
      result.removed += ch.a_count;
      result.added += ch.b_count;
    }
    for (; i < a_end; ++i) append_line(out, ' ', a[i]);
    first = last + 1;
  }
  return result;
}

}  // namespace gen::emit

namespace gen::emit {

size_t truncate_hunks(std::string& hunks, size_t max_bytes) {
  if (hunks.size() <= max_bytes) return 0;
  // The last hunk start ("@@" at a line start) that ends at or before the bound.
  size_t cut = 0;
  for (size_t at = hunks.find("\n@@ "); at != std::string::npos && at + 1 <= max_bytes;
       at = hunks.find("\n@@ ", at + 1))
    cut = at + 1;
  if (cut == 0) {  // even the first hunk is too large: cut it at a line end
    size_t nl = hunks.rfind('\n', max_bytes == 0 ? 0 : max_bytes - 1);
    cut = nl == std::string::npos ? 0 : nl + 1;
  }
  size_t dropped = static_cast<size_t>(std::count(hunks.begin() + cut, hunks.end(), '\n'));
  if (!hunks.empty() && hunks.back() != '\n') ++dropped;
  hunks.resize(cut);
  return dropped;
}

}  // namespace gen::emit
