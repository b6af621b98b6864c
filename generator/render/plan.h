// A target's plan: which templates to render, into which relative paths, with
// which per-file variables. Planners are pure functions of the context.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gen::render {

using Json = nlohmann::ordered_json;

// A per-file variable. Its value is shared, never copied per file: a model
// a planner built (one for every file of the target; the plan keeps it
// alive) or a part of the context (borrowed; the context outlives rendering).
// Copying a module's JSON into each of its files made plans quadratic in
// memory traffic on large projects.
struct Local {
  std::string name;
  std::shared_ptr<const Json> value;
};

// A part of the context, borrowed (no ownership).
Local borrow(std::string name, const Json& value);
// A value the plan owns, alone or as part of `owner` (kept alive with it).
template <typename Owner>
Local share(std::string name, const std::shared_ptr<Owner>& owner, const Json& part) {
  return Local{std::move(name), std::shared_ptr<const Json>(owner, &part)};
}
Local share(std::string name, const std::shared_ptr<const Json>& owner);
Local own(std::string name, Json value);
// A value the plan owns that refers into `referred` (util/json_ref.h),
// which it keeps alive as long as itself.
Local own_referring(std::string name, Json value, std::shared_ptr<const Json> referred);

struct PlannedFile {
  std::string path;           // relative to --out, '/'-separated
  std::string template_name;  // relative to templates/, e.g. "compose/compose.yaml.j2"
  std::vector<Local> locals;  // e.g. module, k8s

  // The local named `name`, or nullptr.
  const Json* local(const std::string& name) const;
};

using Plan = std::vector<PlannedFile>;

}  // namespace gen::render
