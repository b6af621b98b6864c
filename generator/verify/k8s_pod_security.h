// The restricted Pod Security Standard (and the baseline it includes),
// checked field by field on one pod spec of a rendered manifest, plus gen's
// own contract on top of it: the module's uid/gid/groups, a read-only root
// filesystem and no service account token. Each finding is positioned at the
// offending node (or the mapping that lacks the field) and names the field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "diagnostics/diagnostic.h"
#include "yaml/node.h"
#include "render/file_set.h"

namespace gen::verify {

struct PodTemplate {
  std::string path;                // artifact path
  const render::OutputFile* file;  // for the template note
  std::string subject;             // "Deployment todo-backend"
  const yaml::Node* spec;          // the pod spec mapping
  const yaml::Node* owner;         // where to point when `spec` is missing
};

// `module`: the module's context object (uid, gid, groups), or null when the
// pod template belongs to no module (then only the profile itself is checked).
void check_pod_security(const PodTemplate& pod, const nlohmann::ordered_json* module,
                        Diagnostics& diags);

}  // namespace gen::verify
