// The Kubernetes target: a kustomize base (Namespace, default-deny network
// policies, claims, and per module its ServiceAccount, ConfigMaps, Service,
// workload, PodDisruptionBudget and NetworkPolicy) plus one overlay per
// profile. docs/k8s.md describes the layout and every choice.
#include "render/k8s_model.h"
#include "render/targets.h"

namespace gen::render {

namespace {

using Json = nlohmann::ordered_json;

const char* workload_file(const std::string& kind) {
  if (kind == "StatefulSet") return "statefulset";
  if (kind == "Job") return "job";
  return "deployment";
}

}  // namespace

Plan plan_k8s(const Json& context) {
  Json model = k8s_model(context);
  // What one module's files see: the model without the other modules.
  Json shared = model;
  shared["modules"] = Json::object();
  shared.erase("claims");
  shared.erase("overlays");
  Plan plan;
  Json resources = Json::array();  // relative to k8s/base, in plan order
  auto add = [&](const std::string& rel, const std::string& tmpl, Json locals) {
    if (locals.contains("module")) {
      Json slice = shared;
      std::string n = locals["module"]["name"].get<std::string>();
      slice["modules"][n] = model["modules"][n];
      locals["k8s"] = std::move(slice);
    } else {
      locals["k8s"] = shared;
    }
    plan.push_back(PlannedFile{"k8s/base/" + rel, "k8s/" + tmpl + ".yaml.j2", std::move(locals)});
    resources.push_back(rel);
  };

  add("namespace.yaml", "namespace", Json::object());
  add("network-policy-default.yaml", "network-policy-default", Json::object());
  for (const auto& claim : model["claims"])
    add("volumes/" + claim["name"].get<std::string>() + ".yaml", "persistent-volume-claim",
        Json{{"claim", claim}});

  for (const auto& module : context.at("modules")) {
    std::string name = module.at("name").get<std::string>();
    if (!model["modules"].contains(name)) continue;  // kind base: never runs
    const Json& k = model["modules"][name];
    std::string dir = "modules/" + name + "/";
    Json locals = Json{{"module", module}};
    add(dir + "service-account.yaml", "service-account", locals);
    if (!k["env_configmap"].is_null()) add(dir + "configmap-env.yaml", "configmap-env", locals);
    if (k["files_generated"].get<bool>())
      add(dir + "configmap-files.yaml", "configmap-files", locals);
    if (!k["service"].is_null()) add(dir + "service.yaml", "service", locals);
    std::string workload = workload_file(k["workload"].get<std::string>());
    add(dir + workload + ".yaml", workload, locals);
    if (k["pdb"].get<bool>())
      add(dir + "pod-disruption-budget.yaml", "pod-disruption-budget", locals);
    add(dir + "network-policy.yaml", "network-policy", locals);
  }

  plan.push_back(PlannedFile{"k8s/base/kustomization.yaml", "k8s/kustomization.yaml.j2",
                             Json{{"k8s", model}, {"resources", resources}}});
  for (const auto& overlay : model["overlays"])
    plan.push_back(PlannedFile{
        "k8s/overlays/" + overlay["name"].get<std::string>() + "/kustomization.yaml",
        "k8s/overlay-kustomization.yaml.j2", Json{{"k8s", model}, {"overlay", overlay}}});
  return plan;
}

}  // namespace gen::render
