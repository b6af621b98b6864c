#include "render/systemd_model.h"

#include <optional>
#include <set>

#include "render/container_probe.h"
#include "render/json_index.h"
#include "render/out_paths.h"
#include "values/quantity.h"
#include "util/json_object.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

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

// A host path (context HostPath) as the units in systemd/ spell it: paths
// relative to the output root or to the spec's directory become relative to
// systemd/, one level down; absolute paths stay as they are.
std::string from_unit_dir(const Json& context, const Json& host) {
  std::string path = str(host, "path");
  std::string from_out = str(host, "base") == "spec" ? spec_path_from_out(context, path)
                                                      : join_path("", path);
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

std::string restart_of(const std::string& policy) {
  // systemd never restarts a unit stopped on purpose, which is what
  // unless-stopped means; its other policies have the same names.
  if (policy == "unless-stopped") return "always";
  if (policy == "always" || policy == "on-failure") return policy;
  return "no";
}

// "100%" for 1000 millicores; CPUQuota= takes up to two decimals.
Json cpu_quota(const Json& resources) {
  if (!resources.is_object()) return nullptr;
  const Json& m = resources["cpu"]["limit_millicores"];
  if (!m.is_number_integer()) return nullptr;
  long long milli = m.get<long long>();
  std::string out = std::to_string(milli / 10);
  if (milli % 10) out += "." + std::to_string(milli % 10);
  return out + "%";
}

struct Builder {
  const Json& context;
  std::string engine;
  std::string flavor;
  Json networks = Json::array();
  Json volumes = Json::array();
  std::map<std::string, const Json*> by_name = {};  // modules by name
  std::set<std::string> awaited_healthy = {};  // modules some module waits healthy for

  std::string network_file(const std::string& key) const { return key + ".network"; }
  std::string network_service(const std::string& key) const { return key + "-network.service"; }
  std::string volume_file(const std::string& key) const { return key + ".volume"; }
  std::string volume_service(const std::string& key) const { return key + "-volume.service"; }

  const Json* module_named(const std::string& name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  }

  // Networks gen creates: the spec's own (not external) and, when a module
  // joins none, the project's default network (compose's <project>_default),
  // so modules reach each other by name as they do under compose.
  void add_networks(bool need_default) {
    for (const auto& n : context["networks"]) {
      if (n["external"] == true) continue;
      std::string key = str(n, "key");
      networks.push_back({{"key", key},
                          {"name", brace_variables(str(n, "name"))},
                          {"internal", n["internal"] == true},
                          {"default", false},
                          {"file", network_file(key)},
                          {"service", network_service(key)}});
    }
    if (need_default) {
      std::string key = str(context["project"], "name") + "-default";
      networks.push_back({{"key", key},
                          {"name", str(context["project"], "name") + "_default"},
                          {"internal", false},
                          {"default", true},
                          {"file", network_file(key)},
                          {"service", network_service(key)}});
    }
  }

  // Named volumes gen creates: shared ones (owned by their one writer, so a
  // non-root writer can write a fresh volume) and each module's state.
  void add_volumes() {
    for (const auto& v : context["volumes"]) {
      if (v["external"] == true) continue;
      std::string key = str(v, "key");
      Json owner = nullptr;
      for (const auto& u : v["users"]) {
        if (u["read_only"] == true) continue;
        const Json* m = module_named(str(u, "module"));
        if (m && (*m)["user"].is_object()) owner = (*m)["user"];
        break;
      }
      volumes.push_back({{"key", key},
                         {"name", brace_variables(str(v, "name"))},
                         {"state", false},
                         {"module", nullptr},
                         {"uid", owner.is_object() ? owner["uid"] : Json(nullptr)},
                         {"gid", owner.is_object() ? owner["gid"] : Json(nullptr)},
                         {"file", volume_file(key)},
                         {"service", volume_service(key)}});
    }
    for (const auto& m : context["modules"]) {
      if (!m["state"].is_object() || str(m, "kind") == "base") continue;
      std::string key = str(m["state"], "volume");
      const Json& user = m["user"];
      volumes.push_back({{"key", key},
                         {"name", key},
                         {"state", true},
                         {"module", m["name"]},
                         {"uid", user.is_object() ? user["uid"] : Json(nullptr)},
                         {"gid", user.is_object() ? user["gid"] : Json(nullptr)},
                         {"file", volume_file(key)},
                         {"service", volume_service(key)}});
    }
  }

  // One network a module joins, key by key into reserved room (an
  // initializer list copies every value once more).
  static Json network_entry(Json name, Json ref, bool external, Json service) {
    Json n = object_with_room(4);
    n["name"] = std::move(name);
    n["ref"] = std::move(ref);
    n["external"] = external;
    n["service"] = std::move(service);
    return n;
  }

  Json module_networks(const Json& m, std::vector<std::string>& variables) const {
    Json out = Json::array();
    std::string mode = str(m, "network_mode");
    if (mode == "host" || mode == "none") {
      out.push_back(network_entry(mode, mode, true, nullptr));
      return out;
    }
    if (m["networks"].empty()) {
      const Json* d = find_by(networks, "key", str(context["project"], "name") + "-default");
      if (!d) return out;
      out.push_back(network_entry((*d)["name"], (*d)["file"], false, (*d)["service"]));
      return out;
    }
    for (const auto& key : m["networks"]) {
      const std::string& k = key.get_ref<const std::string&>();
      const Json* n = find_by(context["networks"], "key", k);
      if (!n) continue;
      std::string name = brace_variables(str(*n, "name"));
      if ((*n)["external"] == true) {
        for (const auto& v : variables_in(name)) variables.push_back(v);
        out.push_back(network_entry(name, name, true, nullptr));
      } else {
        out.push_back(network_entry(name, network_file(k), false, network_service(k)));
      }
    }
    return out;
  }

  Json module_mounts(const Json& m, Json& services) const {
    Json out = Json::array();
    for (const auto& mount : m["mounts"]) {
      std::string type = str(mount, "type");
      // Every kind of mount ends up with six keys.
      Json item = object_with_room(6);
      item["type"] = type;
      item["target"] = mount["target"];
      item["read_only"] = mount["read_only"] == true;
      if (type == "tmpfs") {
        item["kind"] = "tmpfs";
        item["size"] = mount["size"];
        // tmpfs takes its size in bytes (k/m/g there are binary, unlike
        // the spec's decimal k/M/G).
        std::optional<int64_t> bytes;
        if (mount["size"].is_string()) bytes = values::Quantity::read(str(mount, "size")).bytes();
        item["size_bytes"] = bytes ? Json(*bytes) : Json(nullptr);
      } else if (type == "volume") {
        const Json* v = find_by(context["volumes"], "key", str(mount, "volume"));
        std::string key = str(mount, "volume");
        item["kind"] = "volume";
        if (v && (*v)["external"] == true) {
          item["name"] = brace_variables(str(*v, "name"));
          item["ref"] = item["name"];
        } else {
          item["name"] = v ? brace_variables(str(*v, "name")) : key;
          item["ref"] = volume_file(key);
          services.push_back(volume_service(key));
        }
      } else if (type == "state") {
        std::string key = str(mount, "volume");
        item["kind"] = "volume";
        item["name"] = key;
        item["ref"] = volume_file(key);
        services.push_back(volume_service(key));
      } else {  // own, from, config, bind: a host path
        item["kind"] = "bind";
        item["source"] = from_unit_dir(context, mount["host"]);
        item["relative"] = item["source"].get<std::string>()[0] != '/';
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  // How each run-time variable reaches the container.
  Json module_env(const Json& m, bool has_env_file) const {
    Json out = Json::array();
    for (const auto& e : m["env"]) {
      std::string kind = str(e, "kind");
      Json item = object_with_room(4);
      item["name"] = e["name"];
      item["value"] = e["value"];
      item["secret"] = nullptr;
      if (kind == "value" || kind == "default") {
        item["from"] = "value";
      } else if (kind == "optional") {
        // Passed through from the unit's environment when set there.
        item["from"] = has_env_file ? "env_file" : "pass";
      } else if (has_env_file) {
        item["from"] = "env_file";  // required and secret values live in the env file
      } else if (kind == "secret" && engine == "podman") {
        item["from"] = "secret";  // podman's secret store, never on a command line
        item["secret"] = str(e["secret"], "name") + "-" + str(e["secret"], "key");
      } else {
        item["from"] = "unit";  // the unit's environment, set by the operator
      }
      out.push_back(std::move(item));
    }
    return out;
  }

  Json module_entry(const Json& m) const {
    std::string name = str(m, "name");
    Json e = object_with_room(32);
    e["unit"] = name + ".service";
    e["container_name"] = name;
    e["job"] = str(m, "kind") == "job";
    std::string image =
        engine_image_ref(str(m["image"], "ref"), m["image"]["built"] == true, engine);
    e["image"] = image;
    std::vector<std::string> variables = variables_in(image);
    e["networks"] = module_networks(m, variables);

    Json services = Json::array();
    for (const auto& n : e["networks"])
      if (n["service"].is_string()) services.push_back(n["service"]);
    e["mounts"] = module_mounts(m, services);
    e["resource_units"] = std::move(services);  // network and volume units it needs first

    Json deps = Json::array();
    for (const auto& d : m["depends_on"]) {
      const Json* target = module_named(str(d, "module"));
      if (target && str(*target, "kind") != "base") deps.push_back(str(d, "module") + ".service");
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
    const Json& h = m["health"];
    if (wait && h.is_object())
      start += h["start_period_seconds"].get<int>() +
               (h["interval_seconds"].get<int>() + h["timeout_seconds"].get<int>()) *
                   (h["retries"].get<int>() + 1);
    // A job runs as long as it needs (a migration, a certificate renewal),
    // like a Kubernetes Job without a deadline.
    e["timeout_start_sec"] = str(m, "kind") == "job" ? Json("infinity") : Json(start);

    bool has_env_file = m["env_file"].is_object();
    e["env_file"] = has_env_file ? Json(from_unit_dir(context, m["env_file"])) : Json(nullptr);
    e["env"] = module_env(m, has_env_file);
    std::vector<std::string> unit_env;
    for (const auto& item : e["env"])
      if (item["from"] == "unit") unit_env.push_back(item["name"].get<std::string>());

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
    e["health_on_failure"] = m["health"].is_object() && m["health"]["liveness"].is_object()
                                 ? Json("kill")
                                 : Json(nullptr);
    e["restart"] = restart_of(str(m, "restart"));
    const Json& stop = m["stop"];
    int grace = stop["grace_seconds"].is_number_integer() ? stop["grace_seconds"].get<int>() : 30;
    e["stop_timeout"] = grace;
    // The engine gets `grace` to stop the container; systemd waits longer
    // so it never kills the engine in the middle of that.
    e["timeout_stop_sec"] = grace + 30;
    e["cpu_quota"] = cpu_quota(m["resources"]);
    const Json& res = m["resources"];
    e["cpus"] = res.is_object() ? res["cpu"]["limit_cores"] : Json(nullptr);
    e["memory_max"] = res.is_object() ? res["memory"]["limit_bytes"] : Json(nullptr);
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

Json systemd_model(const Json& context) {
  const Json& target = context["targets"]["systemd"];
  std::string flavor = str(target, "flavor").empty() ? "quadlet" : str(target, "flavor");
  // Quadlet is Podman's: a quadlet flavor always runs podman.
  std::string engine = flavor == "quadlet" || str(target, "engine").empty()
                           ? std::string("podman")
                           : str(target, "engine");
  Builder b{context, engine, flavor};
  for (const auto& m : context["modules"]) {
    b.by_name[str(m, "name")] = &m;
    for (const auto& d : m["depends_on"])
      if (str(d, "condition") == "healthy") b.awaited_healthy.insert(str(d, "module"));
  }

  bool need_default = false;
  for (const auto& m : context["modules"]) {
    std::string mode = str(m, "network_mode");
    if (str(m, "kind") != "base" && m["networks"].empty() && mode != "host" && mode != "none")
      need_default = true;
  }
  b.add_networks(need_default);
  b.add_volumes();

  Json modules = Json::object();
  for (const auto& m : context["modules"])
    if (str(m, "kind") != "base") append_unique(modules, str(m, "name"), b.module_entry(m));

  Json out;
  out["flavor"] = std::move(flavor);
  out["engine"] = engine;
  out["engine_bin"] = engine == "docker" ? "/usr/bin/docker" : "/usr/bin/podman";
  out["networks"] = b.networks;
  out["volumes"] = b.volumes;
  out["modules"] = std::move(modules);
  return out;
}

}  // namespace gen::render
