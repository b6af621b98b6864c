#include "context/context.h"

#include <algorithm>
#include <memory>
#include <mutex>

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

namespace {

// A module's part of the context, one entry per key in the order templates
// see them. Both the plain object (to_json) and the view that builds each
// value when a template reads it (ModuleViews) come from this table, so the
// two cannot differ.
using model::Module;
using model::Project;
using FieldValue = Json (*)(const Module&, const Project&);
struct ModuleField {
  const char* key;
  FieldValue value;
};

Json pairs_json(const std::vector<std::pair<std::string, std::string>>& items) {
  Json o = Json::object();
  for (const auto& [k, v] : items) o[k] = v;
  return o;
}

Json host_path_json(const model::HostPath& h) { return to_json(h); }

const ModuleField kModuleFields[] = {
    {"name", [](const Module& m, const Project&) { return Json(m.name); }},
    {"kind", [](const Module& m, const Project&) { return Json(model::spelled(m.kind)); }},
    {"spec_index", [](const Module& m, const Project&) { return Json(m.spec_index); }},
    {"long_running", [](const Module& m, const Project&) { return Json(m.long_running()); }},
    {"description", [](const Module& m, const Project&) { return Json(m.description); }},
    {"dir", [](const Module& m, const Project&) { return Json(m.dir); }},
    {"image", [](const Module& m, const Project& p) { return image_json(m.image, p); }},
    {"build", [](const Module& m, const Project&) { return opt_of(m.build, build_json); }},
    {"command", [](const Module& m, const Project&) { return opt_of(m.command, strings); }},
    {"entrypoint", [](const Module& m, const Project&) { return opt_of(m.entrypoint, strings); }},
    {"workdir", [](const Module& m, const Project&) { return opt(m.workdir); }},
    {"user",
     [](const Module& m, const Project&) {
       return opt_of(m.user, [](const model::User& u) { return to_json(u); });
     }},
    {"ports", [](const Module& m, const Project&) { return list(m.ports, port_json); }},
    {"env", [](const Module& m, const Project&) { return list(m.env, env_json); }},
    {"env_file", [](const Module& m, const Project&) { return opt_of(m.env_file, host_path_json); }},
    {"env_files",
     [](const Module& m, const Project& p) {
       Json env_files = Json::object();
       for (size_t i = 0; i < p.profiles.size() && i < m.env_files.size(); ++i)
         env_files[p.profiles[i].name] = opt_of(m.env_files[i], host_path_json);
       return env_files;
     }},
    {"health", [](const Module& m, const Project&) { return opt_of(m.health, health_json); }},
    {"mounts", [](const Module& m, const Project&) { return list(m.mounts, mount_json); }},
    {"own_dirs", [](const Module& m, const Project&) { return strings(m.own_dirs); }},
    {"state",
     [](const Module& m, const Project&) {
       return opt_of(m.state, [](const model::State& s) {
         Json v;
         v["target"] = s.target;
         v["size"] = s.size.text();
         v["volume"] = s.volume;
         v["name"] = s.name;
         return v;
       });
     }},
    {"schedule",
     [](const Module& m, const Project&) {
       return opt_of(m.schedule, [](const model::Schedule& s) {
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
     }},
    {"depends_on",
     [](const Module& m, const Project&) {
       return list(m.depends_on, [](const model::Dependency& d) {
         return Json{{"module", d.module},
                     {"condition", model::spelled(d.condition)},
                     {"compose_condition", model::compose_condition(d.condition)}};
       });
     }},
    {"talks_to", [](const Module& m, const Project&) { return strings(m.talks_to); }},
    {"hostname", [](const Module& m, const Project&) { return opt(m.hostname); }},
    {"aliases", [](const Module& m, const Project&) { return strings(m.aliases); }},
    {"egress",
     [](const Module& m, const Project&) {
       return list(m.egress, [](const model::Egress& e) {
         Json v;
         v["cidr"] = e.cidr.text();
         v["ports"] = Json(e.ports);
         v["protocol"] = model::spelled(e.protocol);
         return v;
       });
     }},
    {"routes_out", [](const Module& m, const Project&) { return Json(m.routes_out()); }},
    {"labels", [](const Module& m, const Project&) { return pairs_json(m.labels); }},
    {"container_labels",
     [](const Module& m, const Project&) { return pairs_json(m.container_labels); }},
    {"annotations", [](const Module& m, const Project&) { return pairs_json(m.annotations); }},
    {"dependents", [](const Module& m, const Project&) { return strings(m.dependents); }},
    {"after", [](const Module& m, const Project&) { return strings(m.after); }},
    {"edge", [](const Module& m, const Project&) { return Json(m.edge); }},
    {"setup_of", [](const Module& m, const Project&) { return opt(m.setup_of); }},
    {"setup_step",
     [](const Module& m, const Project&) { return m.setup_of ? Json(m.setup_step) : Json(nullptr); }},
    {"setup", [](const Module& m, const Project&) { return strings(m.setup); }},
    {"networks", [](const Module& m, const Project&) { return strings(m.networks); }},
    {"addresses",
     [](const Module& m, const Project&) {
       Json addresses = Json::object();
       for (const auto& a : m.addresses) addresses[a.network] = a.address.text();
       return addresses;
     }},
    {"resources",
     [](const Module& m, const Project&) {
       return opt_of(m.resources, [](const model::Resources& r) {
         Json v;
         v["cpu"] = resource_json(r.cpu, true);
         v["memory"] = resource_json(r.memory, false);
         return v;
       });
     }},
    {"stop", [](const Module& m, const Project&) { return stop_json(m.stop); }},
    {"restart", [](const Module& m, const Project&) { return Json(model::spelled(m.restart)); }},
    {"replicas", [](const Module& m, const Project&) { return Json(m.replicas); }},
    {"autoscale",
     [](const Module& m, const Project&) {
       return opt_of(m.autoscale, [](const model::Autoscale& a) {
         Json v;
         v["min"] = a.min;
         v["max"] = a.max;
         v["cpu"] = a.cpu ? Json(*a.cpu) : Json(nullptr);
         v["memory"] = a.memory ? Json(*a.memory) : Json(nullptr);
         return v;
       });
     }},
    {"logs", [](const Module& m, const Project&) { return Json(m.logs); }},
    {"privileged", [](const Module& m, const Project&) { return Json(m.privileged); }},
    {"network_mode", [](const Module& m, const Project&) { return opt(m.network_mode); }},
    // Added privileges (issue 20), as the spec asks them; rules refuse each
    // unless the module waives it.
    {"cap_add", [](const Module& m, const Project&) { return strings(m.cap_add); }},
    {"cap_add_level",
     [](const Module& m, const Project&) {
       static const char* const kLevels[] = {"restricted", "baseline", "privileged"};
       return Json(kLevels[values::capabilities_level(m.cap_add)]);
     }},
    {"devices",
     [](const Module& m, const Project&) {
       return list(m.devices, [](const model::DeviceUse& d) {
         return Json{{"host", d.device.host},
                     {"container", d.device.container},
                     {"permissions", d.device.permissions},
                     {"text", d.device.text()},
                     {"resource", opt(d.k8s_resource)}};
       });
     }},
    // Kubernetes: the extended resources of the devices, each once, in order.
    {"device_resources",
     [](const Module& m, const Project&) {
       std::vector<std::string> device_resources;
       for (const auto& d : m.devices)
         if (d.k8s_resource && std::find(device_resources.begin(), device_resources.end(),
                                         *d.k8s_resource) == device_resources.end())
           device_resources.push_back(*d.k8s_resource);
       return strings(device_resources);
     }},
    {"read_only", [](const Module& m, const Project&) { return Json(m.read_only_root); }},
    {"init", [](const Module& m, const Project&) { return Json(m.init); }},
    {"stdin_open", [](const Module& m, const Project&) { return Json(m.stdin_open); }},
    {"tty", [](const Module& m, const Project&) { return Json(m.tty); }},
    {"extra_hosts",
     [](const Module& m, const Project&) {
       return list(m.extra_hosts, [](const model::HostEntry& h) {
         return Json{{"host", h.host}, {"ip", h.ip}};
       });
     }},
    // Kernel settings (issue 20).
    {"shm_size",
     [](const Module& m, const Project&) {
       return opt_of(m.shm_size, [](const model::Quantity& q) {
         return Json{{"text", q.text()}, {"bytes", opt(q.bytes())}};
       });
     }},
    {"ulimits",
     [](const Module& m, const Project&) {
       return list(m.ulimits, [](const model::Ulimit& u) {
         return Json{{"name", u.name}, {"soft", u.soft}, {"hard", u.hard}, {"text", u.text()}};
       });
     }},
    {"sysctls",
     [](const Module& m, const Project&) {
       return list(m.sysctls, [](const model::Sysctl& s) {
         return Json{{"name", s.name}, {"value", s.value}, {"safe", values::is_safe_sysctl(s.name)}};
       });
     }},
    {"sysctls_level",
     [](const Module& m, const Project&) {
       bool unsafe_sysctl = false;
       for (const auto& s : m.sysctls) unsafe_sysctl |= !values::is_safe_sysctl(s.name);
       return Json(unsafe_sysctl ? "privileged" : "restricted");
     }},
    {"platform",
     [](const Module& m, const Project&) {
       if (!m.platform) return Json(nullptr);
       return Json{{"text", m.platform->text()},
                   {"os", m.platform->os},
                   {"arch", m.platform->arch},
                   {"variant", m.platform->variant.empty() ? Json(nullptr)
                                                           : Json(m.platform->variant)}};
     }},
    {"waivers",
     [](const Module& m, const Project&) {
       return list(m.waivers, [](const model::Waiver& w) {
         return Json{{"rule", w.rule}, {"reason", w.reason}};
       });
     }},
};

constexpr size_t kModuleFieldCount = sizeof kModuleFields / sizeof kModuleFields[0];

const std::vector<std::string>& module_field_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& f : kModuleFields) out.emplace_back(f.key);
    return out;
  }();
  return keys;
}

}  // namespace

Json to_json(const model::Module& m, const model::Project& project) {
  Json out = object_with_room(kModuleFieldCount);
  for (const auto& f : kModuleFields) out[f.key] = f.value(m, project);
  return out;
}

// One module's part, built field by field as templates read it. What has
// been built of a module is kept while a reader holds a value of it or the
// views' cache keeps it.
class ModuleViews::Fields final : public JsonFields {
 public:
  Fields(const model::Module& module, const model::Project& project, LazyJsonCache& cache)
      : module_(&module), project_(&project), cache_(&cache) {}
  size_t size() const override { return kModuleFieldCount; }
  const std::string& key(size_t i) const override { return module_field_keys()[i]; }
  std::shared_ptr<const Json> value(size_t i) const override {
    std::shared_ptr<Built> built;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      built = built_.lock();
      if (!built) {
        // Its own allocation, not make_shared's: the weak_ptr then holds
        // only the control block once the values are gone.
        built.reset(new Built);
        built_ = built;
        cache_->keep(built);
      }
    }
    std::lock_guard<std::mutex> lock(built->mutex);
    std::shared_ptr<const Json>& slot = built->values[i];
    if (!slot) slot = std::make_shared<const Json>(kModuleFields[i].value(*module_, *project_));
    return slot;
  }

 private:
  struct Built {
    std::mutex mutex;
    std::shared_ptr<const Json> values[kModuleFieldCount];
  };
  const model::Module* module_;
  const model::Project* project_;
  LazyJsonCache* cache_;
  mutable std::mutex mutex_;
  mutable std::weak_ptr<Built> built_;
};

ModuleViews::ModuleViews(const model::Project& project)
    : cache_(LazyJsonCache::all_or_none(project.modules.size()), 64) {
  fields_.reserve(project.modules.size());
  for (const auto& m : project.modules)
    fields_.push_back(std::make_unique<Fields>(m, project, cache_));
}

ModuleViews::~ModuleViews() = default;

const JsonFields& ModuleViews::operator[](size_t i) const { return *fields_[i]; }

Json to_json(const model::Project& p, const ModuleViews* views) {
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
    modules.push_back(views ? json_view((*views)[i]) : to_json(p.modules[i], p));
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
