// Environment variables: the profile overlay, runtime vs build-time split and
// secret references.
#include <map>

#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

const char* kind_name(spec::EnvVar::Kind k) {
  switch (k) {
    case spec::EnvVar::Kind::Value:
      return "value";
    case spec::EnvVar::Kind::Default:
      return "default";
    case spec::EnvVar::Kind::Required:
      return "required";
    case spec::EnvVar::Kind::Secret:
      return "secret";
    case spec::EnvVar::Kind::Optional:
      return "optional";
    case spec::EnvVar::Kind::Build:
      return "build";
  }
  return "value";
}

// A secret is referenced, never valued: by default the Secret is named after
// the module and the key after the variable.
Json secret_ref(const spec::Module& m, const spec::EnvVar& e) {
  Json out;
  out["name"] = value_or(e.secret_name, m.name.value);
  out["key"] = value_or(e.secret_key, e.name.value);
  return out;
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

Json env_json(const Scope& scope, const spec::Module& m) {
  Json out = Json::array();
  for (const spec::EnvVar& e : effective_env(scope, m)) {
    if (e.kind == spec::EnvVar::Kind::Build) continue;
    bool has_value = e.kind == spec::EnvVar::Kind::Value || e.kind == spec::EnvVar::Kind::Default;
    bool secret = e.kind == spec::EnvVar::Kind::Secret;
    Json v;
    v["name"] = e.name.value;
    v["kind"] = kind_name(e.kind);
    v["value"] = has_value && e.value ? Json(e.value->value) : Json(nullptr);
    v["required"] = secret || e.kind == spec::EnvVar::Kind::Required;
    v["secret"] = secret ? secret_ref(m, e) : Json(nullptr);
    v["description"] = text(e.description);
    v["example"] = text(e.example);
    out.push_back(std::move(v));
  }
  return out;
}

Json build_env_json(const Scope& scope, const spec::Module& m) {
  Json out = Json::array();
  for (const spec::EnvVar& e : effective_env(scope, m)) {
    if (e.kind != spec::EnvVar::Kind::Build) continue;
    Json v;
    v["name"] = e.name.value;
    v["value"] = opt(e.value);
    v["required"] = !e.value.has_value();
    v["description"] = text(e.description);
    v["example"] = text(e.example);
    out.push_back(std::move(v));
  }
  return out;
}

Json secret_refs_json(const Scope& scope, const spec::Module& m) {
  Json out = Json::array();
  for (const spec::EnvVar& e : effective_env(scope, m)) {
    if (e.kind != spec::EnvVar::Kind::Secret) continue;
    Json ref = secret_ref(m, e);
    Json v;
    v["module"] = m.name.value;
    v["env"] = e.name.value;
    v["name"] = ref["name"];
    v["key"] = ref["key"];
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace gen::resolve::detail
