// Test helper: an autoscaled service (issue 21) in a SpecDir: `api`
// (replicas {min 2, max 8, cpu 70, memory 80}, a Deployment) and `cache`
// (state, so a StatefulSet; {min 1, max 3, cpu 60}).
#pragma once

#include "spec_dir.h"

namespace gen::test {

inline const char* const kAutoscaleBody = R"(modules:
  api:
    image: ghcr.io/example/api:1.0.0
    ports:
      - {container: 8080}
    health: {check: {http: /healthz}}
    resources: {cpu: [250m, 1000m], memory: [256Mi, 1Gi]}
    replicas: {min: 2, max: 8, cpu: 70, memory: 80}
  cache:
    image: ghcr.io/example/cache:1.0.0
    ports:
      - {container: 6379}
    health: {check: {tcp: 6379}}
    resources: {cpu: [100m, 500m]}
    state: {target: /data, size: 1Gi}
    replicas: {min: 1, max: 3, cpu: 60}
targets:
  systemd: {flavor: quadlet}
)";

struct AutoscaleSpec : SpecDir {
  AutoscaleSpec() : SpecDir("autoscale", "scaled", kAutoscaleBody) {}
};

}  // namespace gen::test
