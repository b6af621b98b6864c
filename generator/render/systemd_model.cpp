#include "render/systemd_model.h"

#include <optional>
#include <set>
#include <utility>

#include "render/container_probe.h"
#include "render/json_index.h"
#include "render/out_paths.h"
#include "model/project.h"
#include "values/quantity.h"
#include "util/json_lazy.h"
#include "util/json_object.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

bool name_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return first ? alpha : alpha || (c >= '0' && c <= '9');
}

// Walks `text`, calling `var(name)` for each `$NAME` / `${NAME}` and
// `lit(text)` for everything else.
template <typename Var, typename Lit>
void scan_variables(const std::string& text, Var var, Lit lit) {
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '$' && i + 1 < text.size()) {
      if (text[i + 1] == '{') {
        size_t close = text.find('}', i + 2);
        if (close != std::string::npos && close > i + 2) {
          var(text.substr(i + 2, close - i - 2));
          i = close + 1;
          continue;
        }
      } else if (name_char(text[i + 1], true)) {
        size_t j = i + 1;
        while (j < text.size() && name_char(text[j], false)) ++j;
        var(text.substr(i + 1, j - i - 1));
        i = j;
        continue;
      }
    }
    lit(std::string(1, text[i]));
    ++i;
  }
}

// A registry host is the first path part when it has a '.' or ':' or is
// "localhost" (the rule docker and podman use to tell it from a user name).
bool has_registry(const std::string& ref) {
  size_t slash = ref.find('/');
  if (slash == std::string::npos) return false;
  std::string first = ref.substr(0, slash);
  return first == "localhost" || first.find('.') != std::string::npos ||
         first.find(':') != std::string::npos;
}

// A host path as the units in systemd/ spell it: paths relative to the
// output root or to the spec's directory become relative to systemd/, one
// level down; absolute paths stay as they are.
std::string from_unit_dir(const model::Project& project, const model::HostPath& host) {
  std::string from_out =
      host.base == model::PathBase::Spec
          ? join_path(project.paths ? project.paths->spec_dir : std::string("."), host.path)
          : join_path("", host.path);
  if (!from_out.empty() && from_out[0] == '/') return from_out;
  auto rel = relative_path(from_out, "systemd");
  return rel ? *rel : "../" + from_out;
}

// Whether str(j, key) == value, without copying the string.
bool str_is(const Json& j, const char* key, const std::string& value) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return value.empty();
  return it->get_ref<const std::string&>() == value;
}

const Json* find_by(const Json& list, const char* key, const std::string& value) {
  for (const auto& item : list)
    if (str_is(item, key, value)) return &item;
  return nullptr;
}

std::string restart_of(model::Restart policy) {
  // systemd never restarts a unit stopped on purpose, which is what
  // unless-stopped means; its other policies have the same names.
  switch (policy) {
    case model::Restart::UnlessStopped: return "always";
    case model::Restart::Always: return "always";
    case model::Restart::OnFailure: return "on-failure";
    case model::Restart::No: return "no";
  }
  return "no";
}

// "100%" for 1000 millicores; CPUQuota= takes up to two decimals.
std::string cpu_quota(int64_t millicores) {
  long long milli = millicores;
  std::string out = std::to_string(milli / 10);
  if (milli % 10) out += "." + std::to_string(milli % 10);
  return out + "%";
}

// The user id and group id a volume is created for, or nulls.
std::pair<Json, Json> owner_ids(const std::optional<model::User>& user) {
  if (!user) return {nullptr, nullptr};
  return {user->uid, user->gid};
}

struct Builder {
  const model::Project& project;
  std::string engine;
  std::string flavor;
  Json networks = Json::array();
  Json volumes = Json::array();
  std::set<std::string> awaited_healthy = {};  // modules some module waits healthy for

  std::string network_file(const std::string& key) const { return key + ".network"; }
  std::string network_service(const std::string& key) const { return key + "-network.service"; }
  std::string volume_file(const std::string& key) const { return key + ".volume"; }
  std::string volume_service(const std::string& key) const { return key + "-volume.service"; }

  // Networks gen creates: the spec's own (not external) and, when a module
  // joins none, the project's default network (compose's <project>_default),
  // so modules reach each other by name as they do under compose.
  void add_networks(bool need_default) {
    for (const model::Network& n : project.networks) {
      if (n.external) continue;
      networks.push_back({{"key", n.key},
                          {"name", brace_variables(n.name)},
                          {"internal", n.internal},
                          {"default", false},
                          {"egress", false},
                          {"subnet", n.subnet ? Json(n.subnet->text()) : Json(nullptr)},
                          {"gateway", n.gateway ? Json(n.gateway->text()) : Json(nullptr)},
                          {"file", network_file(n.key)},
                          {"service", network_service(n.key)}});
    }
    if (need_default) {
      std::string key = project.info.name + "-default";
      networks.push_back({{"key", key},
                          {"name", model::scoped_name(project.info.name, "default")},
                          {"internal", true},
                          {"default", true},
                          {"egress", false},
                          {"subnet", nullptr},
                          {"gateway", nullptr},
                          {"file", network_file(key)},
                          {"service", network_service(key)}});
    }
  }

  // The network that routes out (model::Project::egress_network), for the
  // modules with egress or a published port; keyed like the default one.
  void add_egress_network() {
    if (!project.egress_network) return;
    std::string key = egress_key();
    networks.push_back({{"key", key},
                        {"name", project.egress_network->name},
                        {"internal", false},
                        {"default", false},
                        {"egress", true},
                        {"subnet", nullptr},
                        {"gateway", nullptr},
                        {"file", network_file(key)},
                        {"service", network_service(key)}});
  }
  std::string egress_key() const {
    return project.info.name + "-" + model::kEgressNetwork;
  }

  // Named volumes gen creates: shared ones (owned by their one writer, so a
  // non-root writer can write a fresh volume) and each module's state.
  void add_volumes() {
    for (const model::Volume& v : project.volumes) {
      if (v.external) continue;
      std::pair<Json, Json> owner{nullptr, nullptr};
      for (const model::VolumeUse& u : v.users) {
        if (u.read_only) continue;
        const model::Module* m = project.find_module(u.module);
        if (m && m->user) owner = owner_ids(m->user);
        break;
      }
      volumes.push_back({{"key", v.key},
                         {"name", brace_variables(v.name)},
                         {"state", false},
                         {"module", nullptr},
                         {"uid", owner.first},
                         {"gid", owner.second},
                         {"file", volume_file(v.key)},
                         {"service", volume_service(v.key)}});
    }
    for (const model::Module& m : project.modules) {
      if (!m.state || m.kind == model::ModuleKind::Base) continue;
      const std::string& key = m.state->volume;
      auto [uid, gid] = owner_ids(m.user);
      volumes.push_back({{"key", key},
                         {"name", m.state->name},
                         {"state", true},
                         {"module", m.name},
                         {"uid", uid},
                         {"gid", gid},
                         {"file", volume_file(key)},
                         {"service", volume_service(key)}});
    }
  }

  // One network a module joins, key by key into reserved room (an
  // initializer list copies every value once more).
  // ip: the module's static address on it, or null.
  static Json network_entry(Json name, Json ref, bool external, Json service,
                            const values::Ipv4* ip = nullptr) {
    Json n = object_with_room(5);
    n["name"] = std::move(name);
    n["ref"] = std::move(ref);
    n["external"] = external;
    n["service"] = std::move(service);
    n["ip"] = ip ? Json(ip->text()) : Json(nullptr);
    return n;
  }

  Json module_networks(const model::Module& m, std::vector<std::string>& variables) const {
    Json out = Json::array();
    std::string mode = m.network_mode.value_or("");
    if (mode == "host" || mode == "none") {
      out.push_back(network_entry(mode, mode, true, nullptr));
      return out;
    }
    // First: the routed network, for a module that needs a way out (Podman
    // forwards published ports to the first network's address).
    if (m.routes_out())
      if (const Json* e = find_by(networks, "key", egress_key()))
        out.push_back(network_entry((*e)["name"], (*e)["file"], false, (*e)["service"]));
    if (m.networks.empty()) {
      // The default network as add_networks made it (the model's own list).
      if (const Json* d = find_by(networks, "key", project.info.name + "-default"))
        out.push_back(network_entry((*d)["name"], (*d)["file"], false, (*d)["service"]));
    }
    for (const std::string& k : m.networks) {
      const model::Network* n = project.find_network(k);
      if (!n) continue;
      std::string name = brace_variables(n->name);
      if (n->external) {
        for (const auto& v : variables_in(name)) variables.push_back(v);
        out.push_back(network_entry(name, name, true, nullptr));
      } else {
        out.push_back(
            network_entry(name, network_file(k), false, network_service(k), m.address_on(k)));
      }
    }
    return out;
  }

  Json module_mounts(const model::Module& m, Json& services) const {
    Json out = Json::array();
    for (const model::Mount& mount : m.mounts) {
      // Every kind of mount ends up with six keys.
      Json item = object_with_room(6);
      item["type"] = model::spelled(mount.kind);
      item["target"] = mount.target;
      item["read_only"] = mount.read_only;
      if (mount.kind == model::MountKind::Tmpfs) {
        item["kind"] = "tmpfs";
        item["size"] = mount.size ? Json(mount.size->text()) : Json(nullptr);
        // tmpfs takes its size in bytes (k/m/g there are binary, unlike
        // the spec's decimal k/M/G).
        std::optional<int64_t> bytes;
        if (mount.size) bytes = mount.size->bytes();
        item["size_bytes"] = bytes ? Json(*bytes) : Json(nullptr);
      } else if (mount.kind == model::MountKind::Anonymous) {
        // `-v /path`, Volume=/path: the engine creates a volume for this
        // container alone; `--rm` removes it with the container.
        item["kind"] = "anonymous";
      } else if (mount.kind == model::MountKind::Volume) {
        std::string key = mount.volume.value_or("");
        const model::Volume* v = project.find_volume(key);
        item["kind"] = "volume";
        if (v && v->external) {
          item["name"] = brace_variables(v->name);
          item["ref"] = item["name"];
        } else {
          item["name"] = v ? brace_variables(v->name) : key;
          item["ref"] = volume_file(key);
          services.push_back(volume_service(key));
        }
      } else if (mount.kind == model::MountKind::State) {
        std::string key = mount.volume.value_or("");
        item["kind"] = "volume";
        item["name"] = m.state ? m.state->name : key;
        item["ref"] = volume_file(key);
        services.push_back(volume_service(key));
      } else if (mount.kind == model::MountKind::Secret &&
                 (engine == "podman" || !mount.host)) {
        // podman's secret store, created by the operator (CONTRACT.md).
        item["kind"] = "secret";
        item["name"] = mount.secret.value_or("");
      } else {  // own, from, config, config_dir, bind; a secret's file under docker: a host path
        item["kind"] = "bind";
        model::HostPath none;  // no host path: the output root itself
        none.base = model::PathBase::Output;
        std::string source = from_unit_dir(project, mount.host.value_or(none));
        bool relative = source[0] != '/';
        item["source"] = std::move(source);
        item["relative"] = relative;
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  // How each run-time variable reaches the container.
  Json module_env(const model::Module& m, bool has_env_file) const {
    Json out = Json::array();
    for (const model::EnvEntry& e : m.env) {
      Json item = object_with_room(4);
      item["name"] = e.name;
      item["value"] = e.value ? Json(*e.value) : Json(nullptr);
      item["secret"] = nullptr;
      item["host"] = e.host();
      if (e.kind == model::EnvKind::Value || e.kind == model::EnvKind::Default) {
        item["from"] = "value";
      } else if (e.kind == model::EnvKind::Optional) {
        // Passed through from the unit's environment when set there.
        item["from"] = has_env_file ? "env_file" : "pass";
      } else if (has_env_file && !e.from_host) {
        item["from"] = "env_file";  // required and secret values live in the env file
      } else if (e.kind == model::EnvKind::Secret && engine == "podman") {
        item["from"] = "secret";  // podman's secret store, never on a command line
        item["secret"] = e.secret ? e.secret->name + "-" + e.secret->key : std::string("-");
      } else {
        item["from"] = "unit";  // the unit's environment, set by the operator
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  Json module_entry(const model::Module& m) const {
    const std::string& name = m.name;
    bool job = m.kind == model::ModuleKind::Job;
    Json e = object_with_room(32);
    e["unit"] = name + ".service";
    e["container_name"] = name;
    e["job"] = job;
    // A scheduled job: its timer starts the unit, nothing else does.
    e["timer"] = m.schedule ? Json(name + ".timer") : Json(nullptr);
    e["calendar"] = m.schedule ? Json(m.schedule->calendar()) : Json(nullptr);
    // What only a timer starts: a scheduled job, and the setup steps of one
    // (its unit Requires= them, so each run runs them again first).
    const model::Module* owner = m.setup_of ? project.find_module(*m.setup_of) : nullptr;
    const model::Module* scheduled = m.schedule ? &m : owner && owner->schedule ? owner : nullptr;
    e["run_by_timer"] = scheduled ? Json(scheduled->name + ".timer") : Json(nullptr);
    std::string image = engine_image_ref(m.image.ref.ref, m.image.built, engine);
    e["image"] = image;
    std::vector<std::string> variables = variables_in(image);
    e["networks"] = module_networks(m, variables);

    Json services = Json::array();
    for (const auto& n : e["networks"])
      if (n["service"].is_string()) services.push_back(n["service"]);
    e["mounts"] = module_mounts(m, services);
    e["resource_units"] = std::move(services);  // network and volume units it needs first

    Json deps = Json::array();
    for (const model::Dependency& d : m.depends_on) {
      const model::Module* target = project.find_module(d.module);
      if (target && target->kind != model::ModuleKind::Base) deps.push_back(d.module + ".service");
    }
    e["depends"] = std::move(deps);

    // Whether a dependent waits for this one to be healthy: then the unit
    // only counts as started once its health check passes.
    bool wait = awaited_healthy.count(name) > 0;
    e["wait_healthy"] = wait;
    // systemd's start timeout: time for an image pull (Podman's own
    // examples allow 900 s), plus, when a dependent waits for health, the
    // start period and every retry of the check.
    int start = 900;
    if (wait && m.health) {
      const model::HealthTimings& t = m.health->timings;
      start += static_cast<int>(t.start_period.ceil_seconds()) +
               (static_cast<int>(t.interval.ceil_seconds()) +
                static_cast<int>(t.timeout.ceil_seconds())) *
                   (static_cast<int>(t.retries) + 1);
    }
    // A job runs as long as it needs (a migration, a certificate renewal),
    // like a Kubernetes Job without a deadline.
    e["timeout_start_sec"] = job ? Json("infinity") : Json(start);

    bool has_env_file = m.env_file.has_value();
    e["env_file"] = has_env_file ? Json(from_unit_dir(project, *m.env_file)) : Json(nullptr);
    e["env"] = module_env(m, has_env_file);
    std::vector<std::string> unit_env;
    for (const auto& item : e["env"])
      if (item["from"] == "unit") unit_env.push_back(item["host"].get<std::string>());

    std::set<std::string> seen;
    Json vars = Json::array();
    for (const auto& v : variables)
      if (seen.insert(v).second) vars.push_back(v);
    e["variables"] = vars;
    Json required = vars;
    for (const auto& v : unit_env)
      if (seen.insert(v).second) required.push_back(v);
    e["required_env"] = required;  // what ExecStartPre checks before starting

    e["health_cmd"] = container_probe_argv(m);
    e["health_on_failure"] = m.health && m.health->liveness ? Json("kill") : Json(nullptr);
    e["restart"] = restart_of(m.restart);
    int grace = static_cast<int>(m.stop.grace.ceil_seconds());
    e["stop_timeout"] = grace;
    // The engine gets `grace` to stop the container; systemd waits longer
    // so it never kills the engine in the middle of that.
    e["timeout_stop_sec"] = grace + 30;
    const auto& res = m.resources;
    Json quota = nullptr, cpus = nullptr, memory = nullptr;
    if (res && res->cpu.limit)
      if (auto mc = res->cpu.limit->millicores()) {
        quota = cpu_quota(*mc);
        cpus = values::millicores_to_cores(*mc);
      }
    if (res && res->memory.limit)
      if (auto bytes = res->memory.limit->bytes()) memory = *bytes;
    e["cpu_quota"] = std::move(quota);
    e["cpus"] = std::move(cpus);
    e["memory_max"] = std::move(memory);
    return e;
  }
};

}  // namespace

std::vector<std::string> variables_in(const std::string& text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  scan_variables(
      text, [&](const std::string& name) {
        if (seen.insert(name).second) out.push_back(name);
      },
      [](const std::string&) {});
  return out;
}

std::string brace_variables(const std::string& text) {
  std::string out;
  scan_variables(
      text, [&](const std::string& name) { out += "${" + name + "}"; },
      [&](const std::string& lit) { out += lit; });
  return out;
}

std::string engine_image_ref(const std::string& ref, bool built, const std::string& engine) {
  std::string braced = brace_variables(ref);
  if (engine != "podman" || has_registry(braced)) return braced;
  if (built) return "localhost/" + braced;
  if (braced.find('/') == std::string::npos) return "docker.io/library/" + braced;
  return "docker.io/" + braced;
}

namespace {

// The model and what its lazy module entries are built from.
struct LazySystemdModel {
  LazySystemdModel(const model::Project& project, std::string engine, std::string flavor)
      : builder{project, std::move(engine), std::move(flavor)} {}
  Builder builder;
  LazyJsonPool entries{0, 2};  // a module's units render one after another
  Json model;
};

}  // namespace

std::shared_ptr<const Json> lazy_systemd_model(const model::Project& project) {
  const model::SystemdTarget& target = project.targets.systemd;
  std::string flavor = model::spelled(target.flavor);
  // Quadlet is Podman's: a quadlet flavor always runs podman.
  std::string engine = target.flavor == model::SystemdFlavor::Quadlet
                           ? std::string("podman")
                           : std::string(model::spelled(target.engine));
  auto lazy = std::make_shared<LazySystemdModel>(project, engine, flavor);
  Builder& b = lazy->builder;
  for (const model::Module& m : project.modules)
    for (const model::Dependency& d : m.depends_on)
      if (d.condition == model::Condition::Healthy) b.awaited_healthy.insert(d.module);

  bool need_default = false;
  for (const model::Module& m : project.modules) {
    std::string mode = m.network_mode.value_or("");
    if (m.kind != model::ModuleKind::Base && m.networks.empty() && mode != "host" &&
        mode != "none")
      need_default = true;
  }
  b.add_networks(need_default);
  b.add_egress_network();
  b.add_volumes();

  Json modules = Json::object();
  for (const model::Module& m : project.modules) {
    if (m.kind == model::ModuleKind::Base) continue;
    const LazyJson& entry = lazy->entries.add([&b, &m] { return b.module_entry(m); });
    append_unique(modules, m.name, json_lazy(entry));
  }

  Json& out = lazy->model;
  out["flavor"] = std::move(flavor);
  out["engine"] = engine;
  out["engine_bin"] = engine == "docker" ? "/usr/bin/docker" : "/usr/bin/podman";
  out["networks"] = b.networks;
  out["volumes"] = b.volumes;
  out["modules"] = std::move(modules);
  return std::shared_ptr<const Json>(lazy, &lazy->model);
}

Json systemd_model(const model::Project& project) {
  return json_materialized(*lazy_systemd_model(project));
}

}  // namespace gen::render
