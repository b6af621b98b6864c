#include "render/docs_model.h"

#include "render/json_index.h"
#include "render/systemd_model.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The container port the probe with HTTP path `path` calls.
Json port_of_path(const Json& health, const std::string& path) {
  for (const char* k : {"liveness", "readiness", "startup", "container"}) {
    const Json& p = health[k];
    if (p.is_object() && p["path"] == path && p["port"].is_number_integer()) return p["port"];
  }
  const Json& c = health["container"];  // smoke paths: the container probe's port
  return c.is_object() ? c["port"] : Json(nullptr);
}

// Health endpoints verify.sh can call from the host: an HTTP path on a
// port the module publishes (a wildcard bind is called on loopback).
Json http_checks(const Json& m) {
  Json out = Json::array();
  const Json& health = m["health"];
  if (!health.is_object()) return out;
  for (const auto& path : health["http_paths"]) {
    Json port = port_of_path(health, path.get<std::string>());
    if (!port.is_number_integer()) continue;
    for (const auto& p : m["ports"]) {
      if (p["published"] != true || p["container"] != port || p["protocol"] != "tcp") continue;
      std::string bind = str(p, "bind");
      if (bind.empty() || bind == "0.0.0.0") bind = "127.0.0.1";
      if (bind == "::") bind = "::1";
      std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
      out.push_back({{"host", host}, {"port", p["host"]}, {"path", path}});
      break;
    }
  }
  return out;
}

// Where the module's log files are on the host: the own/bind mount whose
// target is the module's log directory (or contains it).
Json logs_host(const Json& m) {
  std::string logs = str(m, "logs");
  if (logs.empty() || logs == "stdout") return nullptr;
  for (const auto& mount : m["mounts"]) {
    std::string target = str(mount, "target");
    if (!mount["host"].is_object() || str(mount["host"], "base") != "output") continue;
    if (logs == target) return mount["host"]["path"];
    if (logs.rfind(target + "/", 0) == 0)
      return str(mount["host"], "path") + logs.substr(target.size());
  }
  return nullptr;
}

std::string compose_project(const Json& context, const Json& m) {
  const Json& c = context["targets"]["compose"];
  std::string project = str(c, "project_name");
  if (project.empty()) project = str(context["project"], "name");
  if (str(c, "layout") != "per-module") return project;
  std::string name = str(m, "name");  // compose_module_model's rule
  return name == project || name.rfind(project + "-", 0) == 0 ? name : project + "-" + name;
}

}  // namespace

std::string shell_expand_word(const std::string& text) {
  std::string braced = brace_variables(text);
  std::string out = "\"";
  for (size_t i = 0; i < braced.size(); ++i) {
    char c = braced[i];
    if (c == '$' && i + 1 < braced.size() && braced[i + 1] == '{') {
      size_t j = i + 2;
      while (j < braced.size() && name_char(braced[j])) ++j;
      if (j < braced.size() && braced[j] == '}' && j > i + 2) {
        out += braced.substr(i, j - i + 1);
        i = j;
        continue;
      }
    }
    if (c == '$' || c == '`' || c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string mermaid_id(const std::string& prefix, const std::string& name) {
  std::string out = prefix + "_";
  for (char c : name) out += name_char(c) ? c : '_';
  return out;
}

Json docs_model(const Json& context) {
  Json out;
  Json networks = Json::array();
  for (const auto& n : context["networks"])
    networks.push_back({{"key", n["key"]},
                        {"name", n["name"]},
                        {"external", n["external"]},
                        {"internal", n["internal"]},
                        {"variables", n["variables"]},
                        {"id", mermaid_id("n", str(n, "key"))},
                        {"sh", shell_expand_word(str(n, "name"))}});
  out["networks"] = std::move(networks);

  Json volumes = Json::array();
  for (const auto& v : context["volumes"])
    volumes.push_back({{"key", v["key"]}, {"name", v["name"]}, {"id", mermaid_id("v", str(v, "key"))}});
  out["volumes"] = std::move(volumes);

  Json profiles = Json::array();
  for (const auto& p : context["profiles"]) {
    std::string name = str(p, "name");
    Json files = Json::array();
    for (const auto& m : context["modules"]) {
      if (str(m, "kind") == "base") continue;
      const Json& f = m["env_files"][name];
      if (f.is_object()) files.push_back({{"module", m["name"]}, {"path", f["path"]}});
    }
    if (!files.empty()) profiles.push_back({{"name", name}, {"files", files}});
  }
  out["env_profiles"] = std::move(profiles);

  Json modules = Json::object();
  for (const auto& m : context["modules"]) {
    std::string name = str(m, "name");
    append_unique(modules, name,
                  {{"id", mermaid_id("m", name)},
                   {"compose_project", compose_project(context, m)},
                   {"http_checks", http_checks(m)},
                   {"logs_host", logs_host(m)}});
  }
  out["modules"] = std::move(modules);
  return out;
}

}  // namespace gen::render
