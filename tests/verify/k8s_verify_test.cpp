// verify_k8s on gen's own Kubernetes output for seed 004 (todo), then on
// copies where one field is weakened at a time: each must give exactly one
// error, with the rule, the position of the weakened node in the artifact,
// the message naming the field, and the template note. Plus the whole
// command with an overriding template: exit 1, nothing written, the full
// diagnostic text (caret included).
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../render/k8s_output.h"
#include "../render/k8s_project.h"
#include "verify/verifiers.h"

using gen::Diagnostic;
using gen::Diagnostics;
using gen::FileSet;
using gen::OutputFile;
using Json = nlohmann::ordered_json;

namespace {

const char* kBackend = "k8s/base/modules/todo-backend/deployment.yaml";

// The template that produced an output path (as the k8s planner names them).
std::string template_of(const std::string& path) {
  if (path.rfind("k8s/overlays/", 0) == 0) return "k8s/overlay-kustomization.yaml.j2";
  if (path.rfind("k8s/base/volumes/", 0) == 0) return "k8s/persistent-volume-claim.yaml.j2";
  std::string base = path.substr(path.find_last_of('/') + 1);
  return "k8s/" + base.substr(0, base.size() - 5) + ".yaml.j2";
}

struct Todo {
  gen::model::Project project;
  FileSet files;

  // Seed 004 unless another spec of specs/ is named.
  explicit Todo(const std::string& spec = "todo")
      : project(gen::test::project_of(gen::test::spec_path(spec))) {
    gen::test::GenOutput out = gen::test::render_k8s(spec);
    INFO(out.err);
    REQUIRE(out.code == 0);
    for (const auto& [path, text] : out.files) files[path] = OutputFile{text, template_of(path)};
  }

  // Replaces the first `from` after `after` in `path` by `to`; returns the
  // 1-based line of the replacement.
  int mutate(const std::string& path, const std::string& from, const std::string& to,
             const std::string& after = "") {
    std::string& text = files.at(path).content;
    size_t start = after.empty() ? 0 : text.find(after);
    REQUIRE(start != std::string::npos);
    size_t at = text.find(from, start);
    INFO("'" << from << "' in " << path);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    return 1 +
           static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
  }

  Diagnostics verify() const {
    Diagnostics d;
    gen::verify::verify_k8s(files, project, d);
    return d;
  }
};

std::vector<Diagnostic> errors(const Diagnostics& d) {
  std::vector<Diagnostic> out;
  for (const auto& x : d.items())
    if (x.severity == gen::Severity::Error) out.push_back(x);
  return out;
}

// Exactly one error: rule, file, line, message; the template is named.
void expect_one(const Diagnostics& d, const std::string& rule, const std::string& file, int line,
                const std::string& message) {
  auto e = errors(d);
  INFO([&] {
    std::string all;
    for (const auto& x : e)
      all += x.range.begin.file + ":" + std::to_string(x.range.begin.line) + " [" + x.rule_id +
             "] " + x.message + "\n";
    return all;
  }());
  REQUIRE(e.size() == 1);
  CHECK(e[0].rule_id == rule);
  CHECK(e[0].range.begin.file == file);
  CHECK(e[0].range.begin.line == line);
  CHECK(e[0].message == message);
  REQUIRE(!e[0].notes.empty());
  CHECK(e[0].notes[0] == "rendered from template " + template_of(file));
}

const std::string kSubject = "Deployment todo-backend: ";
const std::string kProfile = "the restricted Pod Security Standard";

}  // namespace

TEST_CASE("gen's own Kubernetes output passes verify_k8s", "[k8s][verify]") {
  Todo t;
  // The resolved model carries no config file contents (the pipeline adds
  // them while rendering), so verify may warn that postgresql.conf's ConfigMap is
  // the operator's; it must not find an error.
  CHECK(errors(t.verify()).empty());
}

TEST_CASE("verify_k8s refuses each weakened restricted-profile field", "[k8s][verify]") {
  const std::string ctr = "containers[todo-backend].securityContext.";
  const std::string pod_sc = "securityContext:\n        runAsNonRoot";  // pod level
  struct Case {
    std::string name, from, to, after, rule, message;
  };
  std::vector<Case> cases = {
      {"allowPrivilegeEscalation", "allowPrivilegeEscalation: false",
       "allowPrivilegeEscalation: true", "", "k8s-privilege-escalation",
       ctr + "allowPrivilegeEscalation is true; " + kProfile + " requires false"},
      {"allowPrivilegeEscalation as YAML 1.1 'no'", "allowPrivilegeEscalation: false",
       "allowPrivilegeEscalation: no", "", "k8s-privilege-escalation",
       ctr + "allowPrivilegeEscalation is no; " + kProfile + " requires false"},
      {"privileged", "privileged: false", "privileged: true", "", "k8s-privileged",
       ctr + "privileged is true; " + kProfile + " requires it unset or false"},
      {"readOnlyRootFilesystem", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
       "", "k8s-read-only-root",
       ctr + "readOnlyRootFilesystem is false; gen's contract requires true"},
      {"capabilities drop", "- ALL", "- NET_RAW", "", "k8s-capabilities",
       ctr + "capabilities.drop does not contain ALL; " + kProfile +
           " requires dropping every capability"},
      {"container runAsNonRoot", "runAsNonRoot: true", "runAsNonRoot: false", "containers:",
       "k8s-run-as-non-root", ctr + "runAsNonRoot is false; " + kProfile + " requires true"},
      {"container seccomp", "type: RuntimeDefault", "type: Unconfined",
       "containers:", "k8s-seccomp",
       ctr + "seccompProfile.type is Unconfined; " + kProfile +
           " requires RuntimeDefault (or Localhost)"},
      {"pod runAsNonRoot", "runAsNonRoot: true", "runAsNonRoot: false", pod_sc,
       "k8s-run-as-non-root",
       "securityContext.runAsNonRoot is false; " + kProfile + " requires true"},
      {"pod runAsUser root", "runAsUser: 1000", "runAsUser: 0", pod_sc, "k8s-run-as-user",
       "securityContext.runAsUser is 0; " + kProfile + " forbids root"},
      {"pod runAsUser other", "runAsUser: 1000", "runAsUser: 1234", pod_sc, "k8s-run-as-user",
       "securityContext.runAsUser is 1234; the module's uid requires 1000"},
      {"pod runAsGroup", "runAsGroup: 1001", "runAsGroup: 0", pod_sc, "k8s-run-as-user",
       "securityContext.runAsGroup is 0; the module's gid requires 1001"},
      {"pod fsGroup", "fsGroup: 1001", "fsGroup: 0", pod_sc, "k8s-groups",
       "securityContext.fsGroup is 0; the module's gid requires 1001"},
      {"pod seccomp", "type: RuntimeDefault", "type: Unconfined", pod_sc, "k8s-seccomp",
       "securityContext.seccompProfile.type is Unconfined; " + kProfile +
           " requires RuntimeDefault (or Localhost)"},
      {"hostNetwork", "enableServiceLinks: false", "hostNetwork: true", "", "k8s-host-namespaces",
       "spec.hostNetwork is true; " + kProfile + " forbids sharing the host's namespaces"},
      {"hostPID", "enableServiceLinks: false", "hostPID: true", "", "k8s-host-namespaces",
       "spec.hostPID is true; " + kProfile + " forbids sharing the host's namespaces"},
      {"service account token", "automountServiceAccountToken: false",
       "automountServiceAccountToken: true", "", "k8s-service-account-token",
       "spec.automountServiceAccountToken is true; gen's contract requires false"},
      {"hostPath volume", "emptyDir: {}", "hostPath: {path: /tmp}", "volumes:", "k8s-volume-types",
       "volume 'tmpfs-tmp' is of type hostPath; " + kProfile +
           " allows only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, "
           "projected and secret volumes"},
      {"hostPort", "containerPort: 8000", "hostPort: 8000", "", "k8s-host-ports",
       "containers[todo-backend].ports.hostPort is 8000; " + kProfile + " forbids host ports"},
      {"procMount", "privileged: false", "procMount: Unmasked", "", "k8s-baseline",
       ctr + "procMount is Unmasked; " + kProfile + " allows only Default"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      Todo t;
      int line = t.mutate(kBackend, c.from, c.to, c.after);
      expect_one(t.verify(), c.rule, kBackend, line, kSubject + c.message);
    }
  }
}

TEST_CASE("verify_k8s positions a missing field at the mapping that lacks it", "[k8s][verify]") {
  Todo t;
  // Drop the container-level allowPrivilegeEscalation line entirely.
  t.mutate(kBackend, "            allowPrivilegeEscalation: false\n", "");
  Diagnostics d = t.verify();
  auto e = errors(d);
  REQUIRE(e.size() == 1);
  CHECK(e[0].rule_id == "k8s-privilege-escalation");
  CHECK(e[0].message == kSubject +
                            "containers[todo-backend].securityContext.allowPrivilegeEscalation is "
                            "missing; " +
                            kProfile + " requires false");
  // The securityContext mapping's first key (runAsNonRoot) is where it starts.
  const std::string& text = t.files.at(kBackend).content;
  size_t sc = text.find("          securityContext:\n            runAsNonRoot");
  REQUIRE(sc != std::string::npos);
  int line =
      2 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(sc), '\n'));
  CHECK(e[0].range.begin.line == line);
  CHECK(e[0].range.begin.column == 13);
}

TEST_CASE("verify_k8s refuses secrets by value and Secret objects", "[k8s][verify]") {
  SECTION("a literal value for a secret") {
    Todo t;
    int line =
        t.mutate(kBackend,
                 "valueFrom:\n                secretKeyRef:\n                  name: todo-backend\n"
                 "                  key: DATABASE_URL",
                 "value: postgresql://user:pass@db/todo");
    expect_one(t.verify(), "k8s-secret-ref", kBackend, line,
               kSubject +
                   "secret DATABASE_URL has a literal value; it must come from "
                   "valueFrom.secretKeyRef {name: todo-backend, key: DATABASE_URL}");
  }
  SECTION("a Secret object") {
    Todo t;
    const std::string path = "k8s/base/modules/todo-backend/secret.yaml";
    t.files[path] = OutputFile{
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: todo-backend\n"
        "stringData:\n  JWT_SECRET: hunter2\n",
        "k8s/secret.yaml.j2"};
    Diagnostics d = t.verify();
    auto e = errors(d);
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-no-secrets");
    CHECK(e[0].range.begin.line == 2);
    CHECK(e[0].range.begin.column == 7);
    CHECK(e[0].message ==
          "Secret todo-backend: gen never writes secret values; pods read Secrets "
          "the operator creates, by secretKeyRef");
  }
}

TEST_CASE("verify_k8s checks the spec's image, grace period, probes and resources",
          "[k8s][verify]") {
  SECTION("image") {
    Todo t;
    int line = t.mutate(kBackend, "image: \"todo-backend:latest\"", "image: todo-backend:other",
                        "      containers:\n");
    expect_one(t.verify(), "k8s-image", kBackend, line,
               kSubject + "image is todo-backend:other; the spec's is todo-backend:latest");
  }
  SECTION("grace period") {
    Todo t;
    int line =
        t.mutate(kBackend, "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 5");
    expect_one(
        t.verify(), "k8s-grace-period", kBackend, line,
        kSubject + "terminationGracePeriodSeconds is 5; the module's stop grace period is 30s");
  }
  SECTION("probe") {
    Todo t;
    int line = t.mutate(kBackend, "livenessProbe:", "livenessProbe:");
    t.mutate(kBackend, "path: /livez", "path: /other");
    expect_one(t.verify(), "k8s-probes", kBackend, line + 1,
               kSubject + "livenessProbe is not the spec's httpGet /livez on port 8000");
  }
  SECTION("resources") {
    Todo t;
    int line = t.mutate(kBackend, "memory: \"1Gi\"", "memory: \"2Gi\"");
    expect_one(t.verify(), "k8s-resources", kBackend, line,
               kSubject + "resources.limits.memory is 2Gi; the spec's is 1Gi");
  }
  SECTION("pull secrets") {
    Todo t;
    int line =
        t.mutate(kBackend, "      imagePullSecrets:\n        - name: ghcr-pull-secret\n", "");
    (void)line;
    auto e = errors(t.verify());
    for (const auto& x : e) UNSCOPED_INFO(x.rule_id << " " << x.message);
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-pull-secrets");
    CHECK(e[0].message == kSubject +
                              "imagePullSecrets does not name ghcr-pull-secret "
                              "(targets.k8s.pull_secrets)");
  }
}

TEST_CASE("verify_k8s checks setup steps as init containers", "[k8s][verify]") {
  const std::string step = kSubject.substr(0, kSubject.size() - 2) +
                           " init container todo-backend-migrate: ";
  SECTION("missing") {
    Todo t;
    int line = t.mutate(kBackend, "      initContainers:\n        - name: todo-backend-migrate\n",
                        "      initContainers:\n        - name: other\n");
    expect_one(t.verify(), "k8s-setup-steps", kBackend, line + 1,  // the list's first item
               kSubject + "setup step todo-backend-migrate is not init container 1; setup steps "
                          "run in spec order before the module");
  }
  SECTION("image") {
    Todo t;
    int line = t.mutate(kBackend, "image: \"todo-backend:latest\"", "image: todo-backend:other",
                        "      initContainers:\n");
    expect_one(t.verify(), "k8s-image", kBackend, line,
               step + "image is todo-backend:other; the spec's is todo-backend:latest");
  }
  SECTION("command") {
    Todo t;
    int line = t.mutate(kBackend, "            - head\n", "            - base\n");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-argv");
    CHECK(e[0].range.begin.line == line);
    CHECK(e[0].message.rfind(step, 0) == 0);
  }
  SECTION("weakened security context") {
    Todo t;
    int line = t.mutate(kBackend, "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false",
                        "      initContainers:\n");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-read-only-root");
    CHECK(e[0].range.begin.line == line);
  }
}

TEST_CASE("verify_k8s checks the namespace, default deny and service accounts", "[k8s][verify]") {
  SECTION("namespace not enforcing restricted") {
    Todo t;
    int line = t.mutate("k8s/base/namespace.yaml", "enforce: restricted", "enforce: baseline");
    expect_one(t.verify(), "k8s-namespace-pss", "k8s/base/namespace.yaml", line,
               "Namespace todo: label pod-security.kubernetes.io/enforce must be restricted, so "
               "the cluster refuses pods that weaken the profile");
  }
  SECTION("no default deny") {
    Todo t;
    t.mutate("k8s/base/network-policy-default.yaml", "    - Egress\n---", "---");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-network-policy");
    CHECK(e[0].range.begin.file == "k8s/base/kustomization.yaml");
  }
  SECTION("service account token") {
    Todo t;
    const std::string path = "k8s/base/modules/todo-backend/service-account.yaml";
    int line =
        t.mutate(path, "automountServiceAccountToken: false", "automountServiceAccountToken: true");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-service-account-token");
    CHECK(e[0].range.begin.line == line);
  }
  SECTION("a connection of the spec that the policies block") {
    // The frontend talks to postgres (talks_to, no start order): its egress
    // must reach postgres's port, and postgres's ingress admit the frontend.
    Todo t;
    const std::string path = "k8s/base/modules/todo-frontend/network-policy.yaml";
    t.mutate(path, "port: 5432", "port: 5999");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-network-peers");
    CHECK(e[0].range.begin.file == path);
    CHECK(e[0].message ==
          "NetworkPolicy todo-frontend: no egress rule lets todo-frontend reach todo-postgres on "
          "its ports, which the spec connects (depends_on or talks_to)");

    Todo in;
    const std::string pg = "k8s/base/modules/todo-postgres/network-policy.yaml";
    in.mutate(pg, "app.kubernetes.io/name: todo-frontend", "app.kubernetes.io/name: someone-else");
    e = errors(in.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-network-peers");
    CHECK(e[0].message ==
          "NetworkPolicy todo-postgres: no ingress rule lets todo-frontend reach todo-postgres on "
          "its ports, which the spec connects (depends_on or talks_to)");
  }
  SECTION("a name the module is reached by: its Service, on its pods and ports") {
    Todo t;
    auto& pg = gen::test::module_of(t.project, "todo-postgres");
    pg.aliases = {"db"};
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-host-aliases");
    CHECK(e[0].message == "no Service db in the Kubernetes output: module todo-postgres is "
                          "reached by that name (hostname or aliases)");
    // The module's own Service under the alias's name passes.
    const std::string alias = "k8s/base/modules/todo-postgres/service-db.yaml";
    std::string text = t.files.at("k8s/base/modules/todo-postgres/service.yaml").content;
    text.replace(text.find("  name: todo-postgres\n"), 21, "  name: db\n");
    t.files[alias] = OutputFile{text, "k8s/service.yaml.j2"};
    CHECK(errors(t.verify()).empty());
    Todo& ports = t;
    ports.mutate(alias, "port: 5432", "port: 5999");
    e = errors(ports.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].range.begin.file == alias);
    CHECK(e[0].message == "Service db: lacks port 5432 of module todo-postgres, which the spec "
                          "reaches by this name");
    ports.mutate(alias, "port: 5999", "port: 5432");
    ports.mutate(alias, "app.kubernetes.io/name: todo-postgres", "app.kubernetes.io/name: other",
                 "selector:");
    e = errors(ports.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].message == "Service db: does not select the pods of module todo-postgres, which "
                          "the spec reaches by this name");
    // The host name is the pod's too.
    gen::test::module_of(ports.project, "todo-postgres").hostname = "db";
    ports.mutate(alias, "app.kubernetes.io/name: other", "app.kubernetes.io/name: todo-postgres");
    e = errors(ports.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-host-aliases");
    CHECK(e[0].message == "StatefulSet todo-postgres: hostname is unset; the spec's is db");
  }
  SECTION("from_host: the settings key of the host's variable") {
    // POSTGRES_DB read from the host's DB_NAME: the manifest still reads key
    // POSTGRES_DB, then the right key passes.
    Todo t;
    for (auto& e : gen::test::module_of(t.project, "todo-postgres").env)
      if (e.name == "POSTGRES_DB") e.from_host = "DB_NAME";
    const std::string path = "k8s/base/modules/todo-postgres/statefulset.yaml";
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "env-from-host");
    CHECK(e[0].range.begin.file == path);
    CHECK(e[0].message == "StatefulSet todo-postgres: POSTGRES_DB must come from key DB_NAME of a "
                          "ConfigMap (valueFrom.configMapKeyRef), the host's variable the spec names");
    t.mutate(path, "key: POSTGRES_DB", "key: DB_NAME");
    CHECK(errors(t.verify()).empty());
  }
  SECTION("a module without its workload") {
    Todo t;
    t.files.erase(kBackend);
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-workload");
    CHECK(e[0].message == "module todo-backend has no Deployment in the Kubernetes output");
  }
  SECTION("the workload kind follows the model, not the rendered files") {
    // The kind verify expects is derived from the resolved model
    // (model/workload.h): a service with state is a StatefulSet, a job a Job.
    Todo t;
    const std::string path = "k8s/base/modules/todo-postgres/statefulset.yaml";
    int line = t.mutate(path, "kind: StatefulSet", "kind: Deployment");
    auto e = errors(t.verify());
    REQUIRE(e.size() == 1);
    CHECK(e[0].rule_id == "k8s-workload");
    CHECK(e[0].range.begin.line == line);
    CHECK(e[0].message ==
          "Deployment todo-postgres: module todo-postgres runs as a StatefulSet (it has state)");

    Todo job;
    gen::test::module_of(job.project, "todo-backend").kind = gen::model::ModuleKind::Job;
    e = errors(job.verify());
    REQUIRE_FALSE(e.empty());
    CHECK(e[0].rule_id == "k8s-workload");
    CHECK(e[0].message == "Deployment todo-backend: module todo-backend runs as a Job");
  }
}

TEST_CASE("an override template that weakens the security context is refused", "[k8s][verify]") {
  gen::test::GenOutput out =
      gen::test::run_gen_out({"k8s", "--spec", gen::test::spec_path("reactbin"), "--templates",
                              std::string(GEN_SOURCE_DIR) + "/tests/verify/k8s_weak_templates"});
  CHECK(out.code == 1);
  CHECK(out.files.empty());  // nothing written
  CHECK(out.err ==
        "k8s/base/modules/api/deployment.yaml:73:39: error[k8s-privilege-escalation]: Deployment "
        "api: containers[api].securityContext.allowPrivilegeEscalation is true; the restricted "
        "Pod Security Standard requires false\n"
        " 73 |             allowPrivilegeEscalation: true\n"
        "    |                                       ^\n"
        "  = note: rendered from template k8s/deployment.yaml.j2\n"
        "  = help: gen's built-in template sets this; keep it in the override\n");
}

TEST_CASE("a shared volume is mounted from the claim named after its key", "[k8s][verify]") {
  Todo t("core-infra");
  REQUIRE(errors(t.verify()).empty());
  const std::string apache = "k8s/base/modules/apache/deployment.yaml";
  int line = t.mutate(apache, "claimName: certs", "claimName: certs-2");
  // The error is at the pod volume, one line above its claim.
  expect_one(t.verify(), "k8s-volume-claims", apache, line - 2,
             "Deployment apache: volume certs at /data/certificates is the claim certs-2; it is "
             "the claim certs");
}
