#include "context/context.h"

#include <algorithm>

#include "model/volume_claim.h"
#include "util/json_object.h"
#include "model/target_gaps.h"
#include "values/capability.h"
#include "values/sysctl.h"

namespace gen::context {
namespace {

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json strings(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& s : items) out.push_back(s);
  return out;
}

template <typename T, typename F>
Json list(const std::vector<T>& items, F&& one) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(one(item));
  return out;
}

template <typename T, typename F>
Json opt_of(const std::optional<T>& v, F&& one) {
  return v ? one(*v) : Json(nullptr);
}

// "<name>": text as written, "<name>_seconds": whole seconds rounded up.
void duration(Json& out, const char* name, const model::Duration& d) {
  out[name] = d.text;
  out[std::string(name) + "_seconds"] = d.ceil_seconds();
}

Json timings_json(const model::HealthTimings& t) {
  Json out;
  duration(out, "interval", t.interval);
  duration(out, "timeout", t.timeout);
  duration(out, "start_period", t.start_period);
  out["retries"] = t.retries;
  return out;
}

Json profile_json(const model::Profile& p) {
  Json out;
  out["name"] = p.name;
  out["env_file"] = opt(p.env_file);
  out["image_tag"] = p.image_tag;
  out["registry"] = opt(p.registry);
  out["bind"] = p.bind;
  out["modules"] = strings(p.modules);
  return out;
}

Json defaults_json(const model::Defaults& d) {
  Json out;
  out["user"] = opt_of(d.user, [](const model::User& u) { return to_json(u); });
  out["restart"] = d.restart;
  out["bind"] = d.bind;
  out["health"] = timings_json(d.health);
  out["stop_signal"] = d.stop_signal;
  out["stop_grace"] = d.stop_grace.text;
  out["stop_grace_seconds"] = d.stop_grace.ceil_seconds();
  out["workdir"] = d.workdir;
  out["registry"] = opt(d.registry);
  out["image_tag"] = d.image_tag;
  return out;
}

Json image_json(const model::Image& img, const model::Project& project) {
  Json out;
  out["name"] = img.ref.name;
  out["tag"] = opt(img.ref.tag);
  out["digest"] = opt(img.ref.digest);
  out["ref"] = img.ref.ref;
  out["built"] = img.built;
  Json tags = Json::object(), refs = Json::object();
  for (size_t i = 0; i < project.profiles.size() && i < img.per_profile.size(); ++i) {
    tags[project.profiles[i].name] = opt(img.per_profile[i].tag);
    refs[project.profiles[i].name] = img.per_profile[i].ref;
  }
  out["tags"] = std::move(tags);
  out["refs"] = std::move(refs);
  return out;
}

Json build_json(const model::Build& b) {
  Json out = object_with_room(16);
  out["stack"] = b.stack.empty() ? Json(nullptr) : Json(b.stack);
  out["dockerfile"] = b.dockerfile ? to_json(*b.dockerfile) : Json(nullptr);
  out["target"] = opt(b.target);
  out["context"] = to_json(b.context);
  out["from"] = opt(b.from);
  out["base_module"] = opt(b.base_module);
  out["base_image"] = opt(b.base_image);
  out["builder"] = opt(b.builder);
  out["install"] = b.dev_install ? "dev" : "production";
  out["venv"] = opt(b.venv);
  out["serve"] = opt(b.serve);
  out["args"] = list(b.args, [](const model::BuildArg& a) {
    return Json{{"name", a.name}, {"value", a.value}};
  });
  out["packages"] = strings(b.packages);
  out["build_packages"] = strings(b.build_packages);
  out["manifests"] = strings(b.manifests);
  out["sources"] = strings(b.sources);
  out["build_env"] = list(b.build_env, [](const model::BuildEnv& e) {
    Json v;
    v["name"] = e.name;
    v["value"] = opt(e.value);
    v["required"] = e.required();
    v["description"] = e.description;
    v["example"] = e.example;
    return v;
  });
  return out;
}

Json port_json(const model::Port& p) {
  Json v;
  v["name"] = p.name;
  v["container"] = p.container;
  v["protocol"] = model::spelled(p.protocol);
  v["published"] = p.published();
  v["public"] = p.is_public();
  v["host"] = opt(p.host);
  v["bind"] = opt(p.bind);
  return v;
}

Json env_json(const model::EnvEntry& e) {
  Json v;
  v["name"] = e.name;
  v["kind"] = model::spelled(e.kind);
  v["value"] = opt(e.value);
  v["required"] = e.required();
  v["from_host"] = opt(e.from_host);
  v["host"] = e.host();
  v["secret"] = opt_of(e.secret, [](const model::SecretRef& s) {
    Json out;
    out["name"] = s.name;
    out["key"] = s.key;
    return out;
  });
  v["description"] = e.description;
  v["example"] = e.example;
  return v;
}

Json health_json(const model::Health& h) {
  auto probe = [](const std::optional<model::Probe>& p) {
    return opt_of(p, [](const model::Probe& q) { return to_json(q); });
  };
  Json out;
  out["liveness"] = probe(h.liveness);
  out["readiness"] = probe(h.readiness);
  out["startup"] = probe(h.startup);
  const model::Probe* container = h.container();
  out["container"] = container ? to_json(*container) : Json(nullptr);
  out["smoke"] = strings(h.smoke);
  out["http_paths"] = strings(h.http_paths);
  Json timings = timings_json(h.timings);
  for (auto it = timings.begin(); it != timings.end(); ++it) out[it.key()] = std::move(it.value());
  return out;
}

Json mount_json(const model::Mount& m) {
  Json out = object_with_room(12);
  out["name"] = m.name;
  out["type"] = model::spelled(m.kind);
  out["target"] = m.target;
  out["read_only"] = m.read_only;
  out["host"] = opt_of(m.host, [](const model::HostPath& h) { return to_json(h); });
  out["module"] = opt(m.module);
  out["path"] = opt(m.path);
  out["volume"] = opt(m.volume);
  out["secret"] = opt(m.secret);
  out["size"] = m.size ? Json(m.size->text()) : Json(nullptr);
  return out;
}

Json resource_json(const model::Resource& r, bool cpu) {
  auto text = [](const std::optional<model::Quantity>& q) {
    return q ? Json(q->text()) : Json(nullptr);
  };
  Json out;
  out["request"] = text(r.request);
  out["limit"] = text(r.limit);
  if (cpu) {
    for (const auto& [key, q] : {std::pair<const char*, const std::optional<model::Quantity>*>{
                                     "request", &r.request},
                                 {"limit", &r.limit}}) {
      std::optional<int64_t> mc = *q ? (*q)->millicores() : std::nullopt;
      out[std::string(key) + "_millicores"] = opt(mc);
      out[std::string(key) + "_cores"] =
          mc ? Json(values::millicores_to_cores(*mc)) : Json(nullptr);
    }
  } else {
    out["request_bytes"] = opt(r.request ? r.request->bytes() : std::nullopt);
    out["limit_bytes"] = opt(r.limit ? r.limit->bytes() : std::nullopt);
  }
  return out;
}

Json stop_json(const model::Stop& s) {
  Json out;
  out["signal"] = s.signal;
  out["grace"] = s.grace.text;
  out["grace_seconds"] = s.grace.ceil_seconds();
  out["drain"] = s.drain ? Json(s.drain->text) : Json(nullptr);
  out["drain_seconds"] = s.drain ? Json(s.drain->ceil_seconds()) : Json(nullptr);
  return out;
}

Json network_json(const model::Network& n) {
  Json v;
  v["key"] = n.key;
  v["name"] = n.name;
  v["external"] = n.external;
  v["internal"] = n.internal;
  v["subnet"] = n.subnet ? Json(n.subnet->text()) : Json(nullptr);
  v["gateway"] = n.gateway ? Json(n.gateway->text()) : Json(nullptr);
  v["variables"] = strings(n.variables);
  v["members"] = strings(n.members);
  return v;
}

Json volume_json(const model::Volume& vol) {
  Json v;
  v["key"] = vol.key;
  v["name"] = vol.name;
  v["external"] = vol.external;
  v["claim"] = model::volume_claim(vol);
  v["size"] = vol.size.text();
  v["variables"] = strings(vol.variables);
  v["users"] = list(vol.users, [](const model::VolumeUse& u) {
    return Json{{"module", u.module}, {"target", u.target}, {"read_only", u.read_only}};
  });
  return v;
}

Json targets_json(const model::Targets& t) {
  Json compose;
  compose["layout"] = model::spelled(t.compose.layout);
  compose["project_name"] = t.compose.project_name;
  Json k8s;
  k8s["namespace"] = t.k8s.namespace_;
  k8s["pull_secrets"] = strings(t.k8s.pull_secrets);
  k8s["pull_policy"] = t.k8s.pull_policy;
  k8s["storage_class"] = opt(t.k8s.storage_class);
  k8s["expose"] = model::spelled(t.k8s.expose);
  const model::K8sRoutes& r = t.k8s.routes;
  Json routes;
  routes["api"] = model::spelled(r.api);
  routes["class"] = opt(r.class_);
  routes["gateway"] = r.gateway.empty() ? Json(nullptr) : Json(r.gateway);
  routes["gateway_namespace"] = r.gateway_namespace;
  routes["edge_namespace"] = r.edge_namespace;
  k8s["routes"] = std::move(routes);
  Json systemd;
  systemd["flavor"] = model::spelled(t.systemd.flavor);
  systemd["engine"] = model::spelled(t.systemd.engine);
  Json out;
  out["compose"] = std::move(compose);
  out["k8s"] = std::move(k8s);
  out["systemd"] = std::move(systemd);
  return out;
}

}  // namespace

Json to_json(const model::HostPath& h) {
  bool output = h.base == model::PathBase::Output;
  return {{"base", model::spelled(h.base)},
          {"path", h.path},
          {"single", output ? Json(h.single) : Json(nullptr)},
          {"per_module", output ? Json(h.per_module) : Json(nullptr)}};
}

Json to_json(const model::User& u) {
  Json out;
  out["uid"] = u.uid;
  out["gid"] = u.gid;
  out["groups"] = Json::array();
  for (int64_t g : u.groups) out["groups"].push_back(g);
  out["name"] = opt(u.name);
  out["group_name"] = opt(u.group_name);
  out["spec"] = u.spec();
  return out;
}

Json to_json(const model::Probe& p) {
  bool command = p.kind == model::ProbeKind::Command;
  Json out;
  out["type"] = model::spelled(p.kind);
  out["path"] = p.kind == model::ProbeKind::Http ? Json(p.path) : Json(nullptr);
  out["port"] = !command ? opt(p.port) : Json(nullptr);
  out["command"] = command ? strings(p.command) : Json(nullptr);
  out["url"] = opt(p.url());
  return out;
}

Json to_json(const model::Module& m, const model::Project& project) {
  Json out = object_with_room(40);
  out["name"] = m.name;
  out["kind"] = model::spelled(m.kind);
  out["spec_index"] = m.spec_index;
  out["long_running"] = m.long_running();
  out["description"] = m.description;
  out["dir"] = m.dir;
  out["image"] = image_json(m.image, project);
  out["build"] = opt_of(m.build, build_json);
  out["command"] = opt_of(m.command, strings);
  out["entrypoint"] = opt_of(m.entrypoint, strings);
  out["workdir"] = opt(m.workdir);
  out["user"] = opt_of(m.user, [](const model::User& u) { return to_json(u); });
  out["ports"] = list(m.ports, port_json);
  out["env"] = list(m.env, env_json);
  auto host_path = [](const model::HostPath& h) { return to_json(h); };
  out["env_file"] = opt_of(m.env_file, host_path);
  Json env_files = Json::object();
  for (size_t i = 0; i < project.profiles.size() && i < m.env_files.size(); ++i)
    env_files[project.profiles[i].name] = opt_of(m.env_files[i], host_path);
  out["env_files"] = std::move(env_files);
  out["health"] = opt_of(m.health, health_json);
  out["mounts"] = list(m.mounts, mount_json);
  out["own_dirs"] = strings(m.own_dirs);
  out["state"] = opt_of(m.state, [](const model::State& s) {
    Json v;
    v["target"] = s.target;
    v["size"] = s.size.text();
    v["volume"] = s.volume;
    v["name"] = s.name;
    return v;
  });
  out["schedule"] = opt_of(m.schedule, [](const model::Schedule& s) {
    Json v;
    v["cron"] = s.cron.text();
    v["k8s_cron"] = s.cron.cron();
    v["calendar"] = s.calendar();
    v["time_zone"] = s.time_zone;
    v["concurrency"] = model::spelled(s.concurrency);
    v["successful"] = s.successful;
    v["failed"] = s.failed;
    return v;
  });
  out["depends_on"] = list(m.depends_on, [](const model::Dependency& d) {
    return Json{{"module", d.module},
                {"condition", model::spelled(d.condition)},
                {"compose_condition", model::compose_condition(d.condition)}};
  });
  out["talks_to"] = strings(m.talks_to);
  out["hostname"] = opt(m.hostname);
  out["aliases"] = strings(m.aliases);
  out["egress"] = list(m.egress, [](const model::Egress& e) {
    Json v;
    v["cidr"] = e.cidr.text();
    v["ports"] = Json(e.ports);
    v["protocol"] = model::spelled(e.protocol);
    return v;
  });
  out["routes_out"] = m.routes_out();
  auto pairs = [](const std::vector<std::pair<std::string, std::string>>& items) {
    Json o = Json::object();
    for (const auto& [k, v] : items) o[k] = v;
    return o;
  };
  out["labels"] = pairs(m.labels);
  out["container_labels"] = pairs(m.container_labels);
  out["annotations"] = pairs(m.annotations);
  out["dependents"] = strings(m.dependents);
  out["after"] = strings(m.after);
  out["edge"] = m.edge;
  out["setup_of"] = m.setup_of ? Json(*m.setup_of) : Json(nullptr);
  out["setup_step"] = m.setup_of ? Json(m.setup_step) : Json(nullptr);
  out["setup"] = strings(m.setup);
  out["networks"] = strings(m.networks);
  {
    Json addresses = Json::object();
    for (const auto& a : m.addresses) addresses[a.network] = a.address.text();
    out["addresses"] = std::move(addresses);
  }
  out["resources"] = opt_of(m.resources, [](const model::Resources& r) {
    Json v;
    v["cpu"] = resource_json(r.cpu, true);
    v["memory"] = resource_json(r.memory, false);
    return v;
  });
  out["stop"] = stop_json(m.stop);
  out["restart"] = model::spelled(m.restart);
  out["replicas"] = m.replicas;
  out["autoscale"] = opt_of(m.autoscale, [](const model::Autoscale& a) {
    Json v;
    v["min"] = a.min;
    v["max"] = a.max;
    v["cpu"] = a.cpu ? Json(*a.cpu) : Json(nullptr);
    v["memory"] = a.memory ? Json(*a.memory) : Json(nullptr);
    return v;
  });
  out["logs"] = m.logs;
  out["privileged"] = m.privileged;
  out["network_mode"] = opt(m.network_mode);
  // Added privileges (issue 20), as the spec asks them; rules refuse each
  // unless the module waives it.
  out["cap_add"] = strings(m.cap_add);
  static const char* const kLevels[] = {"restricted", "baseline", "privileged"};
  out["cap_add_level"] = kLevels[values::capabilities_level(m.cap_add)];
  out["devices"] = list(m.devices, [](const model::DeviceUse& d) {
    return Json{{"host", d.device.host},
                {"container", d.device.container},
                {"permissions", d.device.permissions},
                {"text", d.device.text()},
                {"resource", opt(d.k8s_resource)}};
  });
  // Kubernetes: the extended resources of the devices, each once, in order.
  std::vector<std::string> device_resources;
  for (const auto& d : m.devices)
    if (d.k8s_resource && std::find(device_resources.begin(), device_resources.end(),
                                    *d.k8s_resource) == device_resources.end())
      device_resources.push_back(*d.k8s_resource);
  out["device_resources"] = strings(device_resources);
  out["read_only"] = m.read_only_root;
  out["init"] = m.init;
  out["stdin_open"] = m.stdin_open;
  out["tty"] = m.tty;
  out["extra_hosts"] = list(m.extra_hosts, [](const model::HostEntry& h) {
    return Json{{"host", h.host}, {"ip", h.ip}};
  });
  // Kernel settings (issue 20).
  out["shm_size"] = opt_of(m.shm_size, [](const model::Quantity& q) {
    return Json{{"text", q.text()}, {"bytes", opt(q.bytes())}};
  });
  out["ulimits"] = list(m.ulimits, [](const model::Ulimit& u) {
    return Json{{"name", u.name}, {"soft", u.soft}, {"hard", u.hard}, {"text", u.text()}};
  });
  out["sysctls"] = list(m.sysctls, [](const model::Sysctl& s) {
    return Json{{"name", s.name}, {"value", s.value}, {"safe", values::is_safe_sysctl(s.name)}};
  });
  bool unsafe_sysctl = false;
  for (const auto& s : m.sysctls) unsafe_sysctl |= !values::is_safe_sysctl(s.name);
  out["sysctls_level"] = unsafe_sysctl ? "privileged" : "restricted";
  if (m.platform)
    out["platform"] = Json{{"text", m.platform->text()},
                           {"os", m.platform->os},
                           {"arch", m.platform->arch},
                           {"variant", m.platform->variant.empty() ? Json(nullptr)
                                                                   : Json(m.platform->variant)}};
  else
    out["platform"] = nullptr;
  out["waivers"] = list(m.waivers, [](const model::Waiver& w) {
    return Json{{"rule", w.rule}, {"reason", w.reason}};
  });
  return out;
}

LazyModules::LazyModules(const model::Project& project, size_t pinned)
    : cache_(pinned, 64) {
  for (size_t i = 0; i < project.modules.size(); ++i)
    nodes_.emplace_back([&project, i] { return to_json(project.modules[i], project); }, cache_);
}

Json to_json(const model::Project& p, const LazyModules* lazy) {
  Json out;
  out["context_version"] = kContextVersion;
  out["spec_file"] = p.spec_file;
  Json project;
  project["name"] = p.info.name;
  project["description"] = p.info.description;
  project["source"] = p.info.source;
  project["vendor"] = p.info.vendor;
  project["licenses"] = p.info.licenses;
  project["documentation"] = p.info.documentation;
  out["project"] = std::move(project);
  const model::Profile* selected = p.selected_profile();
  out["profile"] = selected ? profile_json(*selected) : Json(nullptr);
  out["profiles"] = list(p.profiles, profile_json);
  out["defaults"] = defaults_json(p.defaults);
  out["networks"] = list(p.networks, network_json);
  out["egress_network"] =
      p.egress_network ? network_json(*p.egress_network) : Json(nullptr);
  out["volumes"] = list(p.volumes, volume_json);
  Json modules = Json::array();
  modules.get_ref<Json::array_t&>().reserve(p.modules.size());
  for (size_t i = 0; i < p.modules.size(); ++i)
    modules.push_back(lazy ? json_lazy((*lazy)[i]) : to_json(p.modules[i], p));
  out["modules"] = std::move(modules);
  out["secrets"] = list(p.secrets, [](const model::SecretUse& s) {
    Json v;
    v["module"] = s.module;
    v["env"] = s.env;
    v["name"] = s.name;
    v["key"] = s.key;
    return v;
  });
  out["secret_objects"] = list(p.secret_objects, [](const model::SecretObject& o) {
    return Json{{"name", o.name}, {"keys", strings(o.keys)}, {"modules", strings(o.modules)}};
  });
  out["secret_files"] = list(p.secret_files, [](const model::SecretFile& f) {
    return Json{{"name", f.name},
                {"file", f.file ? Json(f.file->path) : Json(nullptr)},
                {"modules", strings(f.modules)}};
  });
  out["routes"] = list(p.routes, [](const model::Route& r) {
    Json v;
    v["host"] = r.host;
    v["path"] = r.path;
    v["module"] = r.module;
    v["port"] = r.port;
    v["port_name"] = r.port_name;
    v["tls"] = opt_of(r.tls, [](const model::RouteTls& t) {
      return Json{{"issuer", t.issuer ? Json(t.name) : Json(nullptr)},
                  {"secret", t.secret}};
    });
    return v;
  });
  out["tls_secrets"] = list(p.tls_secrets, [](const model::TlsSecret& t) {
    return Json{{"name", t.name},
                {"cert", t.cert ? Json(t.cert->path) : Json(nullptr)},
                {"key", t.key ? Json(t.key->path) : Json(nullptr)}};
  });
  out["targets"] = targets_json(p.targets);
  // What a target leaves out (model/target_gaps.h), for the gaps the
  // project's modules run into, in table order.
  Json gaps = Json::array();
  for (const auto& g : model::target_gaps()) {
    std::vector<std::string> users;
    for (const auto& m : p.modules)  // setup steps share their owner's row
      if (!m.setup_of && m.kind != model::ModuleKind::Base && g.used_by(m))
        users.push_back(m.name);
    if (users.empty()) continue;
    gaps.push_back(Json{{"construct", g.construct},
                        {"target", g.target},
                        {"instead", g.instead},
                        {"modules", strings(users)}});
  }
  out["target_gaps"] = std::move(gaps);
  if (p.paths) out["paths"] = {{"spec_dir", p.paths->spec_dir}, {"out_dir", p.paths->out_dir}};
  if (p.config_files) {
    Json files = Json::object(), dirs = Json::object();
    for (const auto& f : *p.config_files) {
      if (f.directory)
        dirs[f.path] = f.entries ? strings(*f.entries) : Json(nullptr);
      else
        files[f.path] = opt(f.text);
    }
    out["config_files"] = std::move(files);
    out["config_dirs"] = std::move(dirs);
  }
  return out;
}

}  // namespace gen::context
