// host-names: every name a module is reached by (its name, host name and
// aliases) leads to one module. On compose and Podman two containers under
// one alias answer in turn; in Kubernetes each alias is a Service of its own,
// so a name taken twice is two objects of one name.
#include <map>
#include <set>

#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

bool letter(char c) { return c >= 'a' && c <= 'z'; }

}  // namespace

void check_host_names(const spec::Spec& spec, Reporter& report) {
  // Every name taken so far -> what takes it, for the message.
  std::map<std::string, std::string> taken;
  for (const auto& m : spec.modules) {
    taken.emplace(m.name.value, "module " + m.name.value);
    for (const auto& step : m.setup)
      taken.emplace(m.name.value + "-" + step.name.value,
                    "setup step " + step.name.value + " of " + m.name.value);
  }
  for (const auto& m : spec.modules) {
    std::vector<const spec::LString*> names;
    if (m.hostname) names.push_back(&*m.hostname);
    for (const auto& a : m.aliases) names.push_back(&a);
    if (names.empty()) continue;
    const std::string what = "module " + m.name.value;
    if (module_kind(m) == "base") {
      report.report(m, names.front()->loc, what + " is a base module, which never runs",
                    "remove hostname and aliases; a base module only builds an image");
      continue;
    }
    // The host's network has the host's name (the engines refuse another);
    // no network has no names to be reached by.
    const std::string mode = m.network_mode ? m.network_mode->value : "bridge";
    if (mode == "host") {
      report.report(m, names.front()->loc,
                    what + " has network_mode host: it has the host's name and no aliases",
                    "remove hostname and aliases, or the network_mode");
      continue;
    }
    if (mode == "none" && !m.aliases.empty()) {
      report.report(m, m.aliases.front().loc,
                    what + " has network_mode none: no network reaches it under an alias",
                    "remove the aliases, or the network_mode");
      continue;
    }
    std::set<std::string> own;  // this module's names so far
    for (const spec::LString* n : names) {
      bool is_hostname = m.hostname && n == &*m.hostname;
      if (n->value == m.name.value) {
        if (!is_hostname)  // a host name equal to the module's name is harmless
          report.report(m, n->loc, what + " is reached by its own name already",
                        "remove this alias");
        continue;
      }
      if (!own.insert(n->value).second) {
        if (!(m.hostname && n->value == m.hostname->value))  // the host name again: harmless
          report.report(m, n->loc, "alias " + n->value + " of " + what + " is given twice",
                        "remove the repeated alias");
        continue;
      }
      if (!letter(n->value.front())) {
        report.report(m, n->loc,
                      "name " + n->value + " of " + what +
                          " starts with a digit; Kubernetes names a Service after each alias, and "
                          "a Service name starts with a letter",
                      "start the name with a letter");
        continue;
      }
      auto [it, fresh] = taken.emplace(n->value, what);
      if (!fresh)
        report.report(m, n->loc, "name " + n->value + " of " + what + " is taken by " + it->second,
                      "give each module names of its own; one name must lead to one module");
    }
  }
}

}  // namespace gen::check
