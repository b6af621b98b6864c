#include "resolve/scope.h"

#include <set>

#include "resolve/image_ref.h"

namespace gen::resolve::detail {

Scope::Scope(const spec::Spec& s, const spec::Profile* p) : spec(s), profile(p) {
  for (size_t i = 0; i < spec.modules.size(); ++i)
    modules_.emplace(spec.modules[i].name.value, i);  // first wins on duplicates
  if (profile)
    for (const auto& pm : profile->modules) overlays_.emplace(pm.module.value, &pm);
  prerequisites_.resize(spec.modules.size());
  dependents_.resize(spec.modules.size());
  for (size_t i = 0; i < spec.modules.size(); ++i) {
    const spec::Module& m = spec.modules[i];
    std::vector<std::string> names;
    for (const auto& d : m.depends_on) names.push_back(d.module.value);
    if (m.build && m.build->base) names.push_back(m.build->base->value);
    std::set<size_t> seen;
    for (size_t n = 0; n < names.size(); ++n) {
      auto it = modules_.find(names[n]);
      if (it == modules_.end() || it->second == i || !seen.insert(it->second).second) continue;
      prerequisites_[i].push_back(it->second);
      if (n < m.depends_on.size()) dependents_[it->second].push_back(i);
    }
  }
}

const spec::Module* Scope::module(const std::string& name) const {
  auto it = modules_.find(name);
  return it == modules_.end() ? nullptr : &spec.modules[it->second];
}

const spec::ProfileModule* Scope::overlay(const std::string& module) const {
  auto it = overlays_.find(module);
  return it == overlays_.end() ? nullptr : it->second;
}

Json opt(const std::optional<spec::LString>& s) { return s ? Json(s->value) : Json(nullptr); }

Json text(const std::optional<spec::LString>& s) { return s ? s->value : std::string(); }

std::string value_or(const std::optional<spec::LString>& s, const std::string& fallback) {
  return s ? s->value : fallback;
}

Json strings(const std::vector<spec::LString>& items) {
  Json out = Json::array();
  for (const auto& s : items) out.push_back(s.value);
  return out;
}

Json opt_strings(const std::optional<spec::LStrings>& items) {
  return items ? strings(items->value) : Json(nullptr);
}

int64_t ceil_seconds(int64_t millis) {
  if (millis <= 0) return 0;
  return millis / 1000 + (millis % 1000 != 0 ? 1 : 0);
}

std::string kind_of(const spec::Module& m) { return value_or(m.kind, "service"); }

Json image_json(const Scope& scope, const spec::Module& m, const spec::Profile* p) {
  const spec::Defaults& d = scope.spec.defaults;
  ImageRef ref;
  bool built = m.build.has_value();
  if (built) {
    std::string registry = p && p->registry ? p->registry->value : value_or(d.registry, "");
    std::string tag = m.image_tag         ? m.image_tag->value
                      : p && p->image_tag ? p->image_tag->value
                                          : value_or(d.image_tag, kDefaultImageTag);
    std::string name = m.build->image ? m.build->image->value : m.name.value;
    ref = compose_image_ref(registry, name, tag);
  } else {
    ref = parse_image_ref(value_or(m.image, ""));
  }
  Json out;
  out["name"] = ref.name;
  out["tag"] = ref.tag ? Json(*ref.tag) : Json(nullptr);
  out["digest"] = ref.digest ? Json(*ref.digest) : Json(nullptr);
  out["ref"] = ref.ref;
  out["built"] = built;
  return out;
}

Json user_json(const std::optional<spec::User>& mu, const std::optional<spec::User>& du) {
  // Field by field: the module's user wins, the defaults' user fills gaps.
  auto pick_int = [&](std::optional<spec::LInt> spec::User::*field) -> std::optional<int64_t> {
    if (mu && (*mu).*field) return ((*mu).*field)->value;
    if (du && (*du).*field) return ((*du).*field)->value;
    return std::nullopt;
  };
  auto pick_str = [&](std::optional<spec::LString> spec::User::*field) -> Json {
    if (mu && (*mu).*field) return ((*mu).*field)->value;
    if (du && (*du).*field) return ((*du).*field)->value;
    return nullptr;
  };
  std::optional<int64_t> uid = pick_int(&spec::User::uid);
  if (!uid) return nullptr;  // no user anywhere: the check stage reports it
  int64_t gid = pick_int(&spec::User::gid).value_or(*uid);
  const std::vector<spec::LInt>* groups = nullptr;
  if (mu && !mu->groups.empty())
    groups = &mu->groups;
  else if (du)
    groups = &du->groups;
  Json out;
  out["uid"] = *uid;
  out["gid"] = gid;
  out["groups"] = Json::array();
  if (groups)
    for (const auto& g : *groups) out["groups"].push_back(g.value);
  out["name"] = pick_str(&spec::User::name);
  out["group_name"] = pick_str(&spec::User::group_name);
  out["spec"] = std::to_string(*uid) + ":" + std::to_string(gid);
  return out;
}

Json health_timings_json(const spec::HealthTimings& mt, const spec::HealthTimings& dt) {
  struct Builtin {
    const char* key;
    std::optional<spec::Duration> spec::HealthTimings::*field;
    const char* text;
    int64_t millis;
  };
  // Built-in timings: those seeds 001 and 002 state (30s/5s/10s/3).
  static const Builtin kTimings[] = {
      {"interval", &spec::HealthTimings::interval, "30s", 30000},
      {"timeout", &spec::HealthTimings::timeout, "5s", 5000},
      {"start_period", &spec::HealthTimings::start_period, "10s", 10000},
  };
  Json out;
  for (const auto& b : kTimings) {
    const auto& chosen = mt.*b.field ? mt.*b.field : dt.*b.field;
    out[b.key] = chosen ? chosen->text : std::string(b.text);
    out[std::string(b.key) + "_seconds"] = ceil_seconds(chosen ? chosen->millis : b.millis);
  }
  out["retries"] = mt.retries   ? mt.retries->value
                   : dt.retries ? dt.retries->value
                                : kDefaultRetries;
  return out;
}

}  // namespace gen::resolve::detail
