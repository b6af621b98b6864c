// routes: issue 21 (HTTP routes with TLS: compose-spec#111, kompose#140). A
// route becomes an Ingress or HTTPRoute and a NetworkPolicy rule on
// Kubernetes, so everything it names must exist and no two routes may claim
// the same requests; each finding points at the value that breaks it.
#include <map>
#include <set>
#include <utility>

#include "check/effective.h"
#include "model/edge.h"
#include "check/families.h"

namespace gen::check {

namespace {

const char* tls_kind(const spec::RouteTls& t) {
  return t.kind == spec::RouteTls::Kind::Secret ? "secret" : "issuer";
}

// "secret todo-tls", "issuer letsencrypt" or "plain HTTP", for messages.
std::string tls_text(const std::optional<spec::RouteTls>& t) {
  return t ? std::string(tls_kind(*t)) + " " + t->name.value : std::string("plain HTTP");
}

bool same_tls(const std::optional<spec::RouteTls>& a, const std::optional<spec::RouteTls>& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->name.value == b->name.value;
}

}  // namespace

void check_routes(const spec::Spec& spec, Reporter& report) {
  const ModuleIndex modules(spec);
  std::set<std::string> secrets;
  for (const auto& t : spec.tls_secrets) secrets.insert(t.name.value);
  std::map<std::pair<std::string, std::string>, const spec::Route*> claimed;  // host, path
  std::map<std::string, const spec::Route*> first_of_host;
  for (const auto& r : spec.routes) {
    const spec::Module* m = modules.find(r.module.value);
    if (!m) {
      report.report(r.module.loc, "route to " + r.host.value + ": no module " + r.module.value,
                    "name a module under modules");
    } else if (module_kind(*m) != "service") {
      report.report(r.module.loc,
                    "route to " + r.host.value + ": module " + m->name.value + " is a " +
                        module_kind(*m) + "; only a service answers requests",
                    "route to a module of kind service");
    } else if (m->ports.empty()) {
      report.report(r.module.loc,
                    "route to " + r.host.value + ": module " + m->name.value +
                        " declares no port",
                    "add the port it listens on under its ports");
    } else if (r.port) {
      bool found = false;
      for (const auto& p : m->ports)
        if (p.container.value == r.port->value && port_protocol(p) == "tcp") found = true;
      if (!found)
        report.report(r.port->loc,
                      "route to " + r.host.value + ": module " + m->name.value +
                          " declares no TCP port " + std::to_string(r.port->value),
                      "name one of its container ports, or leave port out for the first");
    }
    std::string path = r.path ? r.path->value : "/";
    auto [it, fresh] = claimed.emplace(std::make_pair(r.host.value, path), &r);
    if (!fresh) {
      Diagnostic& d = report.report(r.path ? r.path->loc : r.host.loc,
                                    "two routes for " + r.host.value + path,
                                    "give each route its own host or path prefix");
      d.notes.push_back({"the first route is here", it->second->host.loc});
    }
    if (r.tls && r.tls->kind == spec::RouteTls::Kind::Secret && !secrets.count(r.tls->name.value))
      report.report(r.tls->name.loc,
                    "route to " + r.host.value + ": TLS secret " + r.tls->name.value +
                        " is not declared under tls_secrets",
                    "add `tls_secrets: {" + r.tls->name.value + ": {}}` (the operator creates "
                    "the Secret), or give its cert and key files");
    auto [first, new_host] = first_of_host.emplace(r.host.value, &r);
    if (!new_host && !same_tls(first->second->tls, r.tls)) {
      Diagnostic& d = report.report(
          r.tls ? r.tls->name.loc : r.host.loc,
          "host " + r.host.value + " is served with " + tls_text(r.tls) + " here and " +
              tls_text(first->second->tls) + " by an earlier route",
          "give every route of one host the same tls");
      d.notes.push_back({"the earlier route is here", first->second->host.loc});
    }
  }
  // On compose and systemd the edge proxy gen adds is the only publisher
  // of 80 and 443, under its own name.
  if (!spec.routes.empty())
    for (const auto& m : spec.modules) {
      if (m.name.value == model::kEdgeModule)
        report.report(m.name.loc,
                      "module " + m.name.value + ": the project has routes, and gen adds the "
                      "edge proxy under this name on compose and systemd",
                      "rename the module");
      for (const auto& p : m.ports)
        if (p.host && (p.host->value == 80 || p.host->value == 443))
          report.report(p.host->loc,
                        "module " + m.name.value + " publishes host port " +
                            std::to_string(p.host->value) +
                            ", which the edge proxy serves in a project with routes",
                        "route to the module (routes:) instead of publishing port " +
                            std::to_string(p.host->value));
    }
  const spec::K8sRoutes& k = spec.k8s.routes;
  bool gateway = k.api && k.api->value == "gateway";
  if (gateway && !k.gateway)
    report.report(k.api->loc, "targets.k8s.routes uses the Gateway API but names no gateway",
                  "add `gateway: NAME`, the Gateway its HTTPRoutes attach to");
  if (!gateway && k.gateway)
    report.report(k.gateway->loc, "targets.k8s.routes names a gateway but uses Ingress",
                  "add `api: gateway`, or remove gateway");
  if (gateway && k.class_)
    report.report(k.class_->loc, "targets.k8s.routes.class is an Ingress class; HTTPRoutes "
                                 "attach to the gateway",
                  "remove class (the Gateway names its class)");
  if (gateway)
    for (const auto& r : spec.routes)
      if (r.tls && r.tls->kind == spec::RouteTls::Kind::Issuer)
        report.report(r.tls->name.loc,
                      "route to " + r.host.value + ": an issuer needs an Ingress (cert-manager "
                      "reads its annotation); with the Gateway API the Gateway's listener "
                      "holds the certificate",
                      "use `tls: {secret: NAME}` and reference that Secret from the Gateway, or "
                      "api: ingress");
}

}  // namespace gen::check
