// The Deployment of a module in a GenRun's Kubernetes files, shared by the
// tests that render a spec in a scratch directory (process_test,
// anonymous_volume_test, platform_test).
#pragma once

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <string>

#include "compose_gen.h"

namespace gen::test {

inline YAML::Node deployment(const GenRun& r, const std::string& module) {
  for (const auto& doc : YAML::LoadAll(r.at("k8s/base/modules/" + module + "/deployment.yaml")))
    if (doc["kind"] && doc["kind"].as<std::string>() == "Deployment") return doc;
  FAIL("no Deployment for " << module);
  return {};
}

}  // namespace gen::test
