// The JSON context templates see (docs/context.md): the resolved project
// serialised in one place. It is the stable interface of templates, built-in
// or overridden; render and verify read the typed model, never this JSON.
#pragma once

#include <deque>
#include <nlohmann/json.hpp>

#include "model/project.h"
#include "util/json_lazy.h"

namespace gen::context {

using Json = nlohmann::ordered_json;

// Version of the context's shape; bumped only when a field is renamed or
// removed (additions keep the version).
constexpr int kContextVersion = 1;

// Each module's part of the context, built when a template first reads it
// (util/json_lazy.h) instead of all at once: on a large project the whole
// context was the largest thing gen held. Owns the nodes `to_json` refers
// to; it and the project must outlive the context.
class LazyModules {
 public:
  // The first `pinned` modules built stay built for the run (sized so that
  // projects of up to that many modules build each module once, as an
  // eager context does; bench/README.md).
  explicit LazyModules(const model::Project& project, size_t pinned = 2048);
  const LazyJson& operator[](size_t i) const { return nodes_[i]; }

 private:
  LazyJsonCache cache_;
  std::deque<LazyJson> nodes_;  // LazyJson is not movable
};

// The whole context. `paths` and `config_files` appear when the project has
// them (the rendering pipeline adds them; `gen context` has neither). With
// `lazy`, `modules` holds nodes built on demand (templates read the same
// JSON; json_materialized() gives the plain tree).
Json to_json(const model::Project& project, const LazyModules* lazy = nullptr);

// Parts, for planners that hand one value to a template as a local.
Json to_json(const model::Module& module, const model::Project& project);
Json to_json(const model::HostPath& path);
Json to_json(const model::User& user);
Json to_json(const model::Probe& probe);

}  // namespace gen::context
