// One module's context: every field with defaults and the profile applied.
#include <set>

#include "resolve/host_path.h"
#include "resolve/scope.h"
#include "resolve/stacks.h"
#include "util/json_object.h"

namespace gen::resolve::detail {
namespace {

Json image_with_profiles(const Scope& scope, const spec::Module& m) {
  Json out = image_json(scope, m, scope.profile);
  Json tags = Json::object(), refs = Json::object();
  for (const auto& p : scope.spec.profiles) {
    Json img = image_json(scope, m, &p);
    tags[p.name.value] = img["tag"];
    refs[p.name.value] = img["ref"];
  }
  out["tags"] = std::move(tags);
  out["refs"] = std::move(refs);
  return out;
}

Json build_json(const Scope& scope, const spec::Module& m) {
  if (!m.build) return nullptr;
  const spec::Build& b = *m.build;
  const StackDefaults* stack = stack_defaults(b.stack.value);
  Json base_image = nullptr;
  if (b.base)
    if (const spec::Module* base = scope.module(b.base->value))
      base_image = image_json(scope, *base, scope.profile)["ref"];
  Json out = object_with_room(16);
  out["stack"] = b.stack.value;
  out["context"] = spec_path_json(value_or(b.context, m.name.value));
  // FROM of the runtime stage: the base module's image, else `from`, else the stack's.
  if (!base_image.is_null())
    out["from"] = base_image;
  else if (b.from)
    out["from"] = b.from->value;
  else
    out["from"] = stack ? Json(stack->from) : Json(nullptr);
  out["base_module"] = opt(b.base);
  out["base_image"] = base_image;
  Json args = Json::array();
  for (const auto& [name, value] : b.args)
    args.push_back({{"name", name.value}, {"value", value.value}});
  out["args"] = std::move(args);
  out["packages"] = strings(b.packages);
  out["build_packages"] = strings(b.build_packages);
  if (b.manifests)  // `manifests: []` means none (nothing to install), not the stack's
    out["manifests"] = strings(*b.manifests);
  else
    out["manifests"] = stack ? Json(stack->manifests) : Json::array();
  out["sources"] = b.sources.empty() ? Json::array({"."}) : strings(b.sources);
  out["build_env"] = build_env_json(scope, m);
  return out;
}

Json ports_json(const Scope& scope, const spec::Module& m) {
  const spec::Defaults& d = scope.spec.defaults;
  std::string bind = scope.profile && scope.profile->bind ? scope.profile->bind->value
                                                          : value_or(d.bind, kDefaultBind);
  Json out = Json::array();
  for (const auto& p : m.ports) {
    std::string protocol = value_or(p.protocol, "tcp");
    Json v;
    v["name"] = value_or(p.name, protocol + "-" + std::to_string(p.container.value));
    v["container"] = p.container.value;
    v["protocol"] = protocol;
    v["published"] = p.host.has_value();
    v["host"] = p.host ? Json(p.host->value) : Json(nullptr);
    v["bind"] = p.host ? Json(value_or(p.bind, bind)) : Json(nullptr);
    out.push_back(std::move(v));
  }
  return out;
}

Json env_file_json(const spec::Profile* p, const spec::Module& m) {
  if (!p || !p->env_file) return nullptr;
  std::string path = p->env_file->value;
  const std::string token = "{module}";
  for (size_t at = path.find(token); at != std::string::npos;
       at = path.find(token, at + m.name.value.size()))
    path.replace(at, token.size(), m.name.value);
  return output_path_json(path, m.name.value);
}

const char* compose_condition(const std::string& condition) {
  if (condition == "healthy") return "service_healthy";
  if (condition == "completed") return "service_completed_successfully";
  return "service_started";
}

Json stop_json(const Scope& scope, const spec::Module& m) {
  const spec::Defaults& d = scope.spec.defaults;
  const std::optional<spec::Duration>& grace = m.stop_grace ? m.stop_grace : d.stop_grace;
  Json out;
  out["signal"] =
      m.stop_signal ? m.stop_signal->value : value_or(d.stop_signal, kDefaultStopSignal);
  out["grace"] = grace ? grace->text : std::string(kDefaultStopGrace);
  out["grace_seconds"] = ceil_seconds(grace ? grace->millis : kDefaultStopGraceMillis);
  out["drain"] = m.drain ? Json(m.drain->text) : Json(nullptr);
  out["drain_seconds"] = m.drain ? Json(ceil_seconds(m.drain->millis)) : Json(nullptr);
  return out;
}

std::string restart_of(const Scope& scope, const spec::Module& m) {
  if (m.restart) return m.restart->value;
  // Project defaults describe long-running services; a job or a base image
  // restarting forever would be a bug.
  if (kind_of(m) != "service") return "no";
  return value_or(scope.spec.defaults.restart, kDefaultRestart);
}

}  // namespace

Json module_json(const Scope& scope, size_t index) {
  const spec::Spec& spec = scope.spec;
  const spec::Module& m = spec.modules[index];
  const std::string& name = m.name.value;
  Json out = object_with_room(40);
  out["name"] = name;
  out["kind"] = kind_of(m);
  out["spec_index"] = index;
  out["long_running"] = kind_of(m) == "service";
  out["description"] = text(m.description);
  out["dir"] = name;
  out["image"] = image_with_profiles(scope, m);
  out["build"] = build_json(scope, m);
  out["command"] = opt_strings(m.command);
  out["entrypoint"] = opt_strings(m.entrypoint);
  if (m.workdir)
    out["workdir"] = m.workdir->value;
  else if (m.build)
    out["workdir"] = value_or(spec.defaults.workdir, kDefaultWorkdir);
  else
    out["workdir"] = nullptr;  // a plain image keeps its own WORKDIR
  out["user"] = user_json(m.user, spec.defaults.user);
  out["ports"] = ports_json(scope, m);
  out["env"] = env_json(scope, m);
  out["env_file"] = env_file_json(scope.profile, m);
  Json env_files = Json::object();
  for (const auto& p : spec.profiles) env_files[p.name.value] = env_file_json(&p, m);
  out["env_files"] = std::move(env_files);
  out["health"] = health_json(scope, m);
  out["mounts"] = mounts_json(scope, m);
  Json own_dirs = Json::array();
  std::set<std::string> seen_dirs;
  for (const auto& mt : m.mounts)
    if (mt.kind == spec::Mount::Kind::Own && seen_dirs.insert(mt.source.value).second)
      own_dirs.push_back(mt.source.value);
  out["own_dirs"] = std::move(own_dirs);
  out["state"] = state_json(m);
  Json deps = Json::array();
  for (const auto& d : m.depends_on)
    deps.push_back({{"module", d.module.value},
                    {"condition", d.condition.value},
                    {"compose_condition", compose_condition(d.condition.value)}});
  out["depends_on"] = std::move(deps);
  Json dependents = Json::array();
  for (size_t d : scope.dependents(index)) dependents.push_back(spec.modules[d].name.value);
  out["dependents"] = std::move(dependents);
  Json after = Json::array();
  for (size_t p : scope.prerequisites()[index]) after.push_back(spec.modules[p].name.value);
  out["after"] = std::move(after);
  out["networks"] = strings(m.networks);
  out["resources"] = resources_json(scope, m);
  out["stop"] = stop_json(scope, m);
  out["restart"] = restart_of(scope, m);
  const spec::ProfileModule* pm = scope.overlay(name);
  out["replicas"] = pm && pm->replicas ? pm->replicas->value : m.replicas ? m.replicas->value : 1;
  out["logs"] = value_or(m.logs, kDefaultLogs);
  out["privileged"] = m.privileged ? m.privileged->value : false;
  out["network_mode"] = opt(m.network_mode);
  Json waivers = Json::array();
  for (const auto& w : m.waivers)
    waivers.push_back({{"rule", w.rule.value}, {"reason", w.reason.value}});
  out["waivers"] = waivers;
  return out;
}

}  // namespace gen::resolve::detail
