// Verify on autoscaled services (issue 21; tests/render/autoscale_spec.h):
// gen's own output passes; a HorizontalPodAutoscaler on another workload,
// with other bounds or metrics, or missing, and a PodDisruptionBudget that
// selects other pods or blocks every drain give autoscale-output.
#include <catch2/catch.hpp>

#include "../render/autoscale_spec.h"
#include "verified_output.h"

namespace {

struct Scaled : gen::test::AutoscaleSpec, gen::test::VerifiedOutput {
  Scaled() : VerifiedOutput(spec()) {}
};

bool has(const std::vector<std::string>& errors, const std::string& says) {
  return gen::test::has_rule(errors, "autoscale-output", says);
}

const char* const kHpa = "k8s/base/modules/api/horizontal-pod-autoscaler.yaml";
const char* const kPdb = "k8s/base/modules/api/pod-disruption-budget.yaml";

}  // namespace

TEST_CASE("verify accepts gen's own output for autoscaled services") {
  Scaled s;
  auto errors = s.errors();
  for (const auto& e : errors) INFO(e);
  CHECK(errors.empty());
}

TEST_CASE("verify refuses an autoscaler that is not the spec's") {
  struct Case {
    const char* path;
    const char* from;
    const char* to;
    const char* says;
  };
  const Case cases[] = {
      {kHpa, "    kind: Deployment\n", "    kind: StatefulSet\n", "not the module's workload"},
      {kHpa, "    name: api\n", "    name: cache\n", "not the module's workload"},
      {kHpa, "minReplicas: 2", "minReplicas: 1", "scales from 1 to 8; the spec says 2 to 8"},
      {kHpa, "maxReplicas: 8", "maxReplicas: 80", "the spec says 2 to 8"},
      {kHpa, "averageUtilization: 70", "averageUtilization: 90", "other metrics"},
      {kHpa, "name: memory", "name: ephemeral-storage", "other metrics"},
      {kPdb, "minAvailable: 1", "minAvailable: 2", "a drain could never proceed"},
  };
  for (const auto& c : cases) {
    Scaled s;
    s.mutate(c.path, c.from, c.to);
    INFO(c.from << " -> " << c.to);
    CHECK(has(s.errors(), c.says));
  }
  {
    Scaled s;  // the budget selects other pods
    s.mutate(kPdb, "    matchLabels:\n      app.kubernetes.io/name: api",
             "    matchLabels:\n      app.kubernetes.io/name: cache");
    CHECK(has(s.errors(), "PodDisruptionBudget api does not select the pods of module api"));
  }
  {
    Scaled s;  // the autoscaler missing
    s.files.erase(kHpa);
    CHECK(has(s.errors(), "module api is autoscaled but has no HorizontalPodAutoscaler"));
  }
}
