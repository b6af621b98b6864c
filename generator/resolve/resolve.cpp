#include "resolve/resolve.h"

#include <algorithm>
#include <map>
#include <set>

#include "resolve/dependency_order.h"
#include "resolve/edge.h"
#include "resolve/routes.h"
#include "resolve/scope.h"
#include "util/parallel.h"
#include "util/spellcheck.h"

namespace gen::resolve {
namespace {

using detail::opt;
using detail::Scope;
using detail::text;
using detail::value_or;

model::ProjectInfo project_info(const spec::Spec& spec) {
  const spec::Metadata& md = spec.metadata;
  return {spec.project.value, text(md.description), text(md.source),
          text(md.vendor),    text(md.licenses),    text(md.documentation)};
}

model::Profile profile(const spec::Spec& spec, const spec::Profile& p) {
  const spec::Defaults& d = spec.defaults;
  model::Profile out;
  out.name = p.name.value;
  out.env_file = opt(p.env_file);
  out.image_tag = p.image_tag ? p.image_tag->value : value_or(d.image_tag, detail::kDefaultImageTag);
  out.registry = p.registry ? opt(p.registry) : opt(d.registry);
  out.bind = p.bind ? p.bind->value : value_or(d.bind, detail::kDefaultBind);
  for (const auto& pm : p.modules) out.modules.push_back(pm.module.value);
  return out;
}

model::Defaults defaults(const spec::Spec& spec) {
  const spec::Defaults& d = spec.defaults;
  model::Defaults out;
  out.user = detail::user(std::nullopt, d.user);
  out.restart = value_or(d.restart, detail::kDefaultRestart);
  out.bind = value_or(d.bind, detail::kDefaultBind);
  out.health = detail::health_timings(spec::HealthTimings{}, d.health);
  out.stop_signal = value_or(d.stop_signal, detail::kDefaultStopSignal);
  out.stop_grace = d.stop_grace ? model::Duration(*d.stop_grace)
                                : model::Duration::of(detail::kDefaultStopGrace,
                                                      detail::kDefaultStopGraceMillis);
  out.workdir = value_or(d.workdir, detail::kDefaultWorkdir);
  out.registry = opt(d.registry);
  out.image_tag = value_or(d.image_tag, detail::kDefaultImageTag);
  return out;
}

// Names of ${VAR} / $VAR references in `s`, in order of appearance, once each.
std::vector<std::string> variables_in(const std::string& s) {
  auto is_name = [](char c, bool first) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && c >= '0' && c <= '9');
  };
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '$') continue;
    size_t start = i + 1;
    bool braced = s[start] == '{';
    if (braced) ++start;
    size_t end = start;
    while (end < s.size() && is_name(s[end], end == start)) ++end;
    if (end == start ||
        (braced && (end >= s.size() || (s[end] != '}' && s[end] != ':' && s[end] != '-'))))
      continue;
    std::string name = s.substr(start, end - start);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
    i = end - 1;
  }
  return out;
}

// A network's or volume's name on the host: gen's own are scoped to the
// project; an external one keeps the shared name the spec gives (the
// project-scoped-names rule refuses `name` without `external: true`).
std::string runtime_name(const spec::Spec& spec, const std::optional<spec::LString>& name,
                         const std::string& key, bool external) {
  if (external) return value_or(name, key);
  return model::scoped_name(spec.project.value, key);
}

std::vector<model::Network> networks(const spec::Spec& spec) {
  // network key -> modules joining it, in spec order
  std::map<std::string, std::vector<std::string>> members;
  for (const auto& m : spec.modules) {
    std::set<std::string> joined;
    for (const auto& k : m.networks)
      if (joined.insert(k.value).second) members[k.value].push_back(m.name.value);
  }
  std::vector<model::Network> out;
  for (const auto& n : spec.networks) {
    model::Network v;
    v.key = n.key.value;
    v.external = n.external ? n.external->value : false;
    v.name = runtime_name(spec, n.name, n.key.value, v.external);
    // gen's own networks have no route out unless the spec says so: the
    // modules that need one also join the routed network (egress_network).
    v.internal = n.internal ? n.internal->value : !v.external;
    v.variables = variables_in(v.name);
    // Check has refused a subnet or gateway it could not use (rule addresses).
    if (!v.external && n.subnet_parsed.cidr && !n.subnet_parsed.cidr->v6()) {
      v.subnet = *n.subnet_parsed.cidr;
      if (n.gateway_parsed.address) v.gateway = *n.gateway_parsed.address;
    }
    auto it = members.find(n.key.value);
    if (it != members.end()) v.members = std::move(it->second);
    out.push_back(std::move(v));
  }
  return out;
}

// The network that routes out (model::kEgressNetwork), when a module needs it.
std::optional<model::Network> egress_network(const spec::Spec& spec,
                                             const std::vector<model::Module>& modules) {
  model::Network n;
  n.key = model::kEgressNetwork;
  n.name = model::scoped_name(spec.project.value, n.key);
  for (const auto& m : modules)
    if (m.routes_out()) n.members.push_back(m.name);
  if (n.members.empty()) return std::nullopt;
  return n;
}

std::vector<model::Volume> volumes(const spec::Spec& spec) {
  // volume key -> mounts of it, in spec order
  std::map<std::string, std::vector<model::VolumeUse>> users;
  for (const auto& m : spec.modules)
    for (const auto& mt : m.mounts)
      if (mt.kind == spec::Mount::Kind::Volume)
        users[mt.source.value].push_back(
            {m.name.value, mt.target.value, mt.read_only ? mt.read_only->value : false});
  std::vector<model::Volume> out;
  for (const auto& vol : spec.volumes) {
    model::Volume v;
    v.key = vol.key.value;
    v.external = vol.external ? vol.external->value : false;
    v.name = runtime_name(spec, vol.name, vol.key.value, v.external);
    v.size = model::Quantity::read(value_or(vol.size, detail::kDefaultSize));
    v.variables = variables_in(v.name);
    auto it = users.find(vol.key.value);
    if (it != users.end()) v.users = std::move(it->second);
    out.push_back(std::move(v));
  }
  return out;
}

// Every secret reference (module, variable -> Secret name and key), by
// module in spec order, and the Secrets an operator must create, grouped by
// name in order of first use.
void secrets(const std::vector<model::Module>& modules, model::Project& out) {
  std::vector<const model::Module*> in_spec_order(modules.size());
  for (const auto& m : modules) in_spec_order[m.spec_index] = &m;
  struct Group {
    std::set<std::string> seen_keys, seen_modules;
  };
  std::map<std::string, size_t> group_of;
  std::vector<Group> groups;
  for (const model::Module* m : in_spec_order) {
    for (const auto& e : m->env) {
      if (!e.secret) continue;
      out.secrets.push_back({m->name, e.name, e.secret->name, e.secret->key});
      auto [it, fresh] = group_of.emplace(e.secret->name, groups.size());
      if (fresh) {
        groups.emplace_back();
        out.secret_objects.push_back({e.secret->name, {}, {}});
      }
      Group& g = groups[it->second];
      model::SecretObject& o = out.secret_objects[it->second];
      if (g.seen_keys.insert(e.secret->key).second) o.keys.push_back(e.secret->key);
      if (g.seen_modules.insert(m->name).second) o.modules.push_back(m->name);
    }
  }
  std::map<std::string, size_t> file_of;
  for (const model::Module* m : in_spec_order)
    for (const auto& mt : m->mounts) {
      if (mt.kind != model::MountKind::Secret || !mt.secret) continue;
      auto [it, fresh] = file_of.emplace(*mt.secret, out.secret_files.size());
      if (fresh) out.secret_files.push_back({*mt.secret, mt.host, {}});
      model::SecretFile& f = out.secret_files[it->second];
      if (!f.file) f.file = mt.host;
      if (f.modules.empty() || f.modules.back() != m->name) f.modules.push_back(m->name);
    }
}

model::Targets targets(const spec::Spec& spec) {
  model::Targets out;
  if (spec.compose.layout && spec.compose.layout->value == "per-module")
    out.compose.layout = model::ComposeLayout::PerModule;
  out.compose.project_name = value_or(spec.compose.project_name, spec.project.value);
  out.k8s.namespace_ = value_or(spec.k8s.namespace_, spec.project.value);
  out.k8s.pull_secrets = detail::strings(spec.k8s.pull_secrets);
  out.k8s.pull_policy = value_or(spec.k8s.pull_policy, "IfNotPresent");
  out.k8s.storage_class = opt(spec.k8s.storage_class);
  for (const auto& [host, resource] : spec.k8s.device_resources)
    out.k8s.device_resources.push_back({host.value, resource.value});
  if (spec.k8s.expose && spec.k8s.expose->value == "NodePort")
    out.k8s.expose = model::K8sExpose::NodePort;
  if (spec.k8s.expose && spec.k8s.expose->value == "LoadBalancer")
    out.k8s.expose = model::K8sExpose::LoadBalancer;
  if (spec.systemd.flavor && spec.systemd.flavor->value == "service")
    out.systemd.flavor = model::SystemdFlavor::Service;
  if (spec.systemd.engine && spec.systemd.engine->value == "docker")
    out.systemd.engine = model::Engine::Docker;
  return out;
}

const spec::Profile* select_profile(const spec::Spec& spec, const std::string& name,
                                    Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& p : spec.profiles) {
    if (p.name.value == name) return &p;
    names.push_back(p.name.value);
  }
  Diagnostic& d = diags.error("unknown-profile", SourceLocation{spec.file, 0, 0},
                              "unknown profile '" + name + "'");
  if (names.empty()) {
    d.notes.push_back("this spec defines no profiles");
  } else {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    d.notes.push_back("profiles in this spec: " + list);
    std::string best = closest_match(name, names);
    if (!best.empty()) d.help = "did you mean '" + best + "'?";
  }
  return nullptr;
}

}  // namespace

std::optional<model::Project> resolve(const spec::Spec& spec, const std::string& profile_name,
                                      Diagnostics& diags, int jobs) {
  const spec::Profile* selected = nullptr;
  if (!profile_name.empty()) {
    selected = select_profile(spec, profile_name, diags);
    if (!selected) return std::nullopt;
  }
  Scope scope{spec, selected};
  model::Project out;
  out.spec_file = spec.file;
  out.info = project_info(spec);
  for (size_t i = 0; i < spec.profiles.size(); ++i) {
    out.profiles.push_back(profile(spec, spec.profiles[i]));
    if (&spec.profiles[i] == selected) out.profile = i;
  }
  out.defaults = defaults(spec);
  out.networks = networks(spec);
  out.volumes = volumes(spec);
  // Each module depends on the spec alone (Scope is read-only).
  std::vector<size_t> order = dependency_order(scope.prerequisites());
  out.modules.resize(order.size());
  parallel_for(order.size(), thread_count(jobs, order.size() / 64 + 1),
               [&](size_t i, int) { out.modules[i] = detail::module(scope, order[i]); });
  secrets(out.modules, out);  // by spec index: before the setup steps join
  detail::expand_setup(spec, out.modules);
  out.targets = targets(spec);
  out.index();
  detail::resolve_routes(spec, out);
  detail::add_edge(spec, out);
  // After the edge proxy joins: it publishes 80/443, so it routes out, and
  // may be the only module that does.
  out.egress_network = egress_network(spec, out.modules);
  return out;
}

}  // namespace gen::resolve
