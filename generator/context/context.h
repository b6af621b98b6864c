// The JSON context templates see (docs/context.md): the resolved project
// serialised in one place. It is the stable interface of templates, built-in
// or overridden; render and verify read the typed model, never this JSON.
#pragma once

#include <memory>
#include <vector>
#include <nlohmann/json.hpp>

#include "model/project.h"
#include "util/json_lazy.h"
#include "util/json_view.h"

namespace gen::context {

using Json = nlohmann::ordered_json;

// Version of the context's shape; bumped only when a field is renamed or
// removed (additions keep the version).
constexpr int kContextVersion = 1;

// Each module's part of the context as a view (util/json_view.h): a
// template that reads a module builds only the fields it reads, when it
// reads them. On a large project the whole context was the largest thing
// gen held, and building whole modules on demand made every loop over them
// rebuild each (bench/README.md). On a project of usual size what was built
// is kept for the run (each field read is built once, however many times
// templates loop over the modules: CONTRACT.md does some thirty times); on
// a larger one only what the 64 modules read last built, until pushed out
// (the files of one module, rendered one after another, share one build):
// LazyJsonCache::all_or_none. It and the project must outlive the context.
class ModuleViews {
 public:
  explicit ModuleViews(const model::Project& project);
  ~ModuleViews();
  const JsonFields& operator[](size_t i) const;

 private:
  class Fields;
  LazyJsonCache cache_;
  std::vector<std::unique_ptr<Fields>> fields_;
};

// The whole context. `paths` and `config_files` appear when the project has
// them (the rendering pipeline adds them; `gen context` has neither). With
// `views`, `modules` holds views of the modules (templates read the same
// JSON; json_materialized() gives the plain tree).
Json to_json(const model::Project& project, const ModuleViews* views = nullptr);

// Parts, for planners that hand one value to a template as a local.
Json to_json(const model::Module& module, const model::Project& project);
Json to_json(const model::HostPath& path);
Json to_json(const model::User& user);
Json to_json(const model::Probe& probe);

}  // namespace gen::context
