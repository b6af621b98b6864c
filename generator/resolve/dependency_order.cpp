#include "resolve/dependency_order.h"

#include <set>

namespace gen::resolve {

std::vector<size_t> dependency_order(const std::vector<std::vector<size_t>>& prerequisites) {
  size_t n = prerequisites.size();
  std::vector<std::vector<size_t>> after(n);  // after[p]: modules waiting for p
  std::vector<size_t> pending(n, 0);          // unmet prerequisites
  for (size_t i = 0; i < n; ++i) {
    for (size_t p : prerequisites[i]) {
      if (p >= n || p == i) continue;
      after[p].push_back(i);
      ++pending[i];
    }
  }
  // Kahn's algorithm; the ready set is ordered by spec index.
  std::set<size_t> ready;
  for (size_t i = 0; i < n; ++i)
    if (pending[i] == 0) ready.insert(i);
  std::vector<size_t> order;
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    size_t i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    placed[i] = true;
    for (size_t w : after[i])
      if (--pending[w] == 0) ready.insert(w);
  }
  for (size_t i = 0; i < n; ++i)
    if (!placed[i]) order.push_back(i);
  return order;
}

}  // namespace gen::resolve
