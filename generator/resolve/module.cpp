// One module, resolved: every field with defaults and the profile applied.
#include <algorithm>
#include <map>
#include <set>

#include "resolve/host_path.h"
#include "resolve/scope.h"
#include "model/stacks.h"
#include "values/capability.h"

namespace gen::resolve::detail {
namespace {

model::Image image(const Scope& scope, const spec::Module& m) {
  model::Image out;
  out.ref = image_ref(scope, m, scope.profile);
  out.built = m.build.has_value();
  out.per_profile.reserve(scope.spec.profiles.size());
  for (const auto& p : scope.spec.profiles) out.per_profile.push_back(image_ref(scope, m, &p));
  return out;
}

std::optional<model::Build> build(const Scope& scope, const spec::Module& m,
                                  const std::vector<spec::EnvVar>& env) {
  if (!m.build) return std::nullopt;
  const spec::Build& b = *m.build;
  model::Build out;
  out.stack = value_or(b.stack, std::string());
  const model::Stack* stack = b.stack ? model::find_stack(out.stack) : nullptr;
  if (b.dockerfile) out.dockerfile = spec_path(b.dockerfile->value);
  out.target = opt(b.target);
  out.context = spec_path(value_or(b.context, m.name.value));
  if (b.base)
    if (const spec::Module* base = scope.module(b.base->value))
      out.base_image = image_ref(scope, *base, scope.profile).ref;
  // FROM of the runtime stage: the base module's image, else `from`, else the stack's.
  if (out.base_image)
    out.from = out.base_image;
  else if (b.from)
    out.from = b.from->value;
  else if (stack)
    out.from = stack->from;
  out.base_module = opt(b.base);
  if (b.builder)
    out.builder = b.builder->value;
  else if (stack && !stack->builder.empty())
    out.builder = stack->builder;
  out.dev_install = stack && stack->node_install && b.install && b.install->value == "dev";
  if (stack && stack->python_venv) out.venv = value_or(b.venv, model::kDefaultVenv);
  if (b.serve)
    out.serve = b.serve->value;
  else if (stack && !stack->serve.empty())
    out.serve = stack->serve;
  for (const auto& [name, value] : b.args) out.args.push_back({name.value, value.value});
  out.packages = strings(b.packages);
  out.build_packages = strings(b.build_packages);
  if (b.manifests)  // `manifests: []` means none (nothing to install), not the stack's
    out.manifests = strings(*b.manifests);
  else if (stack)
    out.manifests = stack->manifests;
  out.sources = b.sources.empty() ? std::vector<std::string>{"."} : strings(b.sources);
  out.build_env = build_env(env);
  return out;
}

std::vector<model::Port> ports(const Scope& scope, const spec::Module& m) {
  const spec::Defaults& d = scope.spec.defaults;
  std::string bind = scope.profile && scope.profile->bind ? scope.profile->bind->value
                                                          : value_or(d.bind, kDefaultBind);
  std::vector<model::Port> out;
  for (const auto& p : m.ports) {
    model::Port v;
    v.protocol = p.protocol && p.protocol->value == "udp" ? model::Protocol::Udp
                                                          : model::Protocol::Tcp;
    v.name = value_or(p.name, std::string(model::spelled(v.protocol)) + "-" +
                                  std::to_string(p.container.value));
    v.container = p.container.value;
    if (p.host) {
      v.host = p.host->value;
      v.bind = value_or(p.bind, bind);
    }
    v.loc = p.loc;
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<model::HostPath> env_file(const spec::Profile* p, const spec::Module& m) {
  if (!p || !p->env_file) return std::nullopt;
  std::string path = p->env_file->value;
  const std::string token = "{module}";
  for (size_t at = path.find(token); at != std::string::npos;
       at = path.find(token, at + m.name.value.size()))
    path.replace(at, token.size(), m.name.value);
  return output_path(path, m.name.value);
}

model::Condition condition(const std::string& c) {
  if (c == "healthy") return model::Condition::Healthy;
  if (c == "completed") return model::Condition::Completed;
  return model::Condition::Started;
}

model::Restart restart(const std::string& r) {
  if (r == "always") return model::Restart::Always;
  if (r == "on-failure") return model::Restart::OnFailure;
  if (r == "unless-stopped") return model::Restart::UnlessStopped;
  return model::Restart::No;
}

model::Stop stop(const Scope& scope, const spec::Module& m) {
  const spec::Defaults& d = scope.spec.defaults;
  const std::optional<spec::Duration>& grace = m.stop_grace ? m.stop_grace : d.stop_grace;
  model::Stop out;
  out.signal = m.stop_signal ? m.stop_signal->value : value_or(d.stop_signal, kDefaultStopSignal);
  out.grace = grace ? model::Duration(*grace)
                    : model::Duration::of(kDefaultStopGrace, kDefaultStopGraceMillis);
  if (m.drain) out.drain = *m.drain;
  return out;
}

model::Restart restart_of(const Scope& scope, const spec::Module& m) {
  if (m.restart) return restart(m.restart->value);
  // Project defaults describe long-running services; a job or a base image
  // restarting forever would be a bug.
  if (kind_of(m) != model::ModuleKind::Service) return model::Restart::No;
  return restart(value_or(scope.spec.defaults.restart, kDefaultRestart));
}

// Check has refused every schedule that did not parse (rule schedule) and
// any on a module other than a job.
std::optional<model::Schedule> schedule(const spec::Module& m) {
  if (!m.schedule || !m.schedule->parsed.cron || kind_of(m) != model::ModuleKind::Job)
    return std::nullopt;
  const spec::Schedule& s = *m.schedule;
  model::Schedule out;
  out.cron = *s.parsed.cron;
  out.time_zone = value_or(s.time_zone, kDefaultTimeZone);
  std::string c = value_or(s.concurrency, "forbid");
  out.concurrency = c == "allow"     ? model::Concurrency::Allow
                    : c == "replace" ? model::Concurrency::Replace
                                     : model::Concurrency::Forbid;
  out.successful = s.successful ? s.successful->value : kDefaultSuccessfulHistory;
  out.failed = s.failed ? s.failed->value : kDefaultFailedHistory;
  out.loc = s.loc;
  return out;
}

}  // namespace

// cap_add, devices, read_only: each value parsed once here (the schema has
// checked them; an unreadable one cannot reach resolve).
void privileges(const spec::Module& m, model::Module& out) {
  if (m.cap_add)
    for (const auto& c : m.cap_add->value) {
      std::string name = values::capability_name(c.value);
      if (!name.empty() && std::find(out.cap_add.begin(), out.cap_add.end(), name) == out.cap_add.end())
        out.cap_add.push_back(name);
    }
  if (m.devices)
    for (const auto& d : m.devices->value)
      if (auto device = values::Device::parse(d.value))
        out.devices.push_back({*device, d.loc, std::nullopt});
  out.read_only_root = m.read_only ? m.read_only->value : true;
}

void process_details(const spec::Module& m, model::Module& out) {
  out.init = m.init && m.init->value;
  out.stdin_open = m.stdin_open && m.stdin_open->value;
  out.tty = m.tty && m.tty->value;
  for (const auto& [host, ip] : m.extra_hosts) out.extra_hosts.push_back({host.value, ip.value});
  if (m.platform) out.platform = values::Platform::parse(m.platform->value);
}

void kernel_settings(const spec::Module& m, model::Module& out) {
  if (m.shm_size) out.shm_size = model::Quantity::read(m.shm_size->value);
  for (const auto& u : m.ulimits)
    out.ulimits.push_back({u.name.value, u.soft.value, u.hard.value});
  for (const auto& [name, value] : m.sysctls)
    out.sysctls.push_back({name.value, value.value, name.loc});
}

model::Module module(const Scope& scope, size_t index) {
  const spec::Spec& spec = scope.spec;
  const spec::Module& m = spec.modules[index];
  const std::string& name = m.name.value;
  const std::vector<spec::EnvVar> env = effective_env(scope, m);
  model::Module out;
  out.name = name;
  out.kind = kind_of(m);
  out.spec_index = index;
  out.description = text(m.description);
  out.dir = name;
  out.image = image(scope, m);
  out.build = build(scope, m, env);
  out.command = opt_strings(m.command);
  out.entrypoint = opt_strings(m.entrypoint);
  if (m.workdir)
    out.workdir = m.workdir->value;
  else if (m.build)
    out.workdir = value_or(spec.defaults.workdir, kDefaultWorkdir);
  // else a plain image keeps its own WORKDIR
  out.user = user(m.user, spec.defaults.user);
  out.ports = ports(scope, m);
  out.env = runtime_env(m, env);
  out.env_file = env_file(scope.profile, m);
  out.env_files.reserve(spec.profiles.size());
  for (const auto& p : spec.profiles) out.env_files.push_back(env_file(&p, m));
  out.health = health(scope, m);
  out.mounts = mounts(m);
  std::set<std::string> seen_dirs;
  for (const auto& mt : m.mounts)
    if (mt.kind == spec::Mount::Kind::Own && seen_dirs.insert(mt.source.value).second)
      out.own_dirs.push_back(mt.source.value);
  out.state = state(scope.spec, m);
  out.schedule = schedule(m);
  for (const auto& d : m.depends_on)
    out.depends_on.push_back({d.module.value, condition(d.condition.value)});
  for (const auto& t : m.talks_to) out.talks_to.push_back(t.value);
  out.hostname = opt(m.hostname);
  auto reached_by = [&](const std::string& alias) {
    if (alias != name && !std::count(out.aliases.begin(), out.aliases.end(), alias))
      out.aliases.push_back(alias);
  };
  if (m.hostname) reached_by(m.hostname->value);
  for (const auto& a : m.aliases) reached_by(a.value);
  // Check has refused every address it could not use (rule addresses).
  for (const auto& a : m.addresses)
    if (a.parsed.address) out.addresses.push_back({a.network.value, *a.parsed.address});
  // Check has refused every entry whose block did not parse (rule egress).
  for (const auto& e : m.egress) {
    if (!e.parsed.cidr) continue;
    model::Egress v;
    v.cidr = *e.parsed.cidr;
    for (const auto& p : e.ports) v.ports.push_back(p.value);
    v.protocol = e.protocol && e.protocol->value == "udp" ? model::Protocol::Udp
                                                         : model::Protocol::Tcp;
    v.loc = e.loc;
    out.egress.push_back(std::move(v));
  }
  // Labels by key (a later key replaces an earlier one: container additions).
  using Pairs = std::vector<std::pair<spec::LString, spec::LString>>;
  auto by_key = [](std::initializer_list<const Pairs*> lists) {
    std::map<std::string, std::string> merged;
    for (const Pairs* list : lists)
      for (const auto& [k, v] : *list) merged[k.value] = v.value;
    return std::vector<std::pair<std::string, std::string>>(merged.begin(), merged.end());
  };
  out.labels = by_key({&m.labels});
  out.container_labels = by_key({&m.labels, &m.container_labels});
  out.annotations = by_key({&m.annotations});
  for (size_t d : scope.dependents(index)) out.dependents.push_back(spec.modules[d].name.value);
  for (size_t p : scope.prerequisites()[index]) out.after.push_back(spec.modules[p].name.value);
  out.networks = strings(m.networks);
  out.resources = resources(scope, m);
  out.stop = stop(scope, m);
  out.restart = restart_of(scope, m);
  const spec::ProfileModule* pm = scope.overlay(name);
  out.replicas = pm && pm->replicas ? pm->replicas->value : m.replicas ? m.replicas->value : 1;
  // Autoscaling, unless the profile fixes a count; check has refused min
  // above max and autoscaling anything but a service (rule autoscale).
  if (m.autoscale && !(pm && pm->replicas) && kind_of(m) == model::ModuleKind::Service) {
    model::Autoscale a;
    a.min = m.autoscale->min.value;
    a.max = m.autoscale->max.value;
    if (m.autoscale->cpu) a.cpu = m.autoscale->cpu->value;
    if (m.autoscale->memory) a.memory = m.autoscale->memory->value;
    a.loc = m.autoscale->loc;
    out.replicas = a.min;
    out.autoscale = a;
  }
  out.logs = value_or(m.logs, kDefaultLogs);
  out.privileged = m.privileged ? m.privileged->value : false;
  out.network_mode = opt(m.network_mode);
  privileges(m, out);
  // Kubernetes: each device by the extended resource its plugin offers.
  for (auto& d : out.devices)
    for (const auto& [host, resource] : spec.k8s.device_resources)
      if (host.value == d.device.host) d.k8s_resource = resource.value;
  process_details(m, out);
  kernel_settings(m, out);
  for (const auto& w : m.waivers) out.waivers.push_back({w.rule.value, w.reason.value, w.rule.loc});
  out.loc = m.loc;
  return out;
}

}  // namespace gen::resolve::detail
