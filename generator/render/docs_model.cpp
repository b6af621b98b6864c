#include "render/docs_model.h"

#include <optional>

#include "render/json_index.h"
#include "render/systemd_model.h"
#include "util/text.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The container port the probe with HTTP path `path` calls.
std::optional<int64_t> port_of_path(const model::Health& health, const std::string& path) {
  for (const auto* p : {&health.liveness, &health.readiness, &health.startup})
    if (*p && (*p)->kind == model::ProbeKind::Http && (*p)->path == path && (*p)->port)
      return (*p)->port;
  // Smoke paths: the container probe's port.
  const model::Probe* c = health.container();
  if (!c || c->kind == model::ProbeKind::Command) return std::nullopt;
  return c->port;
}

// Health endpoints verify.sh can call from the host: an HTTP path on a
// port the module publishes (a wildcard bind is called on loopback).
Json http_checks(const model::Module& m) {
  Json out = Json::array();
  if (!m.health) return out;
  for (const std::string& path : m.health->http_paths) {
    std::optional<int64_t> port = port_of_path(*m.health, path);
    if (!port) continue;
    for (const model::Port& p : m.ports) {
      if (!p.published() || p.container != *port || p.protocol != model::Protocol::Tcp) continue;
      std::string bind = p.bind.value_or("");
      if (bind.empty() || bind == "0.0.0.0") bind = "127.0.0.1";
      if (bind == "::") bind = "::1";
      std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
      out.push_back({{"host", host}, {"port", *p.host}, {"path", path}});
      break;
    }
  }
  return out;
}

// Where the module's log files are on the host: the own/bind mount whose
// target is the module's log directory (or contains it).
Json logs_host(const model::Module& m) {
  const std::string& logs = m.logs;
  if (logs.empty() || logs == "stdout") return nullptr;
  for (const model::Mount& mount : m.mounts) {
    if (!mount.host || mount.host->base != model::PathBase::Output) continue;
    const std::string& target = mount.target;
    if (logs == target) return mount.host->path;
    if (logs.rfind(target + "/", 0) == 0) return mount.host->path + logs.substr(target.size());
  }
  return nullptr;
}

std::string compose_project(const model::Project& project, const model::Module& m) {
  const model::ComposeTarget& c = project.targets.compose;
  std::string name = c.project_name;
  if (name.empty()) name = project.info.name;
  if (c.layout != model::ComposeLayout::PerModule) return name;
  // compose_module_model's rule
  return m.name == name || m.name.rfind(name + "-", 0) == 0 ? m.name : name + "-" + m.name;
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

Json docs_model(const model::Project& project) {
  Json out;
  Json networks = Json::array();
  for (const model::Network& n : project.networks) {
    Json variables = Json::array();
    for (const auto& v : n.variables) variables.push_back(v);
    networks.push_back({{"key", n.key},
                        {"name", n.name},
                        {"external", n.external},
                        {"internal", n.internal},
                        {"variables", std::move(variables)},
                        {"id", mermaid_id("n", n.key)},
                        {"sh", shell_expand_word(n.name)}});
  }
  out["networks"] = std::move(networks);

  Json volumes = Json::array();
  for (const model::Volume& v : project.volumes)
    volumes.push_back({{"key", v.key}, {"name", v.name}, {"id", mermaid_id("v", v.key)}});
  out["volumes"] = std::move(volumes);

  Json profiles = Json::array();
  for (size_t i = 0; i < project.profiles.size(); ++i) {
    Json files = Json::array();
    for (const model::Module& m : project.modules) {
      if (m.kind == model::ModuleKind::Base) continue;
      // env_files is in the order of project.profiles.
      if (i < m.env_files.size() && m.env_files[i])
        files.push_back({{"module", m.name}, {"path", m.env_files[i]->path}});
    }
    if (!files.empty()) profiles.push_back({{"name", project.profiles[i].name}, {"files", files}});
  }
  out["env_profiles"] = std::move(profiles);

  Json modules = Json::object();
  for (const model::Module& m : project.modules)
    append_unique(modules, m.name,
                  {{"id", mermaid_id("m", m.name)},
                   {"compose_project", compose_project(project, m)},
                   {"http_checks", http_checks(m)},
                   {"logs_host", logs_host(m)}});
  out["modules"] = std::move(modules);

  // Modules built from the project's own Dockerfile: its build command, run
  // from the spec's directory (every path in it is spec-relative).
  Json own = Json::array();
  for (const model::Module& m : project.modules) {
    if (!m.build || !m.build->own()) continue;
    std::string cmd = "docker build -f " + m.build->dockerfile->path;
    if (m.build->target) cmd += " --target " + *m.build->target;
    for (const auto& a : m.build->args) cmd += " --build-arg " + shell_word(a.name + "=" + a.value);
    cmd += " -t " + m.image.ref.ref + " " + m.build->context.path;
    own.push_back({{"module", m.name}, {"command", cmd}});
  }
  out["own_dockerfiles"] = std::move(own);
  return out;
}

}  // namespace gen::render
