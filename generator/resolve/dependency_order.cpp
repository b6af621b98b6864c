#include "resolve/dependency_order.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace gen::resolve {

std::vector<size_t> prerequisites(const spec::Spec& spec, size_t index) {
  std::map<std::string, size_t> by_name;
  for (size_t i = 0; i < spec.modules.size(); ++i)
    by_name.emplace(spec.modules[i].name.value, i);  // first wins on duplicates
  const spec::Module& m = spec.modules[index];
  std::vector<std::string> names;
  for (const auto& d : m.depends_on) names.push_back(d.module.value);
  if (m.build && m.build->base) names.push_back(m.build->base->value);
  std::vector<size_t> out;
  for (const auto& n : names) {
    auto it = by_name.find(n);
    if (it == by_name.end() || it->second == index) continue;
    if (std::find(out.begin(), out.end(), it->second) == out.end()) out.push_back(it->second);
  }
  return out;
}

std::vector<size_t> dependency_order(const spec::Spec& spec) {
  size_t n = spec.modules.size();
  std::vector<std::vector<size_t>> after(n);  // after[i]: modules waiting for i
  std::vector<size_t> pending(n, 0);          // unmet prerequisites
  for (size_t i = 0; i < n; ++i) {
    for (size_t p : prerequisites(spec, i)) {
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
