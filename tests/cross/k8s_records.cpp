// k8s/base manifests read back with yaml-cpp: one record per workload
// (Deployment, StatefulSet, Job), from its pod template, and one per init
// container (a module's setup step, named as the step's module).
#include <algorithm>

#include "records.h"

namespace gen::cross {

namespace {

std::string str(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : ""; }

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ModuleRecord container_record(const YAML::Node& pod, const YAML::Node& c) {
  ModuleRecord r;
  r.image = str(c["image"]);
  auto id = [&](const char* k) {
    return c["securityContext"][k] ? str(c["securityContext"][k]) : str(pod["securityContext"][k]);
  };
  r.user = id("runAsUser") + ":" + id("runAsGroup");
  for (const auto& g : pod["securityContext"]["supplementalGroups"])
    r.groups.push_back(g.as<std::string>());
  std::sort(r.groups.begin(), r.groups.end());
  for (const auto& p : c["ports"])
    r.ports.insert(str(p["containerPort"]) + "/" +
                   lower(p["protocol"] ? str(p["protocol"]) : "TCP"));
  for (const auto& e : c["env"]) r.env.insert(str(e["name"]));
  for (const auto& m : c["volumeMounts"]) {
    bool scratch = false;
    for (const auto& v : pod["volumes"])
      if (str(v["name"]) == str(m["name"])) scratch = static_cast<bool>(v["emptyDir"]);
    r.mounts.insert(str(m["mountPath"]) + (scratch ? " scratch " : " persistent ") +
                    (str(m["readOnly"]) == "true" ? "ro" : "rw"));
  }
  // The engine's single health check is the first of liveness, readiness
  // and startup the spec has (docs/context.md: health.container); the start
  // period sits on the first probe Kubernetes runs.
  const char* chosen = nullptr;
  for (const char* k : {"livenessProbe", "readinessProbe", "startupProbe"})
    if (!chosen && c[k]) chosen = k;
  if (!chosen) {
    r.health = "none";
  } else {
    const YAML::Node probe = c[chosen];
    std::string what;
    if (probe["httpGet"])
      what =
          "http http://127.0.0.1:" + str(probe["httpGet"]["port"]) + str(probe["httpGet"]["path"]);
    else if (probe["tcpSocket"])
      what = "tcp " + str(probe["tcpSocket"]["port"]);
    else
      what = classify_probe(probe["exec"]["command"].as<std::vector<std::string>>());
    int start = 0;
    for (const char* k : {"startupProbe", "livenessProbe", "readinessProbe"})
      if (c[k]) {
        start = c[k]["initialDelaySeconds"] ? c[k]["initialDelaySeconds"].as<int>() : 0;
        break;
      }
    r.health =
        health_text(what, probe["periodSeconds"].as<int>(), probe["timeoutSeconds"].as<int>(),
                    probe["failureThreshold"].as<int>(), start);
  }
  r.grace =
      pod["terminationGracePeriodSeconds"] ? pod["terminationGracePeriodSeconds"].as<int>() : 30;
  return r;
}

}  // namespace

Records k8s_records(const test::GenOutput& out) {
  Records records;
  for (const auto& [key, obj] : test::k8s_objects(out)) {
    std::string kind = str(obj.node["kind"]);
    if (kind != "Deployment" && kind != "StatefulSet" && kind != "Job") continue;
    const YAML::Node pod = obj.node["spec"]["template"]["spec"];
    records[str(obj.node["metadata"]["name"])] = container_record(pod, pod["containers"][0]);
    for (const auto& init : pod["initContainers"])
      records[str(init["name"])] = container_record(pod, init);
  }
  return records;
}

}  // namespace gen::cross
