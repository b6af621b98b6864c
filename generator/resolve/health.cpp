// Health: probes (the `check` shorthand fills liveness, readiness and startup;
// a specific probe wins over it), every HTTP path the module answers, and
// timings with defaults applied.
#include <set>

#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

std::optional<model::Probe> probe(const std::optional<spec::Probe>& p, const spec::Module& m) {
  if (!p) return std::nullopt;
  model::Probe out;
  switch (p->kind) {
    case spec::Probe::Kind::Http:
      out.kind = model::ProbeKind::Http;
      out.path = p->http_path.value;
      break;
    case spec::Probe::Kind::Command:
      out.kind = model::ProbeKind::Command;
      out.command = strings(p->command);
      break;
    case spec::Probe::Kind::Tcp:
      out.kind = model::ProbeKind::Tcp;
      break;
  }
  if (out.kind != model::ProbeKind::Command) {
    if (p->port)
      out.port = p->port->value;
    else if (!m.ports.empty())
      out.port = m.ports.front().container.value;
  }
  return out;
}

}  // namespace

std::optional<model::Health> health(const Scope& scope, const spec::Module& m) {
  if (!m.health) return std::nullopt;
  const spec::Health& h = *m.health;
  model::Health out;
  out.liveness = probe(h.liveness ? h.liveness : h.check, m);
  out.readiness = probe(h.readiness ? h.readiness : h.check, m);
  out.startup = probe(h.startup ? h.startup : h.check, m);
  out.smoke = strings(h.smoke);
  // Every HTTP path the module answers, for docs and verify.sh.
  std::set<std::string> seen;
  auto add_path = [&](const std::string& path) {
    if (seen.insert(path).second) out.http_paths.push_back(path);
  };
  for (const auto* p : {&out.liveness, &out.readiness, &out.startup})
    if (*p && (*p)->kind == model::ProbeKind::Http) add_path((*p)->path);
  for (const auto& s : out.smoke) add_path(s);
  out.timings = health_timings(h.timings, scope.spec.defaults.health);
  return out;
}

}  // namespace gen::resolve::detail
