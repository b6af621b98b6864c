// Effective values rules need: a module's own setting, else the project
// default, else gen's built-in default. The Located values keep the position
// of whichever node supplied them, so a finding points at that node.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "spec/model.h"

namespace gen::check {

// Modules by name, built once per rule: specs can be large and hostile, so
// rules stay O(n log n) instead of scanning the module list per reference.
class ModuleIndex {
 public:
  explicit ModuleIndex(const spec::Spec& spec);
  // The (first) module called `name`, or nullptr.
  const spec::Module* find(const std::string& name) const;

 private:
  std::map<std::string, const spec::Module*> by_name_;
};

// "service" (the default), "job" or "base".
std::string module_kind(const spec::Module& m);
// Services run until stopped; jobs run to completion; base modules only build an image.
bool is_long_running(const spec::Module& m);

// uid/gid from the module's user, else defaults.user; nullptr when neither sets it.
const spec::LInt* effective_uid(const spec::Spec& spec, const spec::Module& m);
const spec::LInt* effective_gid(const spec::Spec& spec, const spec::Module& m);

const spec::LString* effective_restart(const spec::Spec& spec, const spec::Module& m);
const spec::Duration* effective_stop_grace(const spec::Spec& spec, const spec::Module& m);

// The probes the module's health section declares (check, liveness,
// readiness, startup), in that order.
std::vector<const spec::Probe*> probes(const spec::Module& m);

// "tcp" unless the port says otherwise.
std::string port_protocol(const spec::Port& p);

// Profiles whose images must be pinned: those named prod or production.
bool is_prod_profile(const spec::Profile& p);

// "a, b, c" for a message; past `max` names, "a, b, c, d, e and 7 more", so a
// message stays short however many modules a setting reaches.
std::string join_names(const std::vector<std::string>& names, size_t max = 5);


}  // namespace gen::check
