// Autoscaling (issue 21) on every target, from tests/render/autoscale_spec.h.
// Expectations are written from the spec and the Kubernetes API
// (autoscaling/v2 HorizontalPodAutoscaler, policy/v1 PodDisruptionBudget):
// the autoscaler owns the replica count, the budget fits its minimum, and
// single-host targets say they run one instance.
#include <catch2/catch.hpp>

#include "autoscale_spec.h"
#include "k8s_output.h"

using namespace gen::test;

TEST_CASE("an autoscaled service gets a HorizontalPodAutoscaler on its workload") {
  AutoscaleSpec spec;
  GenOutput out = run_gen_out({"k8s", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  REQUIRE(objects.count("HorizontalPodAutoscaler/api"));
  YAML::Node hpa = objects.at("HorizontalPodAutoscaler/api").node;
  CHECK(hpa["apiVersion"].as<std::string>() == "autoscaling/v2");
  CHECK(hpa["spec"]["scaleTargetRef"]["apiVersion"].as<std::string>() == "apps/v1");
  CHECK(hpa["spec"]["scaleTargetRef"]["kind"].as<std::string>() == "Deployment");
  CHECK(hpa["spec"]["scaleTargetRef"]["name"].as<std::string>() == "api");
  CHECK(hpa["spec"]["minReplicas"].as<int>() == 2);
  CHECK(hpa["spec"]["maxReplicas"].as<int>() == 8);
  YAML::Node metrics = hpa["spec"]["metrics"];
  REQUIRE(metrics.size() == 2);
  CHECK(metrics[0]["type"].as<std::string>() == "Resource");
  CHECK(metrics[0]["resource"]["name"].as<std::string>() == "cpu");
  CHECK(metrics[0]["resource"]["target"]["type"].as<std::string>() == "Utilization");
  CHECK(metrics[0]["resource"]["target"]["averageUtilization"].as<int>() == 70);
  CHECK(metrics[1]["resource"]["name"].as<std::string>() == "memory");
  CHECK(metrics[1]["resource"]["target"]["averageUtilization"].as<int>() == 80);
  // The workload leaves the count to the autoscaler.
  CHECK_FALSE(objects.at("Deployment/api").node["spec"]["replicas"]);
  // The budget keeps min - 1 available and selects the Deployment's pods.
  YAML::Node pdb = objects.at("PodDisruptionBudget/api").node;
  CHECK(pdb["spec"]["minAvailable"].as<int>() == 1);
  CHECK_FALSE(pdb["spec"]["maxUnavailable"]);
  YAML::Node pods = objects.at("Deployment/api").node["spec"]["template"]["metadata"]["labels"];
  for (const auto& kv : pdb["spec"]["selector"]["matchLabels"])
    CHECK(pods[kv.first.as<std::string>()].as<std::string>() == kv.second.as<std::string>());
  // A StatefulSet is scaled the same way; from a minimum of one the budget
  // takes one pod at a time.
  YAML::Node cache = objects.at("HorizontalPodAutoscaler/cache").node;
  CHECK(cache["spec"]["scaleTargetRef"]["kind"].as<std::string>() == "StatefulSet");
  CHECK(cache["spec"]["metrics"].size() == 1);
  CHECK_FALSE(objects.at("StatefulSet/cache").node["spec"]["replicas"]);
  CHECK(objects.at("PodDisruptionBudget/cache").node["spec"]["maxUnavailable"].as<int>() == 1);
  // kustomize lists the files.
  const std::string& kustomization = out.at("k8s/base/kustomization.yaml");
  CHECK(kustomization.find("modules/api/horizontal-pod-autoscaler.yaml") != std::string::npos);
  CHECK(kustomization.find("modules/cache/horizontal-pod-autoscaler.yaml") != std::string::npos);
}

TEST_CASE("single-host targets run one instance of an autoscaled module and say so") {
  AutoscaleSpec spec;
  GenOutput out = run_gen_out({"all", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& compose = out.at("compose.yaml");
  CHECK(compose.find("    # Autoscaled on Kubernetes from 2 to 8 replicas; compose runs one\n") !=
        std::string::npos);
  YAML::Node doc = YAML::Load(compose);
  CHECK_FALSE(doc["services"]["api"]["deploy"]["replicas"]);  // deploy holds its resources
  CHECK_FALSE(doc["services"]["api"]["scale"]);
  CHECK(out.at("systemd/api.container").find("# Autoscaled on Kubernetes from 2 to 8 replicas") !=
        std::string::npos);
  const std::string& contract = out.at("CONTRACT.md");
  CHECK(contract.find("\n## Scaling\n") != std::string::npos);
  CHECK(contract.find("| `api` | 2 to 8 | CPU 70% of the request, memory 80% of the request | "
                      "minAvailable 1 | one instance |") != std::string::npos);
  CHECK(contract.find("| `cache` | 1 to 3 | CPU 60% of the request | maxUnavailable 1 | one "
                      "instance |") != std::string::npos);
}

TEST_CASE("a profile's count replaces the autoscaling") {
  SpecDir spec("autoscale", "scaled", std::string(kAutoscaleBody) +
                                          "profiles:\n  small:\n    modules:\n"
                                          "      api: {replicas: 1}\n");
  GenOutput out = run_gen_out({"k8s", "--spec", spec.spec(), "--profile", "small"});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  CHECK_FALSE(objects.count("HorizontalPodAutoscaler/api"));
  CHECK(objects.at("Deployment/api").node["spec"]["replicas"].as<int>() == 1);
  CHECK(objects.count("HorizontalPodAutoscaler/cache"));
}
