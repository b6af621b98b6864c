#include "check/effective.h"

namespace gen::check {

ModuleIndex::ModuleIndex(const spec::Spec& spec) {
  for (const auto& m : spec.modules) by_name_.emplace(m.name.value, &m);
}

const spec::Module* ModuleIndex::find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::string module_kind(const spec::Module& m) { return m.kind ? m.kind->value : "service"; }

bool is_long_running(const spec::Module& m) { return module_kind(m) == "service"; }

const spec::LInt* effective_uid(const spec::Spec& spec, const spec::Module& m) {
  if (m.user && m.user->uid) return &*m.user->uid;
  if (spec.defaults.user && spec.defaults.user->uid) return &*spec.defaults.user->uid;
  return nullptr;
}

const spec::LInt* effective_gid(const spec::Spec& spec, const spec::Module& m) {
  if (m.user && m.user->gid) return &*m.user->gid;
  if (spec.defaults.user && spec.defaults.user->gid) return &*spec.defaults.user->gid;
  return nullptr;
}

const spec::LString* effective_restart(const spec::Spec& spec, const spec::Module& m) {
  if (m.restart) return &*m.restart;
  if (spec.defaults.restart) return &*spec.defaults.restart;
  return nullptr;
}

const spec::Duration* effective_stop_grace(const spec::Spec& spec, const spec::Module& m) {
  if (m.stop_grace) return &*m.stop_grace;
  if (spec.defaults.stop_grace) return &*spec.defaults.stop_grace;
  return nullptr;
}

std::vector<const spec::Probe*> probes(const spec::Module& m) {
  std::vector<const spec::Probe*> out;
  if (!m.health) return out;
  for (const auto* p : {&m.health->check, &m.health->liveness, &m.health->readiness,
                        &m.health->startup})
    if (*p) out.push_back(&**p);
  return out;
}

std::string port_protocol(const spec::Port& p) { return p.protocol ? p.protocol->value : "tcp"; }

bool is_prod_profile(const spec::Profile& p) {
  return p.name.value == "prod" || p.name.value == "production";
}

std::string join_names(const std::vector<std::string>& names, size_t max) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < max; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > max) out += " and " + std::to_string(names.size() - max) + " more";
  return out;
}


}  // namespace gen::check
