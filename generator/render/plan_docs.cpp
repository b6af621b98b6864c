// The docs target: CONTRACT.md at the output root (the runtime contract in
// the shape of the seed documents, with a Mermaid topology) and the
// operational scripts scripts/materialize-secret.sh (seed 000's SOPS flow)
// and scripts/verify.sh (checks a running deployment against the contract).
#include "render/docs_model.h"
#include "render/systemd_model.h"
#include "render/targets.h"

namespace gen::render {

Plan plan_docs(const Json& context) {
  return plan_docs(context, std::make_shared<const Json>(systemd_model(context)));
}

Plan plan_docs(const Json& context, const std::shared_ptr<const Json>& systemd) {
  std::vector<Local> locals{own("docs", docs_model(context)), share("systemd", systemd)};
  return {
      PlannedFile{"CONTRACT.md", "docs/CONTRACT.md.j2", locals},
      PlannedFile{"scripts/materialize-secret.sh", "docs/materialize-secret.sh.j2", locals},
      PlannedFile{"scripts/verify.sh", "docs/verify.sh.j2", locals},
  };
}

}  // namespace gen::render
