// The per-service checks of verify_compose, on one parsed compose document.
#pragma once

#include <set>
#include <string>

#include "diagnostics/diagnostic.h"
#include "model/project.h"
#include "yaml/node.h"
#include "util/file_set.h"

namespace gen::verify {

// Checks every service of `doc` (the compose file `path`) against the
// contract and, for a service named like a module of `project`, against
// that module's resolved values. Adds the names of checked services to
// `seen`.
void check_compose_document(const std::string& path, const OutputFile& file,
                            const yaml::Node& doc, const model::Project& project,
                            Diagnostics& diags, std::set<std::string>& seen);

// True when `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback(const std::string& address);

// The host address of a compose port: "127.0.0.1:8100:5000" -> "127.0.0.1",
// "[::1]:80:80/tcp" -> "::1"; "" when none is given (all interfaces).
std::string port_host_ip(const std::string& port);
// The host port a short-syntax compose port publishes ("" when none).
std::string published_port(const std::string& port);

}  // namespace gen::verify
