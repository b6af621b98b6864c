#include "resolve/resolve.h"

#include <algorithm>
#include <map>
#include <set>

#include "resolve/dependency_order.h"
#include "resolve/scope.h"
#include "util/parallel.h"
#include "util/spellcheck.h"

namespace gen::resolve {
namespace {

using detail::Json;
using detail::opt;
using detail::Scope;
using detail::text;
using detail::value_or;

Json project_json(const spec::Spec& spec) {
  const spec::Metadata& md = spec.metadata;
  Json out;
  out["name"] = spec.project.value;
  out["description"] = text(md.description);
  out["source"] = text(md.source);
  out["vendor"] = text(md.vendor);
  out["licenses"] = text(md.licenses);
  out["documentation"] = text(md.documentation);
  return out;
}

Json profile_json(const spec::Spec& spec, const spec::Profile& p) {
  const spec::Defaults& d = spec.defaults;
  Json out;
  out["name"] = p.name.value;
  out["env_file"] = opt(p.env_file);
  out["image_tag"] =
      p.image_tag ? p.image_tag->value : value_or(d.image_tag, detail::kDefaultImageTag);
  out["registry"] = p.registry ? Json(p.registry->value) : opt(d.registry);
  out["bind"] = p.bind ? p.bind->value : value_or(d.bind, detail::kDefaultBind);
  Json modules = Json::array();
  for (const auto& pm : p.modules) modules.push_back(pm.module.value);
  out["modules"] = std::move(modules);
  return out;
}

Json defaults_json(const spec::Spec& spec) {
  const spec::Defaults& d = spec.defaults;
  Json out;
  out["user"] = detail::user_json(std::nullopt, d.user);
  out["restart"] = value_or(d.restart, detail::kDefaultRestart);
  out["bind"] = value_or(d.bind, detail::kDefaultBind);
  out["health"] = detail::health_timings_json(spec::HealthTimings{}, d.health);
  out["stop_signal"] = value_or(d.stop_signal, detail::kDefaultStopSignal);
  out["stop_grace"] = d.stop_grace ? d.stop_grace->text : std::string(detail::kDefaultStopGrace);
  out["stop_grace_seconds"] =
      detail::ceil_seconds(d.stop_grace ? d.stop_grace->millis : detail::kDefaultStopGraceMillis);
  out["workdir"] = value_or(d.workdir, detail::kDefaultWorkdir);
  out["registry"] = opt(d.registry);
  out["image_tag"] = value_or(d.image_tag, detail::kDefaultImageTag);
  return out;
}

// Names of ${VAR} / $VAR references in `s`, in order of appearance, once each.
Json variables_in(const std::string& s) {
  auto is_name = [](char c, bool first) {
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && c >= '0' && c <= '9');
  };
  Json out = Json::array();
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

Json networks_json(const spec::Spec& spec) {
  std::map<std::string, Json> members;  // network key -> modules joining it, in spec order
  for (const auto& m : spec.modules) {
    std::set<std::string> joined;
    for (const auto& k : m.networks)
      if (joined.insert(k.value).second) members[k.value].push_back(m.name.value);
  }
  Json out = Json::array();
  for (const auto& n : spec.networks) {
    std::string name = value_or(n.name, n.key.value);
    auto it = members.find(n.key.value);
    Json v;
    v["key"] = n.key.value;
    v["name"] = name;
    v["external"] = n.external ? n.external->value : false;
    v["internal"] = n.internal ? n.internal->value : false;
    v["variables"] = variables_in(name);
    v["members"] = it == members.end() ? Json::array() : it->second;
    out.push_back(std::move(v));
  }
  return out;
}

Json volumes_json(const spec::Spec& spec) {
  std::map<std::string, Json> users;  // volume key -> mounts of it, in spec order
  for (const auto& m : spec.modules)
    for (const auto& mt : m.mounts)
      if (mt.kind == spec::Mount::Kind::Volume)
        users[mt.source.value].push_back(
            {{"module", m.name.value},
             {"target", mt.target.value},
             {"read_only", mt.read_only ? mt.read_only->value : false}});
  Json out = Json::array();
  for (const auto& vol : spec.volumes) {
    auto it = users.find(vol.key.value);
    Json v;
    v["key"] = vol.key.value;
    v["name"] = value_or(vol.name, vol.key.value);
    v["external"] = vol.external ? vol.external->value : false;
    v["size"] = value_or(vol.size, detail::kDefaultSize);
    v["variables"] = variables_in(value_or(vol.name, vol.key.value));
    v["users"] = it == users.end() ? Json::array() : it->second;
    out.push_back(std::move(v));
  }
  return out;
}

// Every secret reference (module, variable -> Secret name and key), and the
// Secrets an operator must create, grouped by name in order of first use.
void secrets_json(const Scope& scope, Json& refs, Json& objects) {
  struct Group {
    Json keys = Json::array(), modules = Json::array();
    std::set<std::string> seen_keys, seen_modules;
  };
  std::vector<std::pair<std::string, Group>> groups;
  std::map<std::string, size_t> group_of;
  refs = Json::array();
  for (const auto& m : scope.spec.modules) {
    for (auto& ref : detail::secret_refs_json(scope, m)) {
      std::string name = ref["name"], key = ref["key"];
      refs.push_back(std::move(ref));
      auto [it, fresh] = group_of.emplace(name, groups.size());
      if (fresh) groups.emplace_back(name, Group{});
      Group& g = groups[it->second].second;
      if (g.seen_keys.insert(key).second) g.keys.push_back(key);
      if (g.seen_modules.insert(m.name.value).second) g.modules.push_back(m.name.value);
    }
  }
  objects = Json::array();
  for (auto& [name, g] : groups)
    objects.push_back({{"name", name}, {"keys", g.keys}, {"modules", g.modules}});
}

Json targets_json(const spec::Spec& spec) {
  Json compose;
  compose["layout"] = value_or(spec.compose.layout, "single");
  compose["project_name"] = value_or(spec.compose.project_name, spec.project.value);
  Json k8s;
  k8s["namespace"] = value_or(spec.k8s.namespace_, spec.project.value);
  k8s["pull_secrets"] = detail::strings(spec.k8s.pull_secrets);
  k8s["pull_policy"] = value_or(spec.k8s.pull_policy, "IfNotPresent");
  k8s["storage_class"] = opt(spec.k8s.storage_class);
  Json systemd;
  systemd["flavor"] = value_or(spec.systemd.flavor, "quadlet");
  systemd["engine"] = value_or(spec.systemd.engine, "podman");
  Json out;
  out["compose"] = compose;
  out["k8s"] = std::move(k8s);
  out["systemd"] = std::move(systemd);
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

nlohmann::ordered_json resolve(const spec::Spec& spec, const std::string& profile,
                               Diagnostics& diags, int jobs) {
  const spec::Profile* selected = nullptr;
  if (!profile.empty()) {
    selected = select_profile(spec, profile, diags);
    if (!selected) return nullptr;
  }
  Scope scope{spec, selected};
  Json out;
  out["context_version"] = kContextVersion;
  out["spec_file"] = spec.file;
  out["project"] = project_json(spec);
  out["profile"] = selected ? profile_json(spec, *selected) : Json(nullptr);
  Json profiles = Json::array();
  for (const auto& p : spec.profiles) profiles.push_back(profile_json(spec, p));
  out["profiles"] = std::move(profiles);
  out["defaults"] = defaults_json(spec);
  out["networks"] = networks_json(spec);
  out["volumes"] = volumes_json(spec);
  // Each module's context depends on the spec alone (Scope is read-only).
  std::vector<size_t> order = dependency_order(scope.prerequisites());
  std::vector<Json> resolved(order.size());
  parallel_for(order.size(), thread_count(jobs, order.size() / 64 + 1),
               [&](size_t i, int) { resolved[i] = detail::module_json(scope, order[i]); });
  out["modules"] = Json(Json::value_t::array);
  out["modules"].get_ref<Json::array_t&>() = std::move(resolved);
  Json refs, objects;
  secrets_json(scope, refs, objects);
  out["secrets"] = std::move(refs);
  out["secret_objects"] = std::move(objects);
  out["targets"] = targets_json(spec);
  return out;
}

}  // namespace gen::resolve
