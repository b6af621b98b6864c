// What every deployment target must agree on for one module, normalised so
// that records from different targets compare with ==: one extractor per
// target reads that target's generated files back (its own file format, no
// gen code) and returns a record per module. A new target adds one extractor
// and one row in agree_test.cpp's table.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "../render/k8s_output.h"

namespace gen::cross {

struct ModuleRecord {
  std::string image;                // full reference, e.g. "todo-backend:latest"
  std::string user;                 // "uid:gid"
  std::vector<std::string> groups;  // supplementary gids, sorted
  std::set<std::string> ports;      // "8000/tcp" (container side)
  std::set<std::string> env;        // runtime variable names
  std::set<std::string> mounts;     // "/tmp scratch rw", "/app/conf persistent ro"
  std::string health;               // "none" or "http http://127.0.0.1:8000/livez every 30s ..."
  int grace = -1;                   // stop grace period, seconds
};

using Records = std::map<std::string, ModuleRecord>;  // by module name

// One line per field, for messages and comparisons field by field.
std::map<std::string, std::string> fields(const ModuleRecord& r);

// --- normalisation shared by the extractors ---------------------------------

// POSIX shell word splitting with quotes and backslashes (no expansion).
std::vector<std::string> shell_split(const std::string& s);

// "30s", "1m30s", "500ms", "2h" -> whole seconds (ms rounded down); -1 if invalid.
int duration_seconds(const std::string& s);

// What a health check probes, from the argv a container engine runs: an HTTP
// URL it fetches, a TCP port it opens (/dev/tcp), or the command itself.
std::string classify_probe(const std::vector<std::string>& argv);

// The health field from its parts.
std::string health_text(const std::string& probe, int interval, int timeout, int retries,
                        int start_period);

// --- extractors ---------------------------------------------------------------

Records spec_records(const nlohmann::ordered_json& context);  // the reference
Records compose_records(const test::GenOutput& out);
Records k8s_records(const test::GenOutput& out);
Records systemd_records(const test::GenOutput& out);

}  // namespace gen::cross
