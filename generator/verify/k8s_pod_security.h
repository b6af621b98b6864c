// The restricted Pod Security Standard (and the baseline it includes),
// relaxed only where the module's waivers ask for it, checked field by field
// on one pod spec of a rendered manifest, plus gen's
// own contract on top of it: the module's uid/gid/groups, a read-only root
// filesystem and no service account token. Each finding is positioned at the
// offending node (or the mapping that lacks the field) and names the field.
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "yaml/node.h"
#include "util/file_set.h"

namespace gen::verify {

struct PodTemplate {
  std::string path;                // artifact path
  const OutputFile* file;  // for the template note
  std::string subject;             // "Deployment todo-backend"
  const yaml::Node* spec;          // the pod spec mapping
  const yaml::Node* owner;         // where to point when `spec` is missing
};

// The Pod Security Standard a module's pods need, from its waivers (docs/k8s.md,
// "Pod Security levels"): privileged when it waives no-privileged or
// no-host-network (the spec asks for `privileged: true` or
// `network_mode: host`) or adds a capability outside the baseline list under
// a waiver of no-added-capabilities, baseline when it waives non-root-user
// (it may run as root or as the image's user) or adds a baseline capability
// other than NET_BIND_SERVICE, restricted otherwise. The namespace enforces
// the highest level among its modules.
enum class PodSecurityLevel { Restricted, Baseline, Privileged };
PodSecurityLevel pod_security_level(const model::Module& module);
const char* pod_security_name(PodSecurityLevel level);  // "restricted", ...

// `module`: the module (its user's uid, gid, groups), or null when the
// pod template belongs to no module (then only the profile itself is
// checked). What the module's level allows (above) is not reported; a
// waived field must still have the value the spec asks for.
void check_pod_security(const PodTemplate& pod, const model::Module* module,
                        Diagnostics& diags);

}  // namespace gen::verify
