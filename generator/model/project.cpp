#include "model/project.h"

#include "model/volume_claim.h"

#include <algorithm>

namespace gen::model {

std::string Ulimit::text() const {
  return name + "=" + std::to_string(soft) + ":" + std::to_string(hard);
}

const char* spelled(ModuleKind v) {
  switch (v) {
    case ModuleKind::Service: return "service";
    case ModuleKind::Job: return "job";
    case ModuleKind::Base: return "base";
  }
  return "service";
}

const char* spelled(EnvKind v) {
  switch (v) {
    case EnvKind::Value: return "value";
    case EnvKind::Default: return "default";
    case EnvKind::Required: return "required";
    case EnvKind::Secret: return "secret";
    case EnvKind::Optional: return "optional";
  }
  return "value";
}

const char* spelled(ProbeKind v) {
  switch (v) {
    case ProbeKind::Http: return "http";
    case ProbeKind::Command: return "command";
    case ProbeKind::Tcp: return "tcp";
  }
  return "http";
}

const char* spelled(MountKind v) {
  switch (v) {
    case MountKind::Tmpfs: return "tmpfs";
    case MountKind::Anonymous: return "anonymous";
    case MountKind::Own: return "own";
    case MountKind::Volume: return "volume";
    case MountKind::From: return "from";
    case MountKind::Config: return "config";
    case MountKind::ConfigDir: return "config_dir";
    case MountKind::Secret: return "secret";
    case MountKind::Bind: return "bind";
    case MountKind::State: return "state";
  }
  return "bind";
}

const char* spelled(Condition v) {
  switch (v) {
    case Condition::Healthy: return "healthy";
    case Condition::Started: return "started";
    case Condition::Completed: return "completed";
  }
  return "started";
}

const char* compose_condition(Condition v) {
  switch (v) {
    case Condition::Healthy: return "service_healthy";
    case Condition::Completed: return "service_completed_successfully";
    case Condition::Started: return "service_started";
  }
  return "service_started";
}

const char* spelled(Restart v) {
  switch (v) {
    case Restart::No: return "no";
    case Restart::Always: return "always";
    case Restart::OnFailure: return "on-failure";
    case Restart::UnlessStopped: return "unless-stopped";
  }
  return "no";
}

const char* spelled(Concurrency v) {
  switch (v) {
    case Concurrency::Forbid: return "forbid";
    case Concurrency::Allow: return "allow";
    case Concurrency::Replace: return "replace";
  }
  return "forbid";
}

const char* spelled(RouteApi v) { return v == RouteApi::Gateway ? "gateway" : "ingress"; }

const char* spelled(Protocol v) { return v == Protocol::Udp ? "udp" : "tcp"; }
const char* spelled(PathBase v) { return v == PathBase::Output ? "output" : "spec"; }
const char* spelled(ComposeLayout v) {
  return v == ComposeLayout::PerModule ? "per-module" : "single";
}
const char* spelled(SystemdFlavor v) { return v == SystemdFlavor::Service ? "service" : "quadlet"; }
const char* spelled(Engine v) { return v == Engine::Docker ? "docker" : "podman"; }
const char* spelled(K8sExpose v) {
  switch (v) {
    case K8sExpose::None: return "none";
    case K8sExpose::NodePort: return "NodePort";
    case K8sExpose::LoadBalancer: return "LoadBalancer";
  }
  return "none";
}

bool Port::is_public() const {
  if (!host || !bind || bind->empty()) return false;
  const std::string& b = *bind;
  bool loopback = b == "::1" || b == "localhost" || b.rfind("127.", 0) == 0;
  return !loopback;
}

std::optional<std::string> Probe::url() const {
  // Probes run inside the container's network namespace: loopback.
  if (kind != ProbeKind::Http || !port) return std::nullopt;
  return "http://127.0.0.1:" + std::to_string(*port) + path;
}

const Probe* Health::container() const {
  // Liveness (is the process alive) is the right question for a restart policy.
  if (liveness) return &*liveness;
  if (readiness) return &*readiness;
  if (startup) return &*startup;
  return nullptr;
}

std::vector<std::string> Module::peers() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const auto& d : depends_on) add(d.module);
  for (const auto& t : talks_to) add(t);
  return out;
}

bool Module::routes_out() const {
  if (kind == ModuleKind::Base) return false;
  if (network_mode) return false;  // the engine's network (bridge), or none: not gen's
  if (!egress.empty()) return true;
  for (const auto& p : ports)
    if (p.published()) return true;
  return false;
}

bool Module::waives(std::string_view rule) const {
  for (const auto& w : waivers)
    if (w.rule == rule) return true;
  return false;
}

namespace {

template <typename List, typename Key>
void sort_index(const List& items, Key key, std::vector<size_t>& index) {
  index.resize(items.size());
  for (size_t i = 0; i < index.size(); ++i) index[i] = i;
  std::stable_sort(index.begin(), index.end(),
                   [&](size_t a, size_t b) { return key(items[a]) < key(items[b]); });
}

template <typename List, typename Key>
const typename List::value_type* lookup(const List& items, Key key, const std::vector<size_t>& index,
                                        std::string_view wanted) {
  auto it = std::lower_bound(index.begin(), index.end(), wanted,
                             [&](size_t i, std::string_view w) { return key(items[i]) < w; });
  if (it == index.end() || key(items[*it]) != wanted) return nullptr;
  return &items[*it];
}

std::string_view module_name(const Module& m) { return m.name; }
std::string_view config_path(const ConfigFile& c) { return c.path; }
std::string_view network_key(const Network& n) { return n.key; }
std::string_view volume_key(const Volume& v) { return v.key; }

}  // namespace

void Project::index() {
  sort_index(modules, module_name, module_index_);
  sort_index(networks, network_key, network_index_);
  sort_index(volumes, volume_key, volume_index_);
  if (config_files) sort_index(*config_files, config_path, config_index_);
}

const Module* Project::find_module(std::string_view name) const {
  return lookup(modules, module_name, module_index_, name);
}

const ConfigFile* Project::find_config_file(std::string_view path) const {
  if (!config_files) return nullptr;
  return lookup(*config_files, config_path, config_index_, path);
}

const Network* Project::find_network(std::string_view key) const {
  return lookup(networks, network_key, network_index_, key);
}

const Volume* Project::find_volume(std::string_view key) const {
  return lookup(volumes, volume_key, volume_index_, key);
}

std::string volume_claim(const Volume& v) { return v.external ? v.name : values::k8s_name(v.key); }

}  // namespace gen::model
