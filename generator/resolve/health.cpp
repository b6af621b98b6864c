// Health: probes (the `check` shorthand fills liveness, readiness and startup;
// a specific probe wins over it), the probe the image HEALTHCHECK uses, and
// timings with defaults applied.
#include <set>

#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

Json probe_json(const std::optional<spec::Probe>& p, const spec::Module& m) {
  if (!p) return nullptr;
  std::optional<int64_t> port;
  if (p->port)
    port = p->port->value;
  else if (!m.ports.empty())
    port = m.ports.front().container.value;
  Json out;
  switch (p->kind) {
    case spec::Probe::Kind::Http:
      out["type"] = "http";
      break;
    case spec::Probe::Kind::Command:
      out["type"] = "command";
      break;
    case spec::Probe::Kind::Tcp:
      out["type"] = "tcp";
      break;
  }
  bool http = p->kind == spec::Probe::Kind::Http;
  bool command = p->kind == spec::Probe::Kind::Command;
  out["path"] = http ? Json(p->http_path.value) : Json(nullptr);
  out["port"] = !command && port ? Json(*port) : Json(nullptr);
  out["command"] = command ? strings(p->command) : Json(nullptr);
  // Probes run inside the container's network namespace: loopback.
  out["url"] = http && port ? Json("http://127.0.0.1:" + std::to_string(*port) + p->http_path.value)
                            : Json(nullptr);
  return out;
}

}  // namespace

Json health_json(const Scope& scope, const spec::Module& m) {
  if (!m.health) return nullptr;
  const spec::Health& h = *m.health;
  const auto& live = h.liveness ? h.liveness : h.check;
  const auto& ready = h.readiness ? h.readiness : h.check;
  const auto& startup = h.startup ? h.startup : h.check;
  Json out;
  out["liveness"] = probe_json(live, m);
  out["readiness"] = probe_json(ready, m);
  out["startup"] = probe_json(startup, m);
  // The image HEALTHCHECK / compose healthcheck has one probe: liveness
  // (is the process alive) is the right question for a restart policy.
  out["container"] = nullptr;
  for (const char* k : {"liveness", "readiness", "startup"}) {
    if (!out[k].is_null()) {
      out["container"] = out[k];
      break;
    }
  }
  out["smoke"] = strings(h.smoke);
  // Every HTTP path the module answers, for docs and verify.sh.
  Json paths = Json::array();
  std::set<std::string> seen;
  auto add_path = [&](const Json& path) {
    if (path.is_string() && seen.insert(path.get<std::string>()).second) paths.push_back(path);
  };
  for (const char* k : {"liveness", "readiness", "startup"})
    if (!out[k].is_null()) add_path(out[k]["path"]);
  for (const auto& s : h.smoke) add_path(Json(s.value));
  out["http_paths"] = paths;
  Json timings = health_timings_json(h.timings, scope.spec.defaults.health);
  for (auto it = timings.begin(); it != timings.end(); ++it) out[it.key()] = it.value();
  return out;
}

}  // namespace gen::resolve::detail
