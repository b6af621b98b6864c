// loopback-ports, unique-host-ports, low-container-port: seed 000 (every host
// port is 127.0.0.1:81xx), seed 001 ("-p 127.0.0.1:3000:3000", "bind a high
// port").
#include <cstdlib>
#include <map>

#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

std::string unbracket(const std::string& bind) {
  if (bind.size() >= 2 && bind.front() == '[' && bind.back() == ']')
    return bind.substr(1, bind.size() - 2);
  return bind;
}

// 127.0.0.0/8 or ::1.
bool is_loopback(const std::string& raw) {
  const std::string bind = unbracket(raw);
  if (bind == "::1" || bind == "0:0:0:0:0:0:0:1") return true;
  int octets = 0;
  int first = -1;
  size_t i = 0;
  while (i <= bind.size()) {
    size_t dot = bind.find('.', i);
    std::string part = bind.substr(i, dot == std::string::npos ? std::string::npos : dot - i);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos)
      return false;
    int v = std::atoi(part.c_str());
    if (v > 255) return false;
    if (octets == 0) first = v;
    ++octets;
    if (dot == std::string::npos) break;
    i = dot + 1;
  }
  return octets == 4 && first == 127;
}

bool is_wildcard(const std::string& bind) {
  const std::string b = unbracket(bind);
  return b.empty() || b == "0.0.0.0" || b == "::";
}

const char* kLoopbackHelp =
    "bind 127.0.0.1 (or ::1) and let a reverse proxy publish the service, or waive the rule "
    "on the module with a reason: `waive: {loopback-ports: \"...\"}`";

}  // namespace

void check_loopback_ports(const spec::Spec& spec, Reporter& report) {
  // Ports without their own bind take the profile's bind, else defaults.bind,
  // else 127.0.0.1; a non-loopback project or profile bind is reported once,
  // at that setting, naming the modules it exposes.
  std::vector<std::string> inheriting;
  for (const auto& m : spec.modules) {
    bool inherits = false;
    for (const auto& p : m.ports) {
      if (!p.host) continue;
      if (!p.bind) {
        inherits = true;
      } else if (!is_loopback(p.bind->value)) {
        report.report(m, p.bind->loc,
                      "host port " + std::to_string(p.host->value) + " of module " + m.name.value +
                          " binds " + p.bind->value + ", not a loopback address",
                      kLoopbackHelp);
      }
    }
    if (inherits && !report.waived(m)) inheriting.push_back(m.name.value);
  }
  if (inheriting.empty()) return;
  const std::string names = join_names(inheriting);
  const auto& bind = spec.defaults.bind;
  if (bind && !is_loopback(bind->value))
    report.report(bind->loc,
                  "defaults.bind " + bind->value + " is not a loopback address; it publishes the "
                  "ports of " + names,
                  "set `bind: 127.0.0.1` in defaults; give a port its own `bind` only where the "
                  "module waives loopback-ports with a reason");
  for (const auto& profile : spec.profiles) {
    if (!profile.bind || is_loopback(profile.bind->value)) continue;
    report.report(profile.bind->loc,
                  "profile " + profile.name.value + " binds published ports to " +
                      profile.bind->value + ", not a loopback address (modules " + names + ")",
                  "bind 127.0.0.1 (or ::1) in the profile and let a reverse proxy publish the "
                  "services");
  }
}

void check_unique_host_ports(const spec::Spec& spec, Reporter& report) {
  struct First {
    const spec::Module* module;
    SourceLocation at;
  };
  // First publisher per (port, protocol, address), and per (port, protocol)
  // the first of any address and the first on a wildcard address, which
  // clashes with every other.
  using PortKey = std::pair<int64_t, std::string>;
  std::map<std::pair<PortKey, std::string>, First> by_address;
  std::map<PortKey, First> any, wildcard;
  const std::string default_bind = spec.defaults.bind ? spec.defaults.bind->value : "127.0.0.1";
  for (const auto& m : spec.modules) {
    for (const auto& p : m.ports) {
      if (!p.host) continue;
      const PortKey key{p.host->value, port_protocol(p)};
      const std::string bind = unbracket(p.bind ? p.bind->value : default_bind);
      const First now{&m, p.host->loc};
      const First* before = nullptr;
      if (auto it = by_address.find({key, bind}); it != by_address.end()) before = &it->second;
      else if (auto w = wildcard.find(key); w != wildcard.end()) before = &w->second;
      else if (auto a = any.find(key); is_wildcard(bind) && a != any.end()) before = &a->second;
      if (before) {
        std::string by = before->module == &m ? "this module" : "module " + before->module->name.value;
        Diagnostic* d = report.report(
            m, p.host->loc,
            "host port " + std::to_string(key.first) + "/" + key.second + " on " + bind +
                " is already published by " + by,
            "choose another host port; two containers cannot listen on the same address");
        if (d) d->notes.push_back({"first published here", before->at});
      }
      by_address.emplace(std::make_pair(key, bind), now);
      any.emplace(key, now);
      if (is_wildcard(bind)) wildcard.emplace(key, now);
    }
  }
}

void check_low_container_port(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (module_kind(m) == "base") continue;
    const spec::LInt* uid = effective_uid(spec, m);
    if (uid && uid->value == 0) continue;  // root may; non-root-user reports the uid
    for (const auto& p : m.ports) {
      if (p.container.value >= 1024) continue;
      report.report(m, p.container.loc,
                    "container port " + std::to_string(p.container.value) +
                        " is below 1024; a non-root process without CAP_NET_BIND_SERVICE may "
                        "not listen on it",
                    "listen on a port of 1024 or above (e.g. 8080) inside the container; the "
                    "host port can stay what it is");
    }
  }
}

}  // namespace gen::check
