// egress: issue 21 (an egress allow-list under a default-deny policy). Each
// entry is one CIDR block every target must read the same way: Kubernetes
// ipBlock takes it as written, so a block gen cannot read exactly (no
// prefix, host bits set) is refused here, at the entry, rather than allowed
// wider or narrower than the spec says.
#include "check/effective.h"
#include "check/families.h"

namespace gen::check {

namespace {

// Whether the module needs a route out of the host: gen puts it on the
// project's routed network (model::Module::routes_out).
bool routes_out(const spec::Module& m) {
  if (!m.egress.empty()) return true;
  for (const auto& p : m.ports)
    if (p.host) return true;
  return false;
}

}  // namespace

void check_egress(const spec::Spec& spec, Reporter& report) {
  bool routed = false;
  for (const auto& m : spec.modules) {
    if (module_kind(m) == "base") {
      if (m.egress_loc && !m.egress.empty())
        report.report(m, *m.egress_loc,
                      "module " + m.name.value + " is a base image, never run: it has no egress",
                      "remove egress here and give it to the modules built FROM it");
      continue;
    }
    std::string mode = m.network_mode ? m.network_mode->value : "";
    if (!m.egress.empty() && mode == "none")
      report.report(m, *m.egress_loc,
                    "module " + m.name.value + " has network_mode none: it reaches nothing, so "
                    "an egress allow-list cannot apply",
                    "remove egress, or network_mode: none");
    if (mode != "host" && mode != "none" && routes_out(m)) routed = true;
    for (const auto& e : m.egress) {
      if (!e.parsed.cidr)
        report.report(m, e.cidr.loc, "egress of module " + m.name.value + ": " + e.parsed.error,
                      "write a CIDR block with host bits zero, e.g. 203.0.113.0/24, "
                      "198.51.100.7/32 for one address, or 0.0.0.0/0 for any IPv4 address");
    }
  }
  // The routed network gen adds is keyed `egress`: a spec network of that
  // key would be a second network under the same compose key.
  if (!routed) return;
  for (const auto& n : spec.networks)
    if (n.key.value == "egress")
      report.report(n.key.loc,
                    "network key egress is gen's: the network that routes out of the host, "
                    "joined by the modules with egress or a published port",
                    "rename this network (and the modules' networks entries)");
}

}  // namespace gen::check
