#include "resolve/scope.h"

#include <set>


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

std::optional<std::string> opt(const std::optional<spec::LString>& s) {
  return s ? std::optional<std::string>(s->value) : std::nullopt;
}

std::string text(const std::optional<spec::LString>& s) { return s ? s->value : std::string(); }

std::string value_or(const std::optional<spec::LString>& s, const std::string& fallback) {
  return s ? s->value : fallback;
}

std::vector<std::string> strings(const std::vector<spec::LString>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& s : items) out.push_back(s.value);
  return out;
}

std::optional<std::vector<std::string>> opt_strings(const std::optional<spec::LStrings>& items) {
  if (!items) return std::nullopt;
  return strings(items->value);
}

std::optional<model::Quantity> quantity(const std::optional<spec::LString>& s) {
  if (!s) return std::nullopt;
  return model::Quantity::read(s->value);
}

model::ModuleKind kind_of(const spec::Module& m) {
  if (m.kind && m.kind->value == "job") return model::ModuleKind::Job;
  if (m.kind && m.kind->value == "base") return model::ModuleKind::Base;
  return model::ModuleKind::Service;
}

values::ImageRef image_ref(const Scope& scope, const spec::Module& m, const spec::Profile* p) {
  const spec::Defaults& d = scope.spec.defaults;
  if (!m.build) return values::ImageRef::parse(value_or(m.image, ""));
  std::string registry = p && p->registry ? p->registry->value : value_or(d.registry, "");
  std::string tag = m.image_tag         ? m.image_tag->value
                    : p && p->image_tag ? p->image_tag->value
                                        : value_or(d.image_tag, kDefaultImageTag);
  // An explicit build.image is used as written; by default the image is
  // scoped to the project, so two projects' `web` modules stay apart.
  std::string name = m.build->image ? m.build->image->value
                                    : model::scoped_name(scope.spec.project.value, m.name.value);
  return values::ImageRef::compose(registry, name, tag);
}

std::optional<model::User> user(const std::optional<spec::User>& mu,
                                const std::optional<spec::User>& du) {
  // Field by field: the module's user wins, the defaults' user fills gaps.
  auto pick_int = [&](std::optional<spec::LInt> spec::User::*field) -> std::optional<int64_t> {
    if (mu && (*mu).*field) return ((*mu).*field)->value;
    if (du && (*du).*field) return ((*du).*field)->value;
    return std::nullopt;
  };
  auto pick_str = [&](std::optional<spec::LString> spec::User::*field) {
    if (mu && (*mu).*field) return opt((*mu).*field);
    if (du && (*du).*field) return opt((*du).*field);
    return std::optional<std::string>();
  };
  std::optional<int64_t> uid = pick_int(&spec::User::uid);
  if (!uid) return std::nullopt;  // no user anywhere: the check stage reports it
  model::User out;
  out.uid = *uid;
  out.gid = pick_int(&spec::User::gid).value_or(*uid);
  const std::vector<spec::LInt>* groups = nullptr;
  if (mu && !mu->groups.empty())
    groups = &mu->groups;
  else if (du)
    groups = &du->groups;
  if (groups)
    for (const auto& g : *groups) out.groups.push_back(g.value);
  out.name = pick_str(&spec::User::name);
  out.group_name = pick_str(&spec::User::group_name);
  return out;
}

model::HealthTimings health_timings(const spec::HealthTimings& mt, const spec::HealthTimings& dt) {
  // Built-in timings: those seeds 001 and 002 state (30s/5s/10s/3).
  auto pick = [&](std::optional<spec::Duration> spec::HealthTimings::*field, const char* text,
                  int64_t millis) -> model::Duration {
    const auto& chosen = mt.*field ? mt.*field : dt.*field;
    if (chosen) return *chosen;
    return model::Duration::of(text, millis);
  };
  model::HealthTimings out;
  out.interval = pick(&spec::HealthTimings::interval, "30s", 30000);
  out.timeout = pick(&spec::HealthTimings::timeout, "5s", 5000);
  out.start_period = pick(&spec::HealthTimings::start_period, "10s", 10000);
  out.retries = mt.retries   ? mt.retries->value
                : dt.retries ? dt.retries->value
                             : kDefaultRetries;
  return out;
}

}  // namespace gen::resolve::detail
