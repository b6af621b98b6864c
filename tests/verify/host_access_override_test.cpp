// Issue 22, case 14: a --templates override cannot add host access that no
// spec key asks for. Each override is the built-in template with hostile
// lines added at test time (compose, Quadlet, classic units, Kubernetes);
// verify refuses each with its rule, gen exits 1 and writes nothing. A
// rendered output above the documented size limit is refused too.
#include <catch2/catch.hpp>

#include "compose_gen.h"

using namespace gen::test;

namespace {

// The built-in template `name` with `text` inserted after `anchor` (there once).
std::string with_after(const std::string& name, const std::string& anchor,
                       const std::string& text) {
  std::string t = read_text(fs::path(GEN_SOURCE_DIR) / "templates" / name);
  size_t at = t.find(anchor);
  INFO(name << " no longer contains (once): " << anchor);
  REQUIRE(at != std::string::npos);
  REQUIRE(t.find(anchor, at + 1) == std::string::npos);
  return t.insert(at + anchor.size(), text);
}

// Renders `target` for specs/wats.yaml (with `spec_suffix` appended) with
// one override; expects a refusal naming `rule`.
void expect_refused(const std::string& target, const std::string& name, const std::string& text,
                    const std::string& rule, const std::string& spec_suffix = "") {
  Scratch s;
  copy_specs(s.dir);
  if (!spec_suffix.empty())
    write_text(s.dir / "specs/wats.yaml", read_text(s.dir / "specs/wats.yaml") + spec_suffix);
  write_text(s.dir / "overrides" / name, text);
  GenRun r = run_gen_in(s.dir, {target, "--spec", "specs/wats.yaml", "--templates", "overrides"},
                        "out");
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("error[" + rule + "]") != std::string::npos);
  CHECK(r.files.empty());
  CHECK_FALSE(fs::exists(s.dir / "out"));
}

const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";

}  // namespace

TEST_CASE("compose: host namespaces, devices, unconfined profiles and host binds are refused") {
  const std::string svc = "compose/_service.yaml.j2";
  const std::string anchor = "    cap_drop:\n      - ALL\n";
  for (const char* ns : {"pid", "ipc", "uts", "cgroup", "userns_mode"}) {
    INFO(ns);
    expect_refused("compose", svc, with_after(svc, anchor, std::string("    ") + ns + ": host\n"),
                   "no-host-namespaces");
  }
  expect_refused("compose", svc, with_after(svc, anchor, "    devices:\n      - /dev/kvm\n"),
                 "no-devices");
  for (const char* opt : {"seccomp=unconfined", "seccomp:unconfined", "apparmor=unconfined",
                          "label=disable"}) {
    INFO(opt);
    expect_refused("compose", svc,
                   with_after(svc, "      - no-new-privileges:true\n",
                              std::string("      - ") + opt + "\n"),
                   "no-unconfined");
  }
  expect_refused("compose", svc, with_after(svc, anchor, "    privileged: true\n"),
                 "no-privileged");
  expect_refused("compose", svc, with_after(svc, anchor, "    network_mode: host\n"),
                 "no-host-network");
  // Binds of / and of engine sockets, in the short and the long syntax.
  for (const char* bind : {"/:/host", "//:/host:ro", "/var/run/docker.sock:/var/run/docker.sock",
                           "/run/podman/podman.sock:/s", "/run/containerd:/c",
                           "/run/crio/crio.sock:/s"}) {
    INFO(bind);
    std::string rule = std::string(bind).rfind("/:", 0) == 0 || std::string(bind).rfind("//", 0) == 0
                           ? "host-binds"
                           : "no-engine-socket";
    expect_refused("compose", svc,
                   with_after(svc, anchor,
                              std::string("    volumes:\n      - ") + bind + "\n"),
                   rule);
  }
  expect_refused("compose", svc,
                 with_after(svc, anchor,
                            "    volumes:\n      - {type: bind, source: /, target: /host}\n"),
                 "host-binds");
}

TEST_CASE("Quadlet: AddDevice, PodmanArgs, unconfined keys, host binds and Network=host") {
  const std::string unit = "systemd/container.container.j2";
  const std::string anchor = "DropCapability=all\n";
  const std::pair<const char*, const char*> cases[] = {
      {"AddDevice=/dev/fuse\n", "no-devices"},
      {"PodmanArgs=--pid=host\n", "no-host-namespaces"},
      {"PodmanArgs=--ipc host\n", "no-host-namespaces"},
      {"UserNS=host\n", "no-host-namespaces"},
      {"PodmanArgs=--privileged\n", "no-privileged"},
      {"PodmanArgs=--device /dev/kvm\n", "no-devices"},
      {"PodmanArgs=--security-opt seccomp=unconfined\n", "no-unconfined"},
      {"PodmanArgs=-v /:/host\n", "host-binds"},
      {"PodmanArgs=--mount type=bind,source=/run/docker.sock,target=/s\n", "no-engine-socket"},
      {"SecurityLabelDisable=true\n", "no-unconfined"},
      {"SeccompProfile=unconfined\n", "no-unconfined"},
      {"Volume=/:/host\n", "host-binds"},
      {"Volume=/run/user/1000/podman/podman.sock:/s\n", "no-engine-socket"},
      {"Mount=type=bind,src=/,dst=/host\n", "host-binds"},
      {"Network=host\n", "no-host-network"},
  };
  for (const auto& [line, rule] : cases) {
    INFO(line);
    expect_refused("systemd", unit, with_after(unit, anchor, line), rule);
  }
}

TEST_CASE("classic units: the podman run arguments are checked likewise") {
  const std::string unit = "systemd/service.service.j2";
  const std::string anchor =
      "{% set ns.args = ns.args + [\"--cap-drop all\", \"--security-opt no-new-privileges\"] %}\n";
  const std::pair<const char*, const char*> cases[] = {
      {"--pid=host", "no-host-namespaces"},
      {"--uts host", "no-host-namespaces"},
      {"--device /dev/kvm", "no-devices"},
      {"--security-opt apparmor=unconfined", "no-unconfined"},
      {"--volume /:/host", "host-binds"},
      {"-v /var/run/docker.sock:/var/run/docker.sock", "no-engine-socket"},
      {"--network host", "no-host-network"},
      {"--privileged", "no-privileged"},
  };
  for (const auto& [args, rule] : cases) {
    INFO(args);
    expect_refused("systemd", unit,
                   with_after(unit, anchor,
                              std::string("{% set ns.args = ns.args + [\"") + args + "\"] %}\n"),
                   rule, kClassic);
  }
}

TEST_CASE("Kubernetes: hostPath, host namespaces, privileged, Unconfined and RBAC are refused") {
  const std::string pod = "k8s/_pod.yaml.j2";
  const std::string anchor = "      enableServiceLinks: false\n";
  expect_refused("k8s", pod, with_after(pod, anchor, "      hostPID: true\n"),
                 "k8s-host-namespaces");
  expect_refused("k8s", pod, with_after(pod, anchor, "      hostIPC: true\n"),
                 "k8s-host-namespaces");
  expect_refused("k8s", pod, with_after(pod, anchor, "      hostNetwork: true\n"),
                 "k8s-host-namespaces");
  expect_refused("k8s", pod,
                 with_after(pod, "      volumes:\n",
                            "        - name: host\n          hostPath: {path: /}\n"),
                 "k8s-volume-types");
  const std::string sa = "k8s/service-account.yaml.j2";
  const std::string tail = "automountServiceAccountToken: false\n";
  const char* const rbac[] = {
      ("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: "
      "{name: own}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "
      "cluster-admin}\nsubjects: [{kind: ServiceAccount, name: wats, namespace: wats}]\n"),
      ("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: "
      "{name: own, namespace: wats}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: "
      "ClusterRole, name: cluster-admin}\nsubjects: [{kind: ServiceAccount, name: wats}]\n"),
      ("---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "
      "all}\nrules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n"),
  };
  for (const char* doc : rbac) {
    INFO(doc);
    expect_refused("k8s", sa, with_after(sa, tail, doc), "k8s-rbac");
  }
}

TEST_CASE("an override that writes more than the output limit is refused, naming the file") {
  // 65 MiB from a short template: well above the 64 MiB per-file limit.
  const std::string name = "docs/CONTRACT.md.j2";
  const std::string text = with_after(
      name, "{# gen:format markdown #}\n",
      "{% for i in range(1100) %}{{ (\"" + std::string(61, 'x') +
          "\" * 1024)|md_text }}\n{% endfor %}");
  Scratch s;
  copy_specs(s.dir);
  write_text(s.dir / "overrides" / name, text);
  GenRun r = run_gen_in(s.dir, {"docs", "--spec", "specs/wats.yaml", "--templates", "overrides"},
                        "out");
  INFO(r.err);
  CHECK(r.code == 1);
  CHECK(r.err.find("error[output-size]") != std::string::npos);
  CHECK(r.err.find("'CONTRACT.md'") != std::string::npos);
  CHECK_FALSE(fs::exists(s.dir / "out"));
}
