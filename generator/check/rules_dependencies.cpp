// dependency-target, dependency-condition, dependency-cycle: seed 004
// (`depends_on: postgres: condition: service_healthy`), seed 000 ("internal
// network exists before compose starts"): start order must be satisfiable.
// Unknown target names are the loader's finding (reference checks), not ours.
#include <algorithm>
#include <deque>
#include <map>

#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

// Modules without networks join the project's default network.
bool shares_network(const spec::Module& a, const spec::Module& b) {
  if (a.networks.empty() || b.networks.empty()) return a.networks.empty() && b.networks.empty();
  for (const auto& x : a.networks)
    for (const auto& y : b.networks)
      if (x.value == y.value) return true;
  return false;
}

}  // namespace

void check_dependency_target(const spec::Spec& spec, Reporter& report) {
  const ModuleIndex modules(spec);
  for (const auto& m : spec.modules) {
    for (const auto& dep : m.depends_on) {
      const spec::Module* target = modules.find(dep.module.value);
      if (!target) continue;
      if (target == &m)
        report.report(m, dep.module.loc, "module " + m.name.value + " depends on itself",
                      "remove this depends_on entry");
      else if (module_kind(*target) == "base")
        report.report(m, dep.module.loc,
                      "module " + m.name.value + " depends on base module " + target->name.value +
                          ", which never runs",
                      "depend on a module that runs; a base module only builds an image that "
                      "others extend (build.base)");
    }
    // talks_to: the peer runs, is not itself, shares a network (else no
    // target could route the traffic) and listens on a port.
    for (const auto& peer : m.talks_to) {
      const spec::Module* target = modules.find(peer.value);
      if (!target) continue;
      std::string why, help;
      if (target == &m) {
        why = "module " + m.name.value + " talks to itself";
        help = "remove this talks_to entry";
      } else if (module_kind(*target) == "base") {
        why = "module " + m.name.value + " talks to base module " + target->name.value +
              ", which never runs";
        help = "name a module that runs";
      } else if (target->ports.empty()) {
        why = "module " + m.name.value + " talks to " + target->name.value +
              ", which has no ports";
        help = "give " + target->name.value + " the container port it listens on (`ports:`)";
      } else if (!shares_network(m, *target)) {
        why = "module " + m.name.value + " talks to " + target->name.value +
              ", but they share no network";
        help = "add a network both join (`networks:`)";
      }
      if (!why.empty()) report.report(m, peer.loc, why, help);
    }
  }
}

void check_dependency_condition(const spec::Spec& spec, Reporter& report) {
  const ModuleIndex modules(spec);
  for (const auto& m : spec.modules) {
    for (const auto& dep : m.depends_on) {
      const spec::Module* target = modules.find(dep.module.value);
      if (!target || target == &m || module_kind(*target) == "base") continue;
      const std::string& cond = dep.condition.value;
      if (cond == "healthy" && probes(*target).empty())
        report.report(m, dep.condition.loc,
                      "module " + m.name.value + " waits for " + target->name.value +
                          " to be healthy, but " + target->name.value + " has no health check",
                      "add a health check to " + target->name.value + ", or wait for `started`");
      else if (cond == "completed" && module_kind(*target) != "job")
        report.report(m, dep.condition.loc,
                      "module " + m.name.value + " waits for " + target->name.value +
                          " to complete, but " + target->name.value + " is a " +
                          module_kind(*target) + ", not a job",
                      "wait for `healthy` or `started`; `completed` is for modules of kind job");
    }
  }
}

namespace {

// Strongly connected components of the module graph (Tarjan, iterative so a
// long dependency chain cannot exhaust the stack). Each component lists
// module indices in ascending (spec) order.
std::vector<std::vector<size_t>> components(const std::vector<std::vector<size_t>>& edges) {
  const size_t n = edges.size();
  const size_t none = static_cast<size_t>(-1);
  std::vector<size_t> index(n, none), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> out;
  size_t next = 0;
  for (size_t root = 0; root < n; ++root) {
    if (index[root] != none) continue;
    std::vector<std::pair<size_t, size_t>> frames{{root, 0}};  // node, next edge
    index[root] = low[root] = next++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      auto& [v, e] = frames.back();
      if (e < edges[v].size()) {
        size_t w = edges[v][e++];
        if (index[w] == none) {
          index[w] = low[w] = next++;
          stack.push_back(w);
          on_stack[w] = true;
          frames.push_back({w, 0});
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::vector<size_t> comp;
        size_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          comp.push_back(w);
        } while (w != v);
        std::sort(comp.begin(), comp.end());
        out.push_back(std::move(comp));
      }
      size_t done = v;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
    }
  }
  return out;
}

}  // namespace

void check_dependency_cycle(const spec::Spec& spec, Reporter& report) {
  const size_t n = spec.modules.size();
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < n; ++i) index_of.emplace(spec.modules[i].name.value, i);
  // edges[i]: targets of module i in depends_on order; via[i][k]: that entry.
  std::vector<std::vector<size_t>> edges(n);
  std::vector<std::vector<const spec::Dependency*>> via(n);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& dep : spec.modules[i].depends_on) {
      auto it = index_of.find(dep.module.value);
      if (it == index_of.end() || it->second == i) continue;  // unknown: loader; self: dependency-target
      edges[i].push_back(it->second);
      via[i].push_back(&dep);
    }
  }
  auto comps = components(edges);
  std::sort(comps.begin(), comps.end());  // by first module in spec order
  for (const auto& comp : comps) {
    if (comp.size() < 2) continue;
    // The shortest cycle through the component's first module, found
    // breadth-first in depends_on order, so the reported path is stable.
    const size_t start = comp.front();
    std::vector<bool> in_comp(n, false);
    for (size_t v : comp) in_comp[v] = true;
    const size_t none = static_cast<size_t>(-1);
    std::vector<size_t> parent(n, none), parent_edge(n, 0);
    std::deque<size_t> queue{start};
    size_t last = none, last_edge = 0;
    while (!queue.empty() && last == none) {
      size_t v = queue.front();
      queue.pop_front();
      for (size_t k = 0; k < edges[v].size(); ++k) {
        size_t w = edges[v][k];
        if (!in_comp[w]) continue;
        if (w == start) {
          last = v;
          last_edge = k;
          break;
        }
        if (parent[w] != none) continue;
        parent[w] = v;
        parent_edge[w] = k;
        queue.push_back(w);
      }
    }
    // Walk back from `last` to `start` to list the cycle's entries in order.
    std::vector<const spec::Dependency*> entries{via[last][last_edge]};
    std::vector<size_t> path{last};
    for (size_t v = last; v != start; v = parent[v]) {
      entries.push_back(via[parent[v]][parent_edge[v]]);
      path.push_back(parent[v]);
    }
    std::reverse(entries.begin(), entries.end());
    std::reverse(path.begin(), path.end());
    std::string cycle;
    for (size_t v : path) cycle += spec.modules[v].name.value + " -> ";
    cycle += spec.modules[start].name.value;
    Diagnostic* d =
        report.report(spec.modules[start], entries.front()->module.loc, "dependency cycle: " + cycle,
                      "remove one of these depends_on entries; modules start in dependency order");
    if (!d) continue;
    for (size_t k = 1; k < entries.size(); ++k)
      d->notes.push_back({spec.modules[path[k]].name.value + " depends on " +
                              entries[k]->module.value + " here",
                          entries[k]->module.loc});
  }
}

}  // namespace gen::check
