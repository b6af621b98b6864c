// The Kubernetes target: a kustomize base (Namespace, default-deny network
// policies, claims, and per module its ServiceAccount, ConfigMaps, Service,
// workload, PodDisruptionBudget and NetworkPolicy) plus one overlay per
// profile. docs/k8s.md describes the layout and every choice.
#include "render/k8s_model.h"
#include "render/targets.h"

namespace gen::render {

namespace {

const char* workload_file(const std::string& kind) {
  if (kind == "StatefulSet") return "statefulset";
  if (kind == "Job") return "job";
  return "deployment";
}

}  // namespace

Plan plan_k8s(const Json& context) {
  auto model = std::make_shared<const Json>(k8s_model(context));
  const Json& m = *model;
  Plan plan;
  Json resources = Json::array();  // relative to k8s/base, in plan order
  auto add = [&](const std::string& rel, const std::string& tmpl, std::vector<Local> locals) {
    locals.push_back(share("k8s", model));
    plan.push_back(PlannedFile{"k8s/base/" + rel, "k8s/" + tmpl + ".yaml.j2", std::move(locals)});
    resources.push_back(rel);
  };

  add("namespace.yaml", "namespace", {});
  add("network-policy-default.yaml", "network-policy-default", {});
  for (const auto& claim : m["claims"])
    add("volumes/" + claim["name"].get<std::string>() + ".yaml", "persistent-volume-claim",
        {share("claim", model, claim)});

  for (const auto& module : context.at("modules")) {
    std::string name = module.at("name").get<std::string>();
    auto it = m["modules"].find(name);
    if (it == m["modules"].end()) continue;  // kind base: never runs
    const Json& k = *it;
    std::string dir = "modules/" + name + "/";
    auto with_module = [&] { return std::vector<Local>{borrow("module", module)}; };
    add(dir + "service-account.yaml", "service-account", with_module());
    if (!k["env_configmap"].is_null())
      add(dir + "configmap-env.yaml", "configmap-env", with_module());
    if (k["files_generated"].get<bool>())
      add(dir + "configmap-files.yaml", "configmap-files", with_module());
    if (!k["service"].is_null()) add(dir + "service.yaml", "service", with_module());
    std::string workload = workload_file(k["workload"].get<std::string>());
    add(dir + workload + ".yaml", workload, with_module());
    if (k["pdb"].get<bool>())
      add(dir + "pod-disruption-budget.yaml", "pod-disruption-budget", with_module());
    add(dir + "network-policy.yaml", "network-policy", with_module());
  }

  plan.push_back(PlannedFile{"k8s/base/kustomization.yaml", "k8s/kustomization.yaml.j2",
                             {share("k8s", model), own("resources", std::move(resources))}});
  for (const auto& overlay : m["overlays"])
    plan.push_back(PlannedFile{
        "k8s/overlays/" + overlay["name"].get<std::string>() + "/kustomization.yaml",
        "k8s/overlay-kustomization.yaml.j2", {share("k8s", model), share("overlay", model, overlay)}});
  return plan;
}

}  // namespace gen::render
