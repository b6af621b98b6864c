// The docs target: CONTRACT.md at the output root (the runtime contract in
// the shape of the seed documents, with a Mermaid topology) and the
// operational scripts scripts/materialize-secret.sh (seed 000's SOPS flow)
// and scripts/verify.sh (checks a running deployment against the contract).
#include "render/docs_model.h"
#include "render/systemd_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_docs(const model::Project& project, const Json& context) {
  return plan_docs(project, context, lazy_systemd_model(project));
}

// The templates read the context itself, not from the plan; the docs model
// needs only the project.
Plan plan_docs(const model::Project& project, const Json& /*context*/,
               const std::shared_ptr<const Json>& systemd) {
  std::vector<Local> locals{own("docs", docs_model(project)), share("systemd", systemd)};
  return {
      PlannedFile{"CONTRACT.md", "docs/CONTRACT.md.j2", locals},
      PlannedFile{"scripts/materialize-secret.sh", "docs/materialize-secret.sh.j2", locals},
      PlannedFile{"scripts/verify.sh", "docs/verify.sh.j2", locals},
  };
}

}  // namespace gen::render
