// setup-steps: issue 21 (setup steps that finish before a module starts).
// Each step becomes a module named <module>-<step> (resolve/setup.cpp), so
// that name must be free, and a base module, never run, has nothing to set up.
#include <map>

#include "check/families.h"

namespace gen::check {

void check_setup_steps(const spec::Spec& spec, Reporter& report) {
  // Every name a module or a step takes, with where it was taken first.
  std::map<std::string, std::string> taken;
  for (const auto& m : spec.modules) taken.emplace(m.name.value, "module " + m.name.value);
  for (const auto& m : spec.modules) {
    if (m.setup.empty()) continue;
    if (m.kind && m.kind->value == "base") {
      report.report(m, m.setup.front().loc,
                    "base module " + m.name.value + " is never run, so it has no setup steps",
                    "move the steps to a module that runs");
      continue;
    }
    for (const auto& step : m.setup) {
      std::string name = m.name.value + "-" + step.name.value;
      if (name.size() > 63) {
        report.report(m, step.name.loc,
                      "setup step " + name + " has a name longer than 63 characters",
                      "shorten the step's or the module's name");
        continue;
      }
      auto [it, fresh] = taken.emplace(name, "setup step " + step.name.value + " of " + m.name.value);
      if (!fresh)
        report.report(m, step.name.loc,
                      "setup step " + step.name.value + " of module " + m.name.value +
                          " runs as " + name + ", a name " + it->second + " already takes",
                      "rename the step");
    }
  }
}

}  // namespace gen::check
