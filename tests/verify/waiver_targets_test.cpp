// Issue 22, case 12: a waiver `gen validate` accepts is honoured by every
// target. `waive: {non-root-user: ...}` on a module with no user crashed the
// compose, Quadlet and systemd templates; with `uid: 0` the Kubernetes
// verifier refused the output, so no manifests existed for such a module.
// Now `gen all` writes every target, and the Kubernetes Pod Security level
// the waivers imply is in the namespace labels and CONTRACT.md.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../render/k8s_output.h"
#include "../render/k8s_project.h"
#include "verify/verifiers.h"

using gen::test::GenOutput;

namespace {

// A spec in a fresh file; `modules` is the YAML of the modules section.
std::string write_spec(const std::string& name, const std::string& modules) {
  std::filesystem::path p = std::filesystem::temp_directory_path() /
                            ("gen-waiver-" + std::to_string(getpid()) + "-" + name + ".yaml");
  std::ofstream(p) << "version: 1\n"
                      "project: vendor\n"
                      "defaults:\n"
                      "  restart: unless-stopped\n"
                      "modules:\n"
                   << modules;
  return p.string();
}

GenOutput gen_all(const std::string& spec) {
  return gen::test::run_gen_out({"all", "--spec", spec});
}

const std::string kVendor =
    "  vendor:\n"
    "    image: docker.io/library/vendor:1.0\n"
    "    ports: [{container: 8080}]\n"
    "    health: {check: {http: /healthz}}\n"
    "    waive: {non-root-user: \"vendor image starts as root and drops privileges\"}\n";

// The vendor module with uid 0 and the waiver.
const std::string kVendorRoot = kVendor.substr(0, kVendor.find("    waive")) +
                                "    user: {uid: 0, gid: 0}\n"
                                "    waive: {non-root-user: \"vendor image must start as root\"}\n";

const std::string kApp =
    "  app:\n"
    "    image: docker.io/library/app:1.0\n"
    "    user: {uid: 1001, gid: 1001}\n"
    "    ports: [{container: 8000}]\n"
    "    health: {check: {http: /healthz}}\n";

}  // namespace

TEST_CASE("non-root-user waived on a module without a user: every target renders",
          "[waiver][verify]") {
  const std::string spec = write_spec("nouser", kVendor + kApp);
  GenOutput out = gen_all(spec);
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = gen::test::k8s_objects(out);
  auto ns = objects.at("Namespace/vendor").node["metadata"]["labels"];
  CHECK(ns["pod-security.kubernetes.io/enforce"].as<std::string>() == "baseline");
  CHECK(ns["pod-security.kubernetes.io/warn"].as<std::string>() == "baseline");
  auto vendor = objects.at("Deployment/vendor").node;
  auto pod_sc = gen::test::pod_spec(vendor)["securityContext"];
  CHECK_FALSE(pod_sc["runAsNonRoot"]);
  CHECK_FALSE(pod_sc["runAsUser"]);
  CHECK(pod_sc["seccompProfile"]["type"].as<std::string>() == "RuntimeDefault");
  auto ctr_sc = gen::test::container(vendor)["securityContext"];
  CHECK_FALSE(ctr_sc["runAsNonRoot"]);
  CHECK(ctr_sc["allowPrivilegeEscalation"].as<bool>() == false);
  CHECK(ctr_sc["capabilities"]["drop"][0].as<std::string>() == "ALL");
  // The module without the waiver keeps the restricted profile.
  auto app = gen::test::pod_spec(objects.at("Deployment/app").node)["securityContext"];
  CHECK(app["runAsNonRoot"].as<bool>() == true);
  CHECK(app["runAsUser"].as<int>() == 1001);
  // compose and the units leave the user to the image.
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  CHECK_FALSE(compose["services"]["vendor"]["user"]);
  CHECK(compose["services"]["app"]["user"].as<std::string>() == "1001:1001");
  const std::string& contract = out.at("CONTRACT.md");
  CHECK(contract.find("the namespace enforces the `baseline` Pod Security") != std::string::npos);
  CHECK(contract.find("`vendor` needs baseline") != std::string::npos);
  std::filesystem::remove(spec);
}

TEST_CASE("non-root-user waived with uid 0: Kubernetes output exists, at baseline",
          "[waiver][verify]") {
  const std::string spec = write_spec("uid0", kVendorRoot + kApp);
  GenOutput out = gen_all(spec);
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = gen::test::k8s_objects(out);
  auto pod_sc = gen::test::pod_spec(objects.at("Deployment/vendor").node)["securityContext"];
  CHECK(pod_sc["runAsUser"].as<int>() == 0);
  CHECK_FALSE(pod_sc["runAsNonRoot"]);
  CHECK(objects.at("Namespace/vendor").node["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]
            .as<std::string>() == "baseline");
  CHECK(out.at("systemd/vendor.container").find("User=0") != std::string::npos);
  std::filesystem::remove(spec);
}

TEST_CASE("no-privileged waived: Kubernetes runs it privileged, the namespace says so",
          "[waiver][verify]") {
  const std::string spec = write_spec(
      "privileged", kApp +
                        "  builder:\n"
                        "    image: docker.io/library/builder:1.0\n"
                        "    user: {uid: 1001, gid: 1001}\n"
                        "    privileged: true\n"
                        "    ports: [{container: 8001}]\n"
                        "    health: {check: {http: /healthz}}\n"
                        "    waive: {no-privileged: \"nested podman builds\"}\n");
  GenOutput out = gen_all(spec);
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = gen::test::k8s_objects(out);
  auto ctr_sc = gen::test::container(objects.at("Deployment/builder").node)["securityContext"];
  CHECK(ctr_sc["privileged"].as<bool>() == true);
  CHECK(ctr_sc["allowPrivilegeEscalation"].as<bool>() == true);
  CHECK(objects.at("Namespace/vendor").node["metadata"]["labels"]["pod-security.kubernetes.io/enforce"]
            .as<std::string>() == "privileged");
  std::filesystem::remove(spec);
}

namespace {

// The Kubernetes files of `out` as verify_k8s reads them, with `from`
// replaced by `to` in `path` (the template name is not checked here).
gen::FileSet k8s_files(const GenOutput& out, const std::string& path = "",
                               const std::string& from = "", const std::string& to = "") {
  gen::FileSet files;
  for (const auto& [p, text] : out.files) {
    if (p.rfind("k8s/", 0) != 0) continue;
    std::string t = text;
    if (p == path) {
      size_t at = t.find(from);
      REQUIRE(at != std::string::npos);
      t.replace(at, from.size(), to);
    }
    files[p] = gen::OutputFile{t, "k8s/x.yaml.j2"};
  }
  return files;
}

std::vector<std::string> k8s_errors(const gen::FileSet& files, const std::string& spec) {
  gen::Diagnostics d;
  gen::verify::verify_k8s(files, gen::test::project_of(spec), d);
  std::vector<std::string> out;
  for (const auto& x : d.items())
    if (x.severity == gen::Severity::Error) out.push_back(x.rule_id);
  return out;
}

}  // namespace

TEST_CASE("verify_k8s relaxes only what the waiver asks, and the namespace level must match",
          "[waiver][verify]") {
  const std::string spec = write_spec("strict", kVendorRoot + kApp);
  GenOutput out = gen_all(spec);
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string vendor = "k8s/base/modules/vendor/deployment.yaml";
  const std::string app = "k8s/base/modules/app/deployment.yaml";
  CHECK(k8s_errors(k8s_files(out), spec).empty());
  // The waiver of non-root-user does not allow privileged containers...
  CHECK(k8s_errors(k8s_files(out, vendor, "privileged: false", "privileged: true"), spec) ==
        std::vector<std::string>{"k8s-privileged"});
  // ...nor root in a module that does not waive it...
  CHECK(k8s_errors(k8s_files(out, app, "runAsUser: 1001", "runAsUser: 0"), spec) ==
        std::vector<std::string>{"k8s-run-as-user"});
  // ...and the namespace must enforce baseline, neither less nor more.
  CHECK(k8s_errors(k8s_files(out, "k8s/base/namespace.yaml", "enforce: baseline",
                             "enforce: restricted"),
                   spec) == std::vector<std::string>{"k8s-namespace-pss"});
  CHECK(k8s_errors(k8s_files(out, "k8s/base/namespace.yaml", "enforce: baseline",
                             "enforce: privileged"),
                   spec) == std::vector<std::string>{"k8s-namespace-pss"});
  std::filesystem::remove(spec);
}

TEST_CASE("non-root-user waived on a built module without a user: the Dockerfile sets no USER",
          "[waiver][verify]") {
  const std::string spec = write_spec(
      "built", "  app:\n"
               "    build: {stack: debian, context: ./app}\n"
               "    command: [app]\n"
               "    ports: [{container: 8080}]\n"
               "    health: {check: {http: /healthz}}\n"
               "    waive: {non-root-user: \"vendor software starts as root\"}\n");
  GenOutput out = gen_all(spec);
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& dockerfile = out.at("app/Dockerfile");
  CHECK(dockerfile.find("useradd") == std::string::npos);
  CHECK(dockerfile.find("# No USER: the spec sets no user and waives non-root-user") !=
        std::string::npos);
  CHECK(dockerfile.rfind("\nUSER ") == dockerfile.find("\nUSER root", dockerfile.rfind("FROM ")));
  std::filesystem::remove(spec);
}
