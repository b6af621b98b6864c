// Models derived from the context that more than one target uses: the
// systemd model is what the systemd and docs targets render with and what
// the systemd verifier checks against. One SharedModels per run, shared by
// the targets' threads; each model is built once, by whichever thread asks
// first, and shared while any of them holds it (building it three times was
// a tenth of a large project's time).
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "model/project.h"

namespace gen::render {

class SharedModels {
 public:
  SharedModels(const model::Project& project, const nlohmann::ordered_json& context)
      : project_(project), context_(context) {}
  SharedModels(const SharedModels&) = delete;
  SharedModels& operator=(const SharedModels&) = delete;

  // The resolved project, and its serialisation that templates see.
  const model::Project& project() const { return project_; }
  const nlohmann::ordered_json& context() const { return context_; }
  // render/systemd_model.h's model of the project: the one a target still
  // holds, else built anew. Not kept for the run: between the targets that
  // use it, a large project's model would sit through the others' peaks.
  std::shared_ptr<const nlohmann::ordered_json> systemd() const;

 private:
  const model::Project& project_;
  const nlohmann::ordered_json& context_;
  mutable std::mutex systemd_mutex_;
  mutable std::weak_ptr<const nlohmann::ordered_json> systemd_;
};

}  // namespace gen::render
