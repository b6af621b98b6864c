// Every pod template gen writes for every seed spec (with no profile and
// with each of the spec's profiles) meets the restricted Pod Security
// Standard, field by field, with the module's own uid, gid and groups from
// `gen context`. Read back with yaml-cpp, independently of gen's verifier.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "k8s_output.h"

using gen::test::GenOutput;
using Json = nlohmann::ordered_json;

namespace {

const std::vector<std::string> kSeeds = {"whatsapp-adapter", "wats", "reactbin", "core-infra",
                                         "todo"};

const std::set<std::string> kAllowedVolumes = {"configMap", "csi",       "downwardAPI",
                                               "emptyDir",  "ephemeral", "persistentVolumeClaim",
                                               "projected", "secret"};

std::string text(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : "<absent>"; }

// A boolean field set to exactly `want` (a plain YAML scalar).
void check_bool(const YAML::Node& m, const char* field, const char* want, const std::string& at) {
  INFO(at << "." << field);
  CHECK(text(m[field]) == want);
}

void check_absent_or_false(const YAML::Node& m, const char* field, const std::string& at) {
  INFO(at << "." << field);
  CHECK((!m[field] || text(m[field]) == "false"));
}

void check_container(const YAML::Node& c, const Json& user, const std::string& at) {
  const YAML::Node sc = c["securityContext"];
  INFO(at);
  REQUIRE(sc.IsMap());
  check_bool(sc, "allowPrivilegeEscalation", "false", at);
  check_absent_or_false(sc, "privileged", at);
  check_bool(sc, "readOnlyRootFilesystem", "true", at);
  check_bool(sc, "runAsNonRoot", "true", at);
  CHECK(text(sc["runAsUser"]) == std::to_string(user["uid"].get<int>()));
  CHECK(text(sc["runAsGroup"]) == std::to_string(user["gid"].get<int>()));
  CHECK(text(sc["runAsUser"]) != "0");
  REQUIRE(sc["capabilities"]["drop"].IsSequence());
  std::vector<std::string> drop;
  for (const auto& d : sc["capabilities"]["drop"]) drop.push_back(d.as<std::string>());
  CHECK(drop == std::vector<std::string>{"ALL"});
  CHECK(!sc["capabilities"]["add"]);
  CHECK(text(sc["seccompProfile"]["type"]) == "RuntimeDefault");
  CHECK(!sc["procMount"]);
  CHECK(!sc["seLinuxOptions"]);
  CHECK(!sc["windowsOptions"]);
  for (const auto& p : c["ports"]) CHECK(!p["hostPort"]);
}

void check_pod(const YAML::Node& spec, const Json& module, const std::string& at) {
  INFO(at);
  REQUIRE(spec.IsMap());
  check_absent_or_false(spec, "hostNetwork", at);
  check_absent_or_false(spec, "hostPID", at);
  check_absent_or_false(spec, "hostIPC", at);
  check_bool(spec, "automountServiceAccountToken", "false", at);
  const Json& user = module["user"];
  const YAML::Node sc = spec["securityContext"];
  REQUIRE(sc.IsMap());
  check_bool(sc, "runAsNonRoot", "true", at + ".securityContext");
  CHECK(text(sc["runAsUser"]) == std::to_string(user["uid"].get<int>()));
  CHECK(text(sc["runAsUser"]) != "0");
  CHECK(text(sc["runAsGroup"]) == std::to_string(user["gid"].get<int>()));
  CHECK(text(sc["fsGroup"]) == std::to_string(user["gid"].get<int>()));
  std::vector<int> groups, want;
  for (const auto& g : sc["supplementalGroups"]) groups.push_back(g.as<int>());
  for (const auto& g : user["groups"]) want.push_back(g.get<int>());
  CHECK(groups == want);
  CHECK(text(sc["seccompProfile"]["type"]) == "RuntimeDefault");
  CHECK(!sc["sysctls"]);
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"})
    for (const auto& c : spec[list])
      check_container(c, user, at + "." + list + "[" + text(c["name"]) + "]");
  CHECK(spec["containers"].size() >= 1);
  for (const auto& v : spec["volumes"])
    for (const auto& kv : v) {
      std::string key = kv.first.as<std::string>();
      INFO(at << " volume " << text(v["name"]));
      CHECK((key == "name" || kAllowedVolumes.count(key) == 1));
      CHECK(key != "hostPath");
    }
}

const Json* module_of(const Json& ctx, const std::string& name) {
  for (const auto& m : ctx["modules"])
    if (m["name"] == name) return &m;
  return nullptr;
}

void check_spec(const std::string& spec, const std::string& profile) {
  std::vector<std::string> cargs{"context", "--spec", gen::test::spec_path(spec)};
  if (!profile.empty()) cargs.insert(cargs.end(), {"--profile", profile});
  std::string ctx_text = gen::test::gen_stdout(cargs);
  REQUIRE(!ctx_text.empty());
  Json ctx = Json::parse(ctx_text);
  GenOutput out = gen::test::render_k8s(spec, profile);
  INFO(spec << " --profile '" << profile << "'\n" << out.err);
  REQUIRE(out.code == 0);

  std::set<std::string> runnable;
  for (const auto& m : ctx["modules"])
    // A setup step runs in its owner's pod (an init container, checked there);
    // the routes' edge proxy is no Kubernetes workload (an Ingress routes).
    if (m["kind"] != "base" && m["setup_of"].is_null() && !m["edge"].get<bool>())
      runnable.insert(m["name"].get<std::string>());
  std::set<std::string> seen;
  for (const auto& [key, obj] : gen::test::k8s_objects(out)) {
    std::string kind = obj.node["kind"].as<std::string>();
    if (kind != "Deployment" && kind != "StatefulSet" && kind != "Job" && kind != "DaemonSet" &&
        kind != "Pod" && kind != "CronJob")
      continue;
    std::string name = obj.node["metadata"]["name"].as<std::string>();
    const Json* module = module_of(ctx, name);
    INFO(obj.path << ": " << key);
    REQUIRE(module != nullptr);
    check_pod(gen::test::pod_spec(obj.node), *module, key);
    seen.insert(name);
  }
  // Every module that runs has its pod template checked here.
  CHECK(seen == runnable);
}

}  // namespace

TEST_CASE("every seed's pod templates meet the restricted profile, field by field", "[k8s]") {
  for (const auto& spec : kSeeds) {
    check_spec(spec, "");
    std::string ctx_text = gen::test::gen_stdout({"context", "--spec", gen::test::spec_path(spec)});
    REQUIRE(!ctx_text.empty());
    const Json ctx = Json::parse(ctx_text);  // a named object: the loop must not outlive it
    for (const auto& p : ctx["profiles"]) check_spec(spec, p["name"].get<std::string>());
  }
}

TEST_CASE("the namespace enforces the restricted profile and every service account is tokenless",
          "[k8s]") {
  for (const auto& spec : kSeeds) {
    GenOutput out = gen::test::render_k8s(spec);
    INFO(spec << "\n" << out.err);
    REQUIRE(out.code == 0);
    int namespaces = 0, accounts = 0, workloads = 0;
    for (const auto& [key, obj] : gen::test::k8s_objects(out)) {
      std::string kind = obj.node["kind"].as<std::string>();
      INFO(key);
      if (kind == "Namespace") {
        ++namespaces;
        const YAML::Node labels = obj.node["metadata"]["labels"];
        CHECK(text(labels["pod-security.kubernetes.io/enforce"]) == "restricted");
        CHECK(text(labels["pod-security.kubernetes.io/warn"]) == "restricted");
        CHECK(text(labels["pod-security.kubernetes.io/audit"]) == "restricted");
      }
      if (kind == "ServiceAccount") {
        ++accounts;
        CHECK(text(obj.node["automountServiceAccountToken"]) == "false");
      }
      if (kind == "Deployment" || kind == "StatefulSet" || kind == "Job") {
        ++workloads;
        CHECK(text(gen::test::pod_spec(obj.node)["serviceAccountName"]) ==
              obj.node["metadata"]["name"].as<std::string>());
      }
      CHECK(kind != "Secret");
    }
    CHECK(namespaces == 1);
    CHECK(accounts == workloads);
  }
}
