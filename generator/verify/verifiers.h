// Post-conditions of the contract checked on the rendered artifacts (one file
// each: verify/verify_<target>.cpp), so an overridden template cannot quietly
// drop a hardening setting. Each parses its outputs back and reports
// positioned diagnostics in the artifact (path, line, column) naming the
// template that produced it.
#pragma once

#include <nlohmann/json.hpp>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "util/file_set.h"

namespace gen::verify {

using Json = nlohmann::ordered_json;

void verify_dockerfile(const FileSet& files, const model::Project& project, Diagnostics& diags);
void verify_compose(const FileSet& files, const model::Project& project, Diagnostics& diags);
void verify_k8s(const FileSet& files, const model::Project& project, Diagnostics& diags);
void verify_systemd(const FileSet& files, const model::Project& project, Diagnostics& diags);
void verify_docs(const FileSet& files, const model::Project& project, Diagnostics& diags);
// The edge proxy's Caddyfile (routes), written with the dockerfile target.
void verify_edge(const FileSet& files, const model::Project& project, Diagnostics& diags);

}  // namespace gen::verify
