// project-scoped-names: what gen creates on a host (named volumes, networks)
// is named `<project>_<key>`, so two projects never share one by accident
// (issue 22, case 13). A fixed `name:` is only a shared name on purpose,
// which the spec says with `external: true`: created outside gen, by
// whoever shares it.
#include "check/families.h"

namespace gen::check {
namespace {

template <class Item>
void check_fixed_names(const std::vector<Item>& items, const std::string& project,
                       const char* what, Reporter& report) {
  for (const auto& item : items) {
    if (!item.name || (item.external && item.external->value)) continue;
    report.report(item.name->loc,
                  std::string(what) + " '" + item.key.value + "' sets the fixed name '" +
                      item.name->value + "', which every project on the host shares",
                  "drop `name:` (gen names it " + project + "_" + item.key.value +
                      ") or, to share it on purpose, add `external: true` and create it "
                      "outside gen");
  }
}

}  // namespace

void check_project_scoped_names(const spec::Spec& spec, Reporter& report) {
  check_fixed_names(spec.networks, spec.project.value, "network", report);
  check_fixed_names(spec.volumes, spec.project.value, "volume", report);
}

}  // namespace gen::check
