// A target's plan: which templates to render, into which relative paths, with
// which per-file variables. Planners are pure functions of the context.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace gen::render {

struct PlannedFile {
  std::string path;           // relative to --out, '/'-separated
  std::string template_name;  // relative to templates/, e.g. "compose/compose.yaml.j2"
  nlohmann::ordered_json locals = nlohmann::ordered_json::object();  // e.g. {"module": {...}}
};

using Plan = std::vector<PlannedFile>;

}  // namespace gen::render
