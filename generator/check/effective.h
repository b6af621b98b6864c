// Effective values rules need: a module's own setting, else the project
// default, else gen's built-in default. The Located values keep the position
// of whichever node supplied them, so a finding points at that node.
#pragma once

#include <string>
#include <vector>

#include "spec/model.h"

namespace gen::check {

// The module called `name`, or nullptr.
const spec::Module* module_named(const spec::Spec& spec, const std::string& name);

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

// "file:line:col" for notes that point at another node.
std::string where(const SourceLocation& loc);

}  // namespace gen::check
