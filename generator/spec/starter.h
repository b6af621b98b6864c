// The commented starter spec `gen init` writes. It must pass `gen validate`
// (a test loads it and runs the rules), so it doubles as a worked example.
#pragma once

#include <string>

namespace gen::spec {

// `project` must be a DNS-1123 label (see project_name_from()).
std::string starter_spec(const std::string& project);

// A project name derived from a directory name: lowercased, runs of other
// characters turned into '-', trimmed to 63; "app" when nothing is left.
std::string project_name_from(const std::string& directory_name);

}  // namespace gen::spec
