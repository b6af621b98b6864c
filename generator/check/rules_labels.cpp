// reserved-labels: a module's labels, container labels and annotations stay
// clear of the keys gen and the engines write themselves. gen selects a
// module's pods by its app.kubernetes.io/ labels and compose finds its
// containers by com.docker.compose. labels: a spec label of the same key
// would move a pod out of its Service and NetworkPolicy, or a container out
// of its project.
#include "check/families.h"
#include "check/labels.h"

namespace gen::check {

const char* reserved_label_prefix(const std::string& key) {
  static const char* const kPrefixes[] = {"app.kubernetes.io/", "com.docker.compose.",
                                          "io.podman.", "io.containers.", "PODMAN_SYSTEMD_UNIT"};
  for (const char* p : kPrefixes)
    if (key.rfind(p, 0) == 0) return p;
  return nullptr;
}

void check_reserved_labels(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    auto check = [&](const std::vector<std::pair<spec::LString, spec::LString>>& items,
                     const char* what) {
      for (const auto& [key, value] : items)
        if (const char* prefix = reserved_label_prefix(key.value))
          report.report(m, key.loc,
                        std::string(what) + " " + key.value + " of module " + m.name.value +
                            " is under " + prefix + ", which gen or the engine sets itself",
                        "choose a key of your own domain, e.g. `example.com/" +
                            key.value.substr(std::string(prefix).size()) + "`");
    };
    check(m.labels, "label");
    check(m.container_labels, "container label");
    check(m.annotations, "annotation");
  }
}

}  // namespace gen::check
