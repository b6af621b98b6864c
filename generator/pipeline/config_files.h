// Configuration files a spec mounts (`mounts: [{config: ./x.conf, ...}]`)
// are inputs of the deployment, like the spec itself. Targets that cannot
// refer to a host file (Kubernetes: a ConfigMap must carry the content) read
// it from the project, so the pipeline reads each one here, once.
#pragma once

#include <string>

#include "model/project.h"

namespace gen::pipeline {

// Sets project.config_files: one entry per distinct config mount path
// (Mount::host->path, relative to the spec's directory), in order of first
// use; a config directory's files before the directory's own entry. No text: missing, unreadable, outside the project or not a regular
// file, larger than check::kMaxConfigFileBytes (check/project_files.h) or
// not UTF-8 text (a ConfigMap's `data` holds text).
void add_config_files(model::Project& project, const std::string& spec_path);

}  // namespace gen::pipeline
