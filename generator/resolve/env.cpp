// Environment variables: the profile overlay, runtime vs build-time split and
// secret references.
#include <map>

#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

model::EnvKind env_kind_of(spec::EnvVar::Kind k) {
  switch (k) {
    case spec::EnvVar::Kind::Default:
      return model::EnvKind::Default;
    case spec::EnvVar::Kind::Required:
      return model::EnvKind::Required;
    case spec::EnvVar::Kind::Secret:
      return model::EnvKind::Secret;
    case spec::EnvVar::Kind::Optional:
      return model::EnvKind::Optional;
    case spec::EnvVar::Kind::Value:
    case spec::EnvVar::Kind::Build:
      break;
  }
  return model::EnvKind::Value;
}

}  // namespace

std::vector<spec::EnvVar> effective_env(const Scope& scope, const spec::Module& m) {
  std::vector<spec::EnvVar> out;
  std::map<std::string, size_t> slot;  // name -> position in `out`
  for (const auto& e : m.env) {
    auto [it, fresh] = slot.emplace(e.name.value, out.size());
    if (fresh)
      out.push_back(e);
    else
      out[it->second] = e;  // duplicate names (the loader refuses them): last wins
  }
  if (const spec::ProfileModule* pm = scope.overlay(m.name.value)) {
    for (const auto& e : pm->env) {
      auto [it, fresh] = slot.emplace(e.name.value, out.size());
      if (fresh) {
        out.push_back(e);
        continue;
      }
      // The overlay changes what the variable is; what it means stays
      // documented unless the overlay says otherwise.
      spec::EnvVar merged = e;
      if (!merged.description) merged.description = out[it->second].description;
      if (!merged.example) merged.example = out[it->second].example;
      out[it->second] = merged;
    }
  }
  return out;
}

std::vector<model::EnvEntry> runtime_env(const spec::Module& m,
                                         const std::vector<spec::EnvVar>& env) {
  std::vector<model::EnvEntry> out;
  for (const spec::EnvVar& e : env) {
    if (e.kind == spec::EnvVar::Kind::Build) continue;
    model::EnvEntry v;
    v.name = e.name.value;
    v.kind = env_kind_of(e.kind);
    if (v.kind == model::EnvKind::Value || v.kind == model::EnvKind::Default) v.value = opt(e.value);
    // A secret is referenced, never valued: by default the Secret is named
    // after the module and the key after the variable.
    if (v.kind == model::EnvKind::Secret)
      v.secret = model::SecretRef{value_or(e.secret_name, m.name.value),
                                  value_or(e.secret_key, e.name.value)};
    v.from_host = opt(e.from_host);
    v.description = text(e.description);
    v.example = text(e.example);
    v.loc = e.loc;
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<model::BuildEnv> build_env(const std::vector<spec::EnvVar>& env) {
  std::vector<model::BuildEnv> out;
  for (const spec::EnvVar& e : env) {
    if (e.kind != spec::EnvVar::Kind::Build) continue;
    out.push_back({e.name.value, opt(e.value), text(e.description), text(e.example)});
  }
  return out;
}

}  // namespace gen::resolve::detail
