// The edge proxy (issue 21): on compose and systemd, routes go through a
// Caddy module gen writes itself. It is a module like any other (derived
// here, as setup steps are), so every target renders and verifies it with
// the same hardening: a non-root user, a read-only root, every capability
// dropped (Caddy listens on 8080/8443 inside; the host publishes 80/443),
// its Caddyfile read-only from its own `conf` directory, certificates on a
// state volume, TLS secrets as files. Kubernetes has no such module: an
// Ingress or HTTPRoute routes there (model::workload_of).
#include "resolve/edge.h"

#include <set>

#include "model/edge.h"
#include "resolve/host_path.h"
#include "resolve/scope.h"

namespace gen::resolve::detail {

namespace {

model::Port edge_port(const char* name, int64_t container, int64_t host) {
  model::Port p;
  p.name = name;
  p.container = container;
  p.host = host;
  p.bind = "0.0.0.0";  // public: the only module publishing on every address
  return p;
}

model::Mount secret_mount(const std::string& secret, std::set<std::string>& used) {
  model::Mount m;
  m.kind = model::MountKind::Secret;
  m.name = "secret-" + secret;
  used.insert(m.name);
  m.secret = secret;
  m.target = "/run/secrets/" + secret;
  m.read_only = true;
  return m;
}

}  // namespace

void add_edge(const spec::Spec& spec, model::Project& project) {
  if (project.routes.empty()) return;
  const std::string name = model::kEdgeModule;
  model::Module e;
  e.name = name;
  e.edge = true;
  e.kind = model::ModuleKind::Service;
  e.spec_index = spec.modules.size();  // past the spec's modules: derived
  e.description = "Edge proxy (Caddy) gen writes for the routes: the only module publishing "
                  "ports 80 and 443.";
  e.dir = name;
  e.image.ref = values::ImageRef::parse(model::kEdgeImage);
  e.image.per_profile.assign(project.profiles.size(), e.image.ref);
  e.env_files.assign(project.profiles.size(), std::nullopt);  // no env file in any profile
  e.user = project.defaults.user;
  if (!e.user) e.user = model::User{1000, 1000, {}, std::nullopt, std::nullopt};
  bool tls = false;
  for (const auto& r : project.routes) tls = tls || r.tls.has_value();
  e.ports.push_back(edge_port("http", model::kEdgeHttpPort, model::kEdgeHostHttp));
  if (tls) e.ports.push_back(edge_port("https", model::kEdgeHttpsPort, model::kEdgeHostHttps));
  model::Health h;
  model::Probe probe;
  probe.kind = model::ProbeKind::Tcp;
  probe.port = model::kEdgeHttpPort;
  h.liveness = h.readiness = probe;
  h.timings = project.defaults.health;
  e.health = h;
  std::set<std::string> used;
  model::Mount conf;
  conf.kind = model::MountKind::Own;
  conf.name = "own-conf";
  conf.target = "/etc/caddy";
  conf.read_only = true;
  conf.host = output_path(name + "/" + model::kEdgeConfigDir, name);
  conf.module = name;
  conf.path = model::kEdgeConfigDir;
  e.mounts.push_back(conf);
  e.own_dirs.push_back(model::kEdgeConfigDir);
  model::Mount config;  // Caddy's autosave (XDG_CONFIG_HOME in its image)
  config.kind = model::MountKind::Tmpfs;
  config.name = "tmpfs-config";
  config.target = "/config";
  e.mounts.push_back(config);
  // The TLS secrets the routes name, as two file secrets each.
  std::set<std::string> secrets;
  for (const auto& r : project.routes)
    if (r.tls && !r.tls->issuer) secrets.insert(r.tls->name);
  for (const auto& t : project.tls_secrets) {
    if (!secrets.count(t.name)) continue;
    for (const char* part : {"crt", "key"}) {
      std::string secret = t.name + "-" + part;
      e.mounts.push_back(secret_mount(secret, used));
      const auto& file = std::string(part) == "crt" ? t.cert : t.key;
      project.secret_files.push_back({secret, file, {name}});
    }
  }
  // Certificates an issuer obtains (and Caddy's ACME account) outlive the
  // container: XDG_DATA_HOME in Caddy's image.
  e.state = model::State{"/data", model::Quantity::read(kDefaultSize), name + "-state",
                         model::scoped_name(project.info.name, name + "-state")};
  model::Mount data;
  data.kind = model::MountKind::State;
  data.name = "state";
  data.target = "/data";
  data.volume = e.state->volume;
  data.size = e.state->size;
  e.mounts.push_back(data);
  // After the routed modules, on their networks.
  std::set<std::string> routed, networks;
  for (const auto& r : project.routes)
    if (routed.insert(r.module).second) {
      e.depends_on.push_back({r.module, model::Condition::Started});
      e.after.push_back(r.module);
    }
  for (auto& m : project.modules)
    if (routed.count(m.name)) {
      m.dependents.push_back(name);
      for (const auto& n : m.networks)
        if (networks.insert(n).second) e.networks.push_back(n);
    }
  e.stop.signal = project.defaults.stop_signal;
  e.stop.grace = project.defaults.stop_grace;
  e.restart = model::Restart::UnlessStopped;
  e.logs = "stdout";
  e.waivers.push_back({"loopback-ports",
                       "the edge proxy gen writes for the routes serves ports 80 and 443 on "
                       "every address",
                       {}});
  for (auto& n : project.networks)
    if (networks.count(n.key)) n.members.push_back(name);
  project.modules.push_back(std::move(e));
  project.index();
}

}  // namespace gen::resolve::detail
