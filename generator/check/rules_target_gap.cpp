// target-gap (a warning): a construct one target cannot express, at its
// place in the spec, with what that target does instead. The constructs and
// targets are model::target_gaps(); this file only knows where each one is
// written in a module.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "check/effective.h"
#include "check/families.h"
#include "model/target_gaps.h"

namespace gen::check {

namespace {

using Site = std::function<std::optional<SourceLocation>(const spec::Module&)>;

// Where each construct of model::target_gaps() is written; nullopt: unused.
const std::map<std::string, Site>& sites() {
  static const std::map<std::string, Site> kSites = {
      {"ulimits", [](const spec::Module& m) { return m.ulimits_loc; }},
      {"addresses",
       [](const spec::Module& m) -> std::optional<SourceLocation> {
         // A base module or one with network_mode has no address anywhere
         // (rule addresses refuses it): nothing for Kubernetes to leave out.
         if (m.addresses.empty() || module_kind(m) == "base" || m.network_mode)
           return std::nullopt;
         return m.addresses.front().network.loc;
       }},
  };
  return kSites;
}

}  // namespace

void check_target_gap(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    for (const auto& gap : model::target_gaps()) {
      auto site = sites().find(gap.construct);
      // A gap without a site is still said, at the module.
      std::optional<SourceLocation> at =
          site == sites().end() ? std::optional<SourceLocation>(m.loc) : site->second(m);
      if (!at) continue;
      report.report(m, *at,
                    std::string(gap.target) + " cannot express " + gap.construct +
                        " of module " + m.name.value + ": " + gap.instead,
                    "CONTRACT.md lists it under Target Differences; waive target-gap with a "
                    "reason to accept it silently");
    }
}

}  // namespace gen::check
