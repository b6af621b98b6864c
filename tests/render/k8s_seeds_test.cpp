// The Kubernetes output of each seed spec, read back with yaml-cpp and
// checked against the numbers the seed documents state (seed 004 is the
// Kubernetes one: pull secrets, resources, probes, PVC, emptyDirs).
#include <catch2/catch.hpp>

#include "k8s_output.h"

using gen::test::container;
using gen::test::env_entry;
using gen::test::GenOutput;
using gen::test::mount_at;
using gen::test::pod_spec;
using gen::test::volume;

namespace {

std::string s(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : "<absent>"; }

std::vector<std::string> strings(const YAML::Node& n) {
  std::vector<std::string> out;
  for (const auto& i : n) out.push_back(i.as<std::string>());
  return out;
}

struct Seed {
  GenOutput out;
  std::map<std::string, gen::test::K8sObject> objects;

  explicit Seed(const std::string& spec) : out(gen::test::render_k8s(spec)) {
    INFO(out.err);
    REQUIRE(out.code == 0);
    objects = gen::test::k8s_objects(out);
  }
  const YAML::Node& obj(const std::string& key) const {
    auto it = objects.find(key);
    INFO("object " << key);
    REQUIRE(it != objects.end());
    return it->second.node;
  }
  YAML::Node overlay(const std::string& profile) const {
    std::string path = "k8s/overlays/" + profile + "/kustomization.yaml";
    INFO(path);
    REQUIRE(out.has(path));
    return YAML::Load(out.at(path));
  }
};

// The overlay's `images` entry for `name`.
YAML::Node image(const YAML::Node& kustomization, const std::string& name) {
  for (const auto& i : kustomization["images"])
    if (i["name"].as<std::string>() == name) return i;
  FAIL("no image " << name);
  return {};
}

void check_probe(const YAML::Node& probe, const std::string& path, int port, int period,
                 int timeout, int failures) {
  CHECK(s(probe["httpGet"]["path"]) == path);
  CHECK(s(probe["httpGet"]["port"]) == std::to_string(port));
  CHECK(s(probe["periodSeconds"]) == std::to_string(period));
  CHECK(s(probe["timeoutSeconds"]) == std::to_string(timeout));
  CHECK(s(probe["failureThreshold"]) == std::to_string(failures));
}

}  // namespace

TEST_CASE("seed 004 (todo): images, pull secrets, resources, probes, state and emptyDirs",
          "[k8s][seed]") {
  Seed seed("todo");
  const YAML::Node& backend = seed.obj("Deployment/todo-backend");
  const YAML::Node& frontend = seed.obj("Deployment/todo-frontend");
  const YAML::Node& postgres = seed.obj("StatefulSet/todo-postgres");

  // imagePullSecrets: ghcr-pull-secret, imagePullPolicy: IfNotPresent.
  for (const YAML::Node* w : {&backend, &frontend, &postgres}) {
    CHECK(s(pod_spec(*w)["imagePullSecrets"][0]["name"]) == "ghcr-pull-secret");
    CHECK(pod_spec(*w)["imagePullSecrets"].size() == 1);
    CHECK(s(container(*w)["imagePullPolicy"]) == "IfNotPresent");
  }
  CHECK(s(container(postgres)["image"]) == "postgres:15-alpine");

  // Backend: limits cpu 1000m / memory 1Gi, requests 250m / 256Mi.
  const YAML::Node res = container(backend)["resources"];
  CHECK(s(res["limits"]["cpu"]) == "1000m");
  CHECK(s(res["limits"]["memory"]) == "1Gi");
  CHECK(s(res["requests"]["cpu"]) == "250m");
  CHECK(s(res["requests"]["memory"]) == "256Mi");

  // UID 1000, GID 1001 for frontend and backend; postgres runs as 70.
  for (const YAML::Node* w : {&backend, &frontend}) {
    CHECK(s(pod_spec(*w)["securityContext"]["runAsUser"]) == "1000");
    CHECK(s(pod_spec(*w)["securityContext"]["runAsGroup"]) == "1001");
    CHECK(s(pod_spec(*w)["securityContext"]["fsGroup"]) == "1001");
  }
  CHECK(s(pod_spec(postgres)["securityContext"]["runAsUser"]) == "70");

  // Probes: /livez and /readyz on 8000, HEALTHCHECK --interval=30s
  // --timeout=3s --start-period=40s --retries=3.
  check_probe(container(backend)["livenessProbe"], "/livez", 8000, 30, 3, 3);
  check_probe(container(backend)["readinessProbe"], "/readyz", 8000, 30, 3, 3);
  CHECK(s(container(backend)["livenessProbe"]["initialDelaySeconds"]) == "40");
  check_probe(container(frontend)["livenessProbe"], "/api/health/live", 3000, 30, 5, 3);
  check_probe(container(frontend)["readinessProbe"], "/api/health/ready", 3000, 30, 5, 3);
  // pg_isready -U $POSTGRES_USER -d $POSTGRES_DB, interval 10s, timeout 5s, retries 5.
  for (const char* p : {"livenessProbe", "readinessProbe"}) {
    const YAML::Node probe = container(postgres)[p];
    CHECK(strings(probe["exec"]["command"]) ==
          std::vector<std::string>{"sh", "-c",
                                   "pg_isready -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\""});
    CHECK(s(probe["periodSeconds"]) == "10");
    CHECK(s(probe["timeoutSeconds"]) == "5");
    CHECK(s(probe["failureThreshold"]) == "5");
  }

  // Ports: 3000, 8000, 5432 (TCP), each behind a Service of the module's name.
  CHECK(s(container(frontend)["ports"][0]["containerPort"]) == "3000");
  CHECK(s(container(backend)["ports"][0]["containerPort"]) == "8000");
  CHECK(s(container(postgres)["ports"][0]["containerPort"]) == "5432");
  CHECK(s(seed.obj("Service/todo-backend")["spec"]["ports"][0]["port"]) == "8000");
  CHECK(s(seed.obj("Service/todo-frontend")["spec"]["ports"][0]["port"]) == "3000");
  CHECK(s(seed.obj("Service/todo-postgres")["spec"]["ports"][0]["port"]) == "5432");

  // /var/lib/postgresql/data: a PVC (volumeClaimTemplate) of 10Gi.
  const YAML::Node claim = postgres["spec"]["volumeClaimTemplates"][0];
  CHECK(s(claim["spec"]["resources"]["requests"]["storage"]) == "10Gi");
  CHECK(strings(claim["spec"]["accessModes"]) == std::vector<std::string>{"ReadWriteOnce"});
  CHECK(s(mount_at(container(postgres), "/var/lib/postgresql/data")["name"]) ==
        s(claim["metadata"]["name"]));

  // /tmp (required) and the Next.js cache (recommended) are emptyDirs.
  for (const char* path : {"/tmp", "/app/.next/cache"}) {
    const YAML::Node m = mount_at(container(frontend), path);
    INFO(path);
    REQUIRE(m);
    CHECK(volume(frontend, s(m["name"]))["emptyDir"].IsMap());
  }
  CHECK(volume(backend, s(mount_at(container(backend), "/tmp")["name"]))["emptyDir"].IsMap());

  // Secrets by reference only; plain settings from the module's ConfigMap.
  const YAML::Node db = env_entry(container(backend), "DATABASE_URL");
  CHECK(s(db["valueFrom"]["secretKeyRef"]["name"]) == "todo-backend");
  CHECK(s(db["valueFrom"]["secretKeyRef"]["key"]) == "DATABASE_URL");
  CHECK(!db["value"]);
  const YAML::Node level = env_entry(container(backend), "LOG_LEVEL");
  CHECK(s(level["valueFrom"]["configMapKeyRef"]["name"]) == "todo-backend-env");
  CHECK(s(seed.obj("ConfigMap/todo-backend-env")["data"]["LOG_LEVEL"]) == "INFO");
  CHECK(s(seed.obj("ConfigMap/todo-backend-env")["data"]["JWT_EXPIRATION"]) == "3600");
  // A required, non-secret setting comes from the operator's settings ConfigMap.
  CHECK(s(env_entry(container(postgres), "POSTGRES_DB")["valueFrom"]["configMapKeyRef"]["name"]) ==
        "todo-postgres-settings");
  for (const auto& [key, obj] : seed.objects) CHECK(obj.node["kind"].as<std::string>() != "Secret");

  // Recommended labels.
  const YAML::Node labels = backend["spec"]["template"]["metadata"]["labels"];
  CHECK(s(labels["app.kubernetes.io/name"]) == "todo-backend");
  CHECK(s(labels["app.kubernetes.io/instance"]) == "todo");
  CHECK(s(labels["app.kubernetes.io/component"]) == "service");
  CHECK(s(labels["app.kubernetes.io/part-of"]) == "todo");
  CHECK(s(labels["app.kubernetes.io/managed-by"]) == "gen");

  // Overlays: namespace todo; tag policy per profile (dev, v1.0.0, git-<sha>).
  for (const char* p : {"local", "minikube", "prod"})
    CHECK(s(seed.overlay(p)["namespace"]) == "todo");
  CHECK(s(image(seed.overlay("local"), "todo-frontend")["newTag"]) == "dev");
  CHECK(s(image(seed.overlay("minikube"), "todo-backend")["newTag"]) == "v1.0.0");
  const YAML::Node prod = image(seed.overlay("prod"), "todo-frontend");
  CHECK(s(prod["newName"]) == "ghcr.io/yourorg/todo-frontend");
  CHECK(s(prod["newTag"]) == "git-${GIT_SHA}");
  CHECK(s(image(seed.overlay("prod"), "postgres")["newTag"]) == "15-alpine");
  CHECK(s(seed.obj("Namespace/todo")["metadata"]["name"]) == "todo");
}

TEST_CASE("seed 004 (todo): network policies follow depends_on and talks_to", "[k8s][seed]") {
  Seed seed("todo");
  const YAML::Node deny = seed.obj("NetworkPolicy/default-deny")["spec"];
  CHECK(deny["podSelector"].size() == 0);
  CHECK(strings(deny["policyTypes"]) == std::vector<std::string>{"Ingress", "Egress"});
  CHECK(!deny["ingress"]);
  CHECK(!deny["egress"]);
  // DNS egress for every pod.
  const YAML::Node dns = seed.obj("NetworkPolicy/allow-dns")["spec"]["egress"][0]["ports"];
  CHECK(s(dns[0]["port"]) == "53");
  CHECK(s(dns[0]["protocol"]) == "UDP");

  // backend -> postgres:5432 (healthy), frontend -> backend:8000 (started).
  const YAML::Node pg = seed.obj("NetworkPolicy/todo-postgres")["spec"];
  CHECK(s(pg["ingress"][0]["from"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "todo-backend");
  // The frontend reads DATABASE_URL (talks_to, no start order): admitted too.
  REQUIRE(pg["ingress"][0]["from"].size() == 2);
  CHECK(s(pg["ingress"][0]["from"][1]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "todo-frontend");
  CHECK(s(pg["ingress"][0]["ports"][0]["port"]) == "5432");
  CHECK(pg["ingress"].size() == 1);
  CHECK(pg["egress"].size() == 0);
  const YAML::Node be = seed.obj("NetworkPolicy/todo-backend")["spec"];
  CHECK(s(be["ingress"][0]["from"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "todo-frontend");
  CHECK(s(be["ingress"][0]["ports"][0]["port"]) == "8000");
  CHECK(s(be["egress"][0]["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "todo-postgres");
  CHECK(s(be["egress"][0]["ports"][0]["port"]) == "5432");
  // Ports bound to loopback are not public: only its route's edge (the
  // ingress controller's namespace) reaches the frontend.
  const YAML::Node fe = seed.obj("NetworkPolicy/todo-frontend")["spec"];
  REQUIRE(fe["ingress"].size() == 1);
  CHECK_FALSE(fe["ingress"][0]["from"][0]["podSelector"]);
  CHECK(s(fe["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"]
           ["kubernetes.io/metadata.name"]) == "ingress-nginx");
  CHECK(s(fe["egress"][0]["ports"][0]["port"]) == "8000");
  REQUIRE(fe["egress"].size() == 2);
  CHECK(s(fe["egress"][1]["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "todo-postgres");
  CHECK(s(fe["egress"][1]["ports"][0]["port"]) == "5432");
}

TEST_CASE("seed 002 (reactbin): UID 1001, port 8000, health, 30 s to drain", "[k8s][seed]") {
  Seed seed("reactbin");
  const YAML::Node& api = seed.obj("Deployment/api");
  // "Kubernetes should configure terminationGracePeriodSeconds >= 30".
  CHECK(pod_spec(api)["terminationGracePeriodSeconds"].as<int>() >= 30);
  CHECK(s(pod_spec(api)["securityContext"]["runAsUser"]) == "1001");
  CHECK(s(container(api)["ports"][0]["containerPort"]) == "8000");
  // HEALTHCHECK defaults: interval 30s, timeout 5s, start period 10s, retries 3.
  check_probe(container(api)["livenessProbe"], "/api/v1/health", 8000, 30, 5, 3);
  check_probe(container(api)["readinessProbe"], "/api/v1/health", 8000, 30, 5, 3);
  CHECK(s(container(api)["startupProbe"]["initialDelaySeconds"]) == "10");
  CHECK(s(env_entry(container(api), "JWT_SECRET_KEY")["valueFrom"]["secretKeyRef"]["name"]) ==
        "api");
  CHECK(s(container(api)["image"]) == "reactbin-api-prod:latest");
}

TEST_CASE("seed 001 (wats): UID 10001, port 3000, state and the config file", "[k8s][seed]") {
  Seed seed("wats");
  const YAML::Node& wats = seed.obj("StatefulSet/wats");
  CHECK(s(pod_spec(wats)["securityContext"]["runAsUser"]) == "10001");
  CHECK(s(pod_spec(wats)["securityContext"]["runAsGroup"]) == "10001");
  CHECK(s(container(wats)["ports"][0]["containerPort"]) == "3000");
  check_probe(container(wats)["livenessProbe"], "/healthz", 3000, 30, 5, 3);
  check_probe(container(wats)["readinessProbe"], "/readyz", 3000, 30, 5, 3);
  CHECK(s(container(wats)["livenessProbe"]["initialDelaySeconds"]) == "10");
  // The writable data directory /var/lib/wats (gen's 1Gi default).
  CHECK(s(mount_at(container(wats), "/var/lib/wats")["name"]) == "state");
  CHECK(s(wats["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"]) ==
        "1Gi");
  // ./wats.config.yaml:/app/config/wats.config.yaml:ro, from a ConfigMap.
  const YAML::Node conf = mount_at(container(wats), "/app/config/wats.config.yaml");
  CHECK(s(conf["readOnly"]) == "true");
  CHECK(s(conf["subPath"]) == "wats.config.yaml");
  CHECK(s(volume(wats, s(conf["name"]))["configMap"]["name"]) == "wats-files");
  CHECK(s(env_entry(container(wats), "WATS_APP_SECRET")["valueFrom"]["secretKeyRef"]["key"]) ==
        "WATS_APP_SECRET");
  CHECK(s(seed.obj("ConfigMap/wats-env")["data"]["NODE_ENV"]) == "production");
  CHECK(s(container(wats)["args"][0]) == "bun");
  CHECK(s(image(seed.overlay("local"), "wats")["newTag"]) == "local");
}

TEST_CASE("seed 000 (whatsapp-adapter): ports, 1001:1001, own directories, read-only conf",
          "[k8s][seed]") {
  Seed seed("whatsapp-adapter");
  struct Expect {
    const char* module;
    int port;
    const char* health;
  };
  for (const Expect& e : {Expect{"whatsapp-adapter-api", 5000, "/healthz"},
                          Expect{"whatsapp-adapter-app", 5000, "/healthz"},
                          Expect{"whatsapp-adapter-waha", 3000, "/ping"},
                          Expect{"whatsapp-adapter-docs", 8080, "/healthz"}}) {
    INFO(e.module);
    const YAML::Node& d = seed.obj(std::string("Deployment/") + e.module);
    CHECK(s(container(d)["ports"][0]["containerPort"]) == std::to_string(e.port));
    CHECK(s(container(d)["livenessProbe"]["httpGet"]["path"]) == e.health);
    CHECK(s(pod_spec(d)["securityContext"]["runAsUser"]) == "1001");
    CHECK(s(pod_spec(d)["securityContext"]["runAsGroup"]) == "1001");
    for (const char* dir : {"data", "logs", "conf"}) {
      const YAML::Node m = mount_at(container(d), std::string("/app/") + dir);
      INFO(dir);
      REQUIRE(m);
      CHECK(s(volume(d, s(m["name"]))["persistentVolumeClaim"]["claimName"]) ==
            std::string(e.module) + "-" + dir);
      // "conf/ mounts stay read-only".
      CHECK(s(m["readOnly"]) == (std::string(dir) == "conf" ? "true" : "<absent>"));
    }
  }
  // The API reads waha's sessions read-only; the claim is shared (RWX).
  const YAML::Node& api = seed.obj("Deployment/whatsapp-adapter-api");
  const YAML::Node sessions = mount_at(container(api), "/app/provider-sessions");
  CHECK(s(sessions["readOnly"]) == "true");
  CHECK(s(volume(api, s(sessions["name"]))["persistentVolumeClaim"]["claimName"]) ==
        "whatsapp-adapter-waha-sessions");
  CHECK(strings(seed.obj(
            "PersistentVolumeClaim/whatsapp-adapter-waha-sessions")["spec"]["accessModes"]) ==
        std::vector<std::string>{"ReadWriteMany"});
  CHECK(
      strings(seed.obj("PersistentVolumeClaim/whatsapp-adapter-api-data")["spec"]["accessModes"]) ==
      std::vector<std::string>{"ReadWriteOnce"});
  // A ReadWriteOnce claim: pods are replaced, not rolled.
  CHECK(s(api["spec"]["strategy"]["type"]) == "Recreate");
  CHECK(s(container(seed.obj("Deployment/whatsapp-adapter-waha"))["image"]) ==
        "devlikeapro/waha:2024.12.1");
}

TEST_CASE("seed 003 (core-infra): certs volume, certgroup, jobs, state", "[k8s][seed]") {
  Seed seed("core-infra");
  // The shared certs volume: one claim, read-write for certbot only.
  CHECK(strings(seed.obj("PersistentVolumeClaim/certs")["spec"]["accessModes"]) ==
        std::vector<std::string>{"ReadWriteMany"});
  const YAML::Node& certbot = seed.obj("Job/certbot");
  CHECK(s(mount_at(container(certbot), "/data/certificates")["readOnly"]) == "<absent>");
  CHECK(s(pod_spec(certbot)["securityContext"]["runAsUser"]) == "9999");
  CHECK(s(pod_spec(certbot)["restartPolicy"]) == "Never");
  for (const char* m : {"apache", "bind", "mail"}) {
    INFO(m);
    const YAML::Node& d = seed.obj(std::string("Deployment/") + m);
    CHECK(s(mount_at(container(d), "/data/certificates")["readOnly"]) == "true");
    // Services join certgroup (GID 9999).
    CHECK(s(pod_spec(d)["securityContext"]["supplementalGroups"][0]) == "9999");
    CHECK(s(pod_spec(d)["securityContext"]["runAsUser"]) == "1001");
  }
  const YAML::Node& pg = seed.obj("StatefulSet/postgres");
  CHECK(s(mount_at(container(pg), "/data/certificates")["readOnly"]) == "true");
  // base-debian is built, never run.
  CHECK(seed.objects.count("Deployment/base") == 0);
  CHECK(seed.objects.count("ServiceAccount/base") == 0);
  // DNS on 5353 over UDP and TCP.
  const YAML::Node ports = seed.obj("Service/bind")["spec"]["ports"];
  CHECK(s(ports[0]["protocol"]) == "UDP");
  CHECK(s(ports[1]["protocol"]) == "TCP");
  // liquibase (a job) reaches postgres:5432, and postgres admits it.
  const YAML::Node lq = seed.obj("NetworkPolicy/liquibase")["spec"];
  CHECK(s(lq["egress"][0]["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "postgres");
  CHECK(s(lq["egress"][0]["ports"][0]["port"]) == "5432");
  const YAML::Node pgnp = seed.obj("NetworkPolicy/postgres")["spec"];
  CHECK(s(pgnp["ingress"][0]["from"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]) ==
        "liquibase");
  CHECK(s(image(seed.overlay("prod"), "postgres-debian")["newTag"]) == "${GIT_SHA}");
}
