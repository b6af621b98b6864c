#include "resolve/routes.h"

#include "resolve/host_path.h"
#include "resolve/scope.h"

namespace gen::resolve::detail {

void resolve_routes(const spec::Spec& spec, model::Project& project) {
  for (const auto& r : spec.routes) {
    const model::Module* m = project.find_module(r.module.value);
    if (!m || m->ports.empty()) continue;
    const model::Port* port = &m->ports.front();
    if (r.port)
      for (const auto& p : m->ports)
        if (p.container == r.port->value && p.protocol == model::Protocol::Tcp) port = &p;
    model::Route out;
    out.host = r.host.value;
    out.path = value_or(r.path, "/");
    out.module = m->name;
    out.port = port->container;
    out.port_name = port->name;
    if (r.tls) {
      model::RouteTls t;
      t.issuer = r.tls->kind == spec::RouteTls::Kind::Issuer;
      t.name = r.tls->name.value;
      t.secret = t.issuer ? r.host.value + "-tls" : t.name;
      out.tls = std::move(t);
    }
    out.loc = r.loc;
    project.routes.push_back(std::move(out));
  }
  for (const auto& t : spec.tls_secrets) {
    model::TlsSecret out;
    out.name = t.name.value;
    if (t.cert) out.cert = spec_path(t.cert->value);
    if (t.key) out.key = spec_path(t.key->value);
    project.tls_secrets.push_back(std::move(out));
  }
  const spec::K8sRoutes& k = spec.k8s.routes;
  model::K8sRoutes& out = project.targets.k8s.routes;
  if (k.api && k.api->value == "gateway") out.api = model::RouteApi::Gateway;
  out.class_ = opt(k.class_);
  out.gateway = value_or(k.gateway, "");
  out.gateway_namespace = value_or(k.gateway_namespace, project.targets.k8s.namespace_);
  out.edge_namespace = value_or(k.edge_namespace, out.api == model::RouteApi::Gateway
                                                      ? out.gateway_namespace
                                                      : std::string(kDefaultEdgeNamespace));
}

}  // namespace gen::resolve::detail
