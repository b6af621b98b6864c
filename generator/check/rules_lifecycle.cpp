// restart-policy, health-check, probe-port, stop-grace-drain: seed 000
// ("Every service uses restart: unless-stopped", a health endpoint per
// module), seed 002 (HEALTHCHECK, SIGTERM drain within 30s,
// "terminationGracePeriodSeconds >= 30"), seed 004 (liveness/readiness probes).
#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

const char* probe_kind(const spec::Probe& p) {
  switch (p.kind) {
    case spec::Probe::Kind::Http: return "http";
    case spec::Probe::Kind::Command: return "command";
    case spec::Probe::Kind::Tcp: return "tcp";
  }
  return "http";
}

}  // namespace

void check_restart_policy(const spec::Spec& spec, Reporter& report) {
  const char* help = "set `restart: unless-stopped` on the module or in defaults";
  std::vector<std::string> via_defaults;
  for (const auto& m : spec.modules) {
    if (!is_long_running(m)) continue;
    const spec::LString* restart = effective_restart(spec, m);
    if (!restart) {
      report.report(m, m.loc, "long-running module " + m.name.value + " has no restart policy",
                    help);
    } else if (restart->value == "no") {
      if (m.restart)
        report.report(m, restart->loc,
                      "long-running module " + m.name.value + " has restart policy no", help);
      else if (!report.waived(m))
        via_defaults.push_back(m.name.value);
    }
  }
  if (!via_defaults.empty())
    report.report(spec.defaults.restart->loc,
                  "defaults.restart is no, so long-running modules " + join_names(via_defaults) +
                      " are never restarted",
                  "set `restart: unless-stopped` in defaults");
}

void check_health_check(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    const auto declared = probes(m);
    if (is_long_running(m) && declared.empty()) {
      report.report(m, m.health ? m.health->loc : m.loc,
                    m.health ? "health section of module " + m.name.value + " declares no probe"
                             : "long-running module " + m.name.value + " has no health check",
                    "add e.g. `health: {check: {http: /healthz}}`, or a command or tcp probe");
      continue;
    }
    for (const auto* p : declared) {
      if (p->kind == spec::Probe::Kind::Command || p->port || !m.ports.empty()) continue;
      report.report(m, p->loc,
                    std::string(probe_kind(*p)) + " probe of module " + m.name.value +
                        " has no port to probe: the module declares none",
                    "set `port:` on the probe, or declare the port under ports");
    }
  }
}

void check_probe_port(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    for (const auto* p : probes(m)) {
      if (!p->port) continue;
      bool declared = false;
      for (const auto& port : m.ports) declared = declared || port.container.value == p->port->value;
      if (declared) continue;
      report.report(m, p->port->loc,
                    "probe port " + std::to_string(p->port->value) + " is not a port module " +
                        m.name.value + " declares",
                    "declare it under ports (`{container: " + std::to_string(p->port->value) +
                        "}`), or probe a declared port");
    }
  }
}

void check_stop_grace_drain(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (!m.drain) continue;
    const spec::Duration& drain = *m.drain;
    const spec::Duration* grace = effective_stop_grace(spec, m);
    const std::string help = "set `stop_grace: " + drain.text +
                             "` (or longer) so the engine waits for the drain before SIGKILL";
    if (!grace) {
      report.report(m, drain.loc,
                    "module " + m.name.value + " drains for " + drain.text +
                        " but sets no stop grace period (engines default to 10s)",
                    help);
    } else if (grace->millis < drain.millis) {
      if (m.stop_grace) {
        report.report(m, grace->loc,
                      "stop grace period " + grace->text + " of module " + m.name.value +
                          " is shorter than its drain time " + drain.text,
                      help);
      } else if (Diagnostic* d = report.report(
                     m, drain.loc,
                     "module " + m.name.value + " drains for " + drain.text +
                         " but defaults.stop_grace is only " + grace->text,
                     help)) {
        d->notes.push_back({"defaults.stop_grace is set here", grace->loc});
      }
    }
  }
}

}  // namespace gen::check
