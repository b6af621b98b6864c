#include "resolve/scope.h"

#include "resolve/image_ref.h"

namespace gen::resolve::detail {

const spec::Module* Scope::module(const std::string& name) const {
  for (const auto& m : spec.modules)
    if (m.name.value == name) return &m;
  return nullptr;
}

const spec::ProfileModule* Scope::overlay(const spec::Profile* p, const std::string& module) {
  if (!p) return nullptr;
  for (const auto& pm : p->modules)
    if (pm.module.value == module) return &pm;
  return nullptr;
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
    std::string tag = m.image_tag                ? m.image_tag->value
                      : p && p->image_tag        ? p->image_tag->value
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
  if (mu && !mu->groups.empty()) groups = &mu->groups;
  else if (du) groups = &du->groups;
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
  out["retries"] = mt.retries ? mt.retries->value
                   : dt.retries ? dt.retries->value
                                : kDefaultRetries;
  return out;
}

}  // namespace gen::resolve::detail
