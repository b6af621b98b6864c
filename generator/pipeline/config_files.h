// Configuration files a spec mounts (`mounts: [{config: ./x.conf, ...}]`)
// are inputs of the deployment, like the spec itself. Targets that cannot
// refer to a host file (Kubernetes: a ConfigMap must carry the content) read
// it from the context, so the pipeline reads each one here, once.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gen::pipeline {

// Adds "config_files": {PATH: TEXT | null} to the context, one entry per
// distinct config mount path (modules[].mounts[].host.path, relative to the
// spec's directory). null: missing, unreadable, outside the project or not
// a regular file, larger than check::kMaxConfigFileBytes
// (check/project_files.h) or not UTF-8 text (a ConfigMap's `data` holds text).
void add_config_files(nlohmann::ordered_json& context, const std::string& spec_path);

}  // namespace gen::pipeline
