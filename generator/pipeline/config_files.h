// Configuration files a spec mounts (`mounts: [{config: ./x.conf, ...}]`)
// are inputs of the deployment, like the spec itself. Targets that cannot
// refer to a host file (Kubernetes: a ConfigMap must carry the content) read
// it from the context, so the pipeline reads each one here, once.
#pragma once

#include <string>

#include "model/project.h"

namespace gen::pipeline {

// Largest file that fits a ConfigMap (the API server's 1 MiB object limit,
// less room for metadata).
constexpr size_t kMaxConfigFileBytes = 1000 * 1000;

// Adds "config_files": {PATH: TEXT | null} to the context, one entry per
// distinct config mount path (modules[].mounts[].host.path, relative to the
// spec's directory). null: missing, unreadable, larger than
// kMaxConfigFileBytes or not UTF-8 text (a ConfigMap's `data` holds text).
void add_config_files(model::Project& project, const std::string& spec_path);

}  // namespace gen::pipeline
