#include "check/output_rules.h"

namespace gen::check {

namespace {

constexpr const char* kK8s = "Kubernetes manifests";
constexpr const char* kK8sDoc = "docs/k8s.md, \"Verify\"";
constexpr const char* kContainers = "compose files and systemd units";
constexpr const char* kComposeDoc = "docs/compose.md and docs/systemd.md, \"Verify\"";
constexpr const char* kDocker = "Dockerfiles";
constexpr const char* kDockerDoc = "docs/dockerfile.md, \"Verified after rendering\"";
constexpr const char* kUnits = "systemd units";
constexpr const char* kUnitsDoc = "docs/systemd.md, \"Verify\"";
constexpr const char* kDocs = "CONTRACT.md and the scripts";

}  // namespace

const std::vector<ArtifactRule>& artifact_rules() {
  static const std::vector<ArtifactRule> rules = {
      {"read-only-root", kContainers, kComposeDoc, false,
       "a service or unit whose root filesystem is writable (compose `read_only: true`, Quadlet "
       "`ReadOnly=true`, `--read-only`)"},
      {"edge-ports", kContainers, "docs/compose.md, \"Routes\"", false,
       "in a project with routes, a service or unit other than the edge proxy publishing host "
       "port 80 or 443"},
      {"edge-config", "edge proxy's Caddyfile", "docs/compose.md, \"Routes\"", false,
       "a route without its site (`http://host` for plain HTTP), its path prefix's handler "
       "proxying to its module and port, or its secret's files for TLS; a handler for a route the "
       "spec does not have; the admin API not off"},
      {"cap-drop-all", kContainers, kComposeDoc, false,
       "a container that does not drop every capability, or adds one back"},
      {"no-new-privileges", kContainers, kComposeDoc, false,
       "a container without no-new-privileges"},
      {"no-host-namespaces", kContainers, kComposeDoc, false,
       "a container sharing the host's pid, ipc, uts, cgroup or user namespace (compose `pid: "
       "host`, ..., `--pid=host`, Quadlet `UserNS=host`)"},
      {"no-devices", kContainers, kComposeDoc, false,
       "a container given host devices (compose `devices`, Quadlet `AddDevice=`, `--device`)"},
      {"granted-privileges", kContainers, kComposeDoc, false,
       "a privilege the spec grants under a waiver missing: a capability of `cap_add`, a device "
       "of `devices`, or the writable root of `read_only: false` (compose `cap_add`, `devices`, "
       "`read_only: false`; Quadlet `AddCapability=`, `AddDevice=`, `ReadOnly=false`; "
       "`--cap-add`, `--device`, `--read-only=false`)"},
      {"process-details", kContainers, kComposeDoc, false,
       "a process detail of the spec missing: init (compose `init`, Quadlet `RunInit=`, "
       "`--init`), stdin_open (`stdin_open`, `--interactive`), tty (`tty`, `--tty`), an "
       "extra_hosts entry (`extra_hosts`, Quadlet `AddHost=`, `--add-host`), platform "
       "(`platform`, `--platform`)"},
      {"kernel-limits", kContainers, kComposeDoc, false,
       "a kernel setting of the spec missing: shm_size (compose `shm_size`, `--shm-size`), a "
       "ulimit (`ulimits`, `--ulimit NAME=SOFT:HARD`), a sysctl (`sysctls`, `--sysctl`)"},
      {"anonymous-volumes", kContainers, kComposeDoc, false,
       "an anonymous mount of the spec missing at its target, read-only, or there as a named "
       "volume or host path (compose `volumes: [/path]`, Quadlet `Volume=/path`, `--volume "
       "/path`)"},
      {"no-unconfined", kContainers, kComposeDoc, false,
       "seccomp or AppArmor unconfined, SELinux labels disabled or /proc paths unmasked "
       "(`security_opt`, `--security-opt`, Quadlet `SeccompProfile=unconfined`, "
       "`SecurityLabelDisable=true`, `Unmask=`)"},
      {"output-size", "every output", "docs/architecture.md, \"Guarantees\"", false,
       "a rendered file above 64 MiB, or all of them above 256 MiB together"},
      {"container-labels", kContainers, kComposeDoc, false,
       "a container label of the spec (labels, container_labels) missing or with another value "
       "(compose `labels`, Quadlet `Label=`, `--label`)"},
      {"host-aliases", kContainers, kComposeDoc, false,
       "a container without the spec's host name, or not reached under one of its names on a "
       "network it joins (compose `hostname` and network `aliases`, Quadlet `HostName=` and "
       "`NetworkAlias=`, `--hostname` and `--network-alias`)"},
      {"static-addresses", kContainers, kComposeDoc, false,
       "a network without the spec's subnet or gateway, or with one the spec does not give "
       "(compose `ipam.config`, Quadlet `Subnet=`/`Gateway=`, `network create --subnet "
       "--gateway`), or a container without its static address on a network (compose "
       "`ipv4_address`, Quadlet and Podman `Network=NAME:ip=ADDR`, Docker "
       "`--network name=NAME,ip=ADDR`) or with another one"},
      {"env-from-host", "compose files and Kubernetes manifests", kComposeDoc, false,
       "a variable the spec reads from the host under another name (from_host) not "
       "interpolated from that name (compose `${HOST:?...}`) or not from that key of a ConfigMap "
       "(Kubernetes `configMapKeyRef`)"},
      {"compose-services", "compose files", kComposeDoc, false,
       "a module that runs but has no compose service, or a service that is not a mapping"},
      {"compose-build", "compose files", kComposeDoc, false,
       "a built module whose service does not build the spec's Dockerfile: the project's own "
       "(and its stage), or the one gen writes for the module"},
      {"compose-secret-files", "compose files", kComposeDoc, false,
       "a secret mount not granted to its service at its target, or its secret not declared "
       "(from its file, or external)"},
      {"compose-setup-steps", "compose files", kComposeDoc, false,
       "a module not waiting for its setup steps to complete in order "
       "(service_completed_successfully), or a step that restarts"},
      {"exec-form", kDocker, kDockerDoc, false,
       "a CMD or ENTRYPOINT in shell form (signals would reach a shell, not the process)"},
      {"required-env", kDocker, kDockerDoc, false,
       "a module with required variables whose image does not start through /entrypoint.sh, "
       "which checks them"},
      {"apt-lists", kDocker, kDockerDoc, true,
       "`apt-get install` without removing /var/lib/apt/lists in the same RUN"},
      {"dockerfile-from", kDocker, kDockerDoc, false, "a Dockerfile without FROM"},
      {"systemd-syntax", kUnits, kUnitsDoc, false,
       "a line systemd or Quadlet would reject (no section, no `=`, bad quoting or escapes)"},
      {"systemd-setup-steps", kUnits, kUnitsDoc, false,
       "a unit not requiring and ordered after its setup step, or a step's unit that is not "
       "Type=oneshot"},
      {"systemd-unit", kUnits, kUnitsDoc, false,
       "a module's unit without its [Container] or [Service] section, Image= or run command"},
      {"docs-contract", kDocs, kUnitsDoc, false,
       "a CONTRACT.md without one of its sections, its Mermaid topology, or a running module's "
       "Process Identity row with the spec's uid and gid"},
      {"docs-script", kDocs, kUnitsDoc, false,
       "a script that does not start with #!/bin/sh or lacks gen's marker"},
      {"k8s-pod-security-context", kK8s, kK8sDoc, false,
       "a pod or container without `securityContext`"},
      {"k8s-run-as-non-root", kK8s, kK8sDoc, false,
       "pod `runAsNonRoot` not true; a container setting it to anything but true"},
      {"k8s-run-as-user", kK8s, kK8sDoc, false,
       "`runAsUser` 0, or `runAsUser`/`runAsGroup` not the module's uid/gid"},
      {"k8s-groups", kK8s, kK8sDoc, false,
       "`fsGroup` not the gid; `supplementalGroups` not the module's groups"},
      {"k8s-seccomp", kK8s, kK8sDoc, false,
       "pod `seccompProfile.type` not RuntimeDefault/Localhost; a container's, when set"},
      {"k8s-privilege-escalation", kK8s, kK8sDoc, false,
       "a container's `allowPrivilegeEscalation` not false"},
      {"k8s-privileged", kK8s, kK8sDoc, false, "`privileged` set to anything but false"},
      {"k8s-rbac", kK8s, kK8sDoc, false,
       "a ClusterRole or ClusterRoleBinding at all, a Role, or a RoleBinding (to cluster-admin or "
       "any ClusterRole): no module talks to the Kubernetes API"},
      {"k8s-read-only-root", kK8s, kK8sDoc, false,
       "`readOnlyRootFilesystem` not true (not false, when the spec waives read-only-rootfs with "
       "`read_only: false`)"},
      {"k8s-capabilities", kK8s, kK8sDoc, false,
       "`drop` without ALL, or an `add` other than exactly the capabilities the spec grants "
       "under a waiver of no-added-capabilities"},
      {"k8s-process-details", kK8s, kK8sDoc, false,
       "a process detail of the spec missing: init (pod `shareProcessNamespace: true`), "
       "stdin_open and tty (the container's `stdin`, `tty`), an extra_hosts entry (pod "
       "`hostAliases`), platform (pod `nodeSelector` on `kubernetes.io/os` and "
       "`kubernetes.io/arch`)"},
      {"k8s-kernel-limits", kK8s, kK8sDoc, false,
       "a kernel setting of the spec missing: shm_size (an emptyDir of medium Memory and that "
       "sizeLimit at /dev/shm), a sysctl (the pod's `securityContext.sysctls`)"},
      {"k8s-anonymous-volumes", kK8s, kK8sDoc, false,
       "an anonymous mount of the spec not a writable `emptyDir` of the pod at its target"},
      {"k8s-devices", kK8s, kK8sDoc, false,
       "a host device without its extended resource (targets.k8s.device_resources) requested "
       "and limited to 1 on the module's container, or with none named (at the device in the "
       "spec)"},
      {"k8s-host-namespaces", kK8s, kK8sDoc, false, "`hostNetwork`, `hostPID` or `hostIPC`"},
      {"k8s-host-ports", kK8s, kK8sDoc, false, "a `hostPort`"},
      {"k8s-service-exposure", kK8s, kK8sDoc, false,
       "a Service reaching pods from outside the cluster (a type other than ClusterIP, "
       "`externalIPs`) other than `<module>-public` as targets.k8s.expose asks, or that one "
       "missing or unlike the module's public ports"},
      {"k8s-volume-types", kK8s, kK8sDoc, false,
       "a volume type outside the restricted profile's list (hostPath, nfs, ...)"},
      {"k8s-baseline", kK8s, kK8sDoc, false,
       "`procMount`, SELinux user/role/type, AppArmor Unconfined, hostProcess, unsafe sysctls"},
      {"k8s-service-account-token", kK8s, kK8sDoc, false,
       "pod or ServiceAccount `automountServiceAccountToken` not false"},
      {"k8s-secret-ref", kK8s, kK8sDoc, false,
       "a secret variable missing, with a literal value, or not from its Secret and key"},
      {"k8s-secret-files", kK8s, kK8sDoc, false,
       "a secret mount not mounted read-only from its Secret's key of the same name"},
      {"k8s-volume-claims", kK8s, kK8sDoc, false,
       "a shared volume not mounted from the claim named after its key (`_` as `-`, small "
       "letters) or an external volume's name"},
      {"k8s-network-peers", kK8s, kK8sDoc, false,
       "a connection of the spec (depends_on, talks_to) that the NetworkPolicies block: the "
       "module's egress or the peer's ingress misses the other's pods or the peer's ports"},
      {"k8s-labels", kK8s, kK8sDoc, false,
       "a label or annotation of the spec missing, or with another value, on a module's "
       "workload or its pod template"},
      {"k8s-host-aliases", kK8s, kK8sDoc, false,
       "a name the spec gives a module with ports (hostname, aliases) without a Service of that "
       "name selecting the module's pods on its ports, or a pod template without the spec's "
       "hostname"},
      {"k8s-config-dirs", kK8s, kK8sDoc, false,
       "a config directory not mounted read-only (no subPath) from a configMap volume projecting "
       "each of its files at its path"},
      {"k8s-no-secrets", kK8s, kK8sDoc, false, "any `kind: Secret` object"},
      {"k8s-image", kK8s, kK8sDoc, false, "a container image other than the spec's"},
      {"k8s-argv", kK8s, kK8sDoc, false,
       "a container `command` or `args` word that Kubernetes would pass other than the spec "
       "wrote it (an unescaped `$(VAR)` expands there)"},
      {"k8s-grace-period", kK8s, kK8sDoc, false,
       "`terminationGracePeriodSeconds` other than the spec's stop grace period"},
      {"k8s-probes", kK8s, kK8sDoc, false, "a missing probe, or one other than the spec's health"},
      {"k8s-resources", kK8s, kK8sDoc, false, "requests or limits other than the spec's"},
      {"k8s-pull-secrets", kK8s, kK8sDoc, false,
       "`imagePullSecrets` without a pull secret the spec names (targets.k8s.pull_secrets)"},
      {"k8s-workload", kK8s, kK8sDoc, false, "a module without its workload, or of the wrong kind"},
      {"schedule-output", "CronJobs, systemd timers and units, and compose files",
       "docs/spec.md, \"Schedules\"", false,
       "a scheduled job whose CronJob (schedule, timeZone, concurrencyPolicy, history), systemd "
       "timer (OnCalendar=, Unit=, WantedBy=timers.target; the unit not enabled for boot nor "
       "RemainAfterExit=) or compose service (in a profile, so `up` leaves it out) says "
       "otherwise than the spec"},
      {"k8s-setup-steps", kK8s, kK8sDoc, false,
       "a module's setup steps missing from its pod's `initContainers`, out of spec order, or "
       "without their command"},
      {"route-output", kK8s, "docs/k8s.md, \"Routes\"", false,
       "a route missing from the Ingress or HTTPRoute of the chosen API, sent to another Service, "
       "port, TLS Secret, issuer or Gateway; a routing object the spec has no route for; a routed "
       "module's NetworkPolicy without the edge's namespace on its routed ports, or admitting "
       "another namespace"},
      {"egress-output", "every target", "docs/spec.md, \"Egress\"", false,
       "a NetworkPolicy that lets a module out to more or less than its peers and its egress "
       "allow-list (one ipBlock rule per entry, its ports; allow-dns: port 53 only), or a "
       "compose/Podman network internal where the spec says otherwise, or a module on the "
       "network that routes out of the host without egress or a published port (or off it "
       "with one)"},
      {"autoscale-output", kK8s, kK8sDoc, false,
       "an autoscaled module without its HorizontalPodAutoscaler, or one that scales another "
       "workload, other bounds or other metrics than the spec's; a HorizontalPodAutoscaler for "
       "a fixed count; a PodDisruptionBudget that does not select its module's pods, or keeps "
       "the autoscaler's minimum available"},
      {"k8s-namespace-pss", kK8s, kK8sDoc, false, "no Namespace enforcing `restricted`"},
      {"k8s-network-policy", kK8s, kK8sDoc, false, "no default-deny NetworkPolicy"},
      {"k8s-config-file", kK8s, kK8sDoc, true,
       "a config file gen could not read, so its ConfigMap is not generated"},
  };
  return rules;
}

const ArtifactRule* find_artifact_rule(const std::string& id) {
  for (const auto& r : artifact_rules())
    if (id == r.id) return &r;
  return nullptr;
}

std::string artifact_rule_page(const ArtifactRule& r) {
  std::string page = std::string("# ") + r.id + "\n\n";
  page += std::string("Checked in the rendered ") + r.target +
          ", after rendering and before anything is written " +
          (r.warning ? "(a warning)." : "(an error: nothing is written).") + "\n\n";
  page += std::string(r.warning ? "Flagged: " : "Refused: ") + r.refuses + ".\n\n";
  page +=
      "gen's built-in templates never produce this; a template override (`--templates DIR`) "
      "did. The finding names the file, line and column in the rendered output and the template "
      "that wrote it: change that template so its output keeps the contract.\n\n";
  page +=
      "Not waivable: a `waive:` entry naming it is refused (rule waiver). The rule is about the "
      "rendered outputs, not the spec: gen's templates keep it, relaxed only where a waiver of "
      "a contract rule asks (docs/k8s.md, \"Pod Security levels\"), so there is nothing in a "
      "module to excuse; waive the contract rule instead. A waiver of this one would only hide "
      "a broken override.\n\n";
  page += std::string("More: ") + r.doc + ".\n";
  return page;
}

}  // namespace gen::check
