#include "check/check.h"

#include "check/ipv4_target_gap.h"
#include "check/registry.h"
#include "check/rule.h"

namespace gen::check {

void check_spec(const spec::Spec& spec, Diagnostics& out) {
  Diagnostics found;
  for (const auto& rule : rules()) {
    Reporter reporter(rule, found);
    rule.check(spec, reporter);
  }
  check_ipv4_target_gap(spec, found);  // a warning, not a rule of the registry (yet)
  found.sort();  // by position, so the order rules run in never shows
  out.append(found);
}

}  // namespace gen::check
