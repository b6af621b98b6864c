// The Kubernetes target: a kustomize base (Namespace, default-deny network
// policies, claims, and per module its ServiceAccount, ConfigMaps, Service,
// workload, PodDisruptionBudget and NetworkPolicy) plus one overlay per
// profile. docs/k8s.md describes the layout and every choice.
#include "render/json_index.h"
#include "render/k8s_model.h"
#include "render/targets.h"
#include "util/json_lazy.h"
#include "util/json_object.h"
#include "util/json_ref.h"

namespace gen::render {

namespace {

const char* workload_file(const std::string& kind) {
  if (kind == "StatefulSet") return "statefulset";
  if (kind == "Job") return "job";
  if (kind == "CronJob") return "cronjob";
  return "deployment";
}

// What one module's files see as `k8s`: the model's settings and, under
// `modules`, that module's entry alone (one view per module, shared by its
// files; references to the model and a lazy node for the entry, not copies:
// util/json_ref.h, util/json_lazy.h). `k8s.modules[module.name]` is then
// found at once, where a search of every module's entry made large projects
// quadratic; and no module file can come to depend on another module's model.
Json module_view(const Json& model, const std::string& name, const LazyJson& entry) {
  Json view = object_with_room(model.size());
  for (auto it = model.begin(); it != model.end(); ++it)
    if (it.key() != "modules" && it.key() != "claims" && it.key() != "overlays")
      view[it.key()] = json_ref(it.value());
  Json modules = Json::object();
  append_unique(modules, name, json_lazy(entry));
  view["modules"] = std::move(modules);
  return view;
}

}  // namespace

Plan plan_k8s(const model::Project& project, const Json& context) {
  // Each module's entry is built when its files are planned (their choice
  // depends on it) and again when they are rendered, then dropped: never
  // the whole model at once (LazyK8sModel).
  auto lazy = std::make_shared<const LazyK8sModel>(project);
  const std::shared_ptr<const Json> model(lazy, &lazy->model());
  const Json& m = *model;
  Plan plan;
  Json resources = Json::array();  // relative to k8s/base, in plan order
  auto add = [&](const std::string& rel, const std::string& tmpl, std::vector<Local> locals) {
    plan.push_back(PlannedFile{"k8s/base/" + rel, "k8s/" + tmpl + ".yaml.j2", std::move(locals)});
    resources.push_back(rel);
  };

  add("namespace.yaml", "namespace", {share("k8s", model)});
  add("network-policy-default.yaml", "network-policy-default", {share("k8s", model)});
  for (const auto& claim : m["claims"])
    add("volumes/" + claim["name"].get<std::string>() + ".yaml", "persistent-volume-claim",
        {share("k8s", model), share("claim", model, claim)});

  const Json& modules = context.at("modules");  // modules[i] is project.modules[i]
  for (size_t i = 0; i < project.modules.size(); ++i) {
    const Json& module = modules[i];
    const std::string& name = project.modules[i].name;
    const LazyJson* entry = lazy->entry(i);
    if (!entry) continue;  // kind base: never runs
    const std::shared_ptr<const Json> built = entry->get();
    const Json* k = built.get();
    std::string dir = "modules/" + name + "/";
    std::vector<Local> locals{borrow("module", module),
                              own_referring("k8s", module_view(m, name, *entry), model)};
    add(dir + "service-account.yaml", "service-account", locals);
    if (!(*k)["env_configmap"].is_null()) add(dir + "configmap-env.yaml", "configmap-env", locals);
    if ((*k)["files_generated"].get<bool>())
      add(dir + "configmap-files.yaml", "configmap-files", locals);
    if (!(*k)["service"].is_null()) {
      auto with_name = [&](const Json& service) {
        std::vector<Local> out = locals;
        out.push_back(own("service_name", service));
        return out;
      };
      add(dir + "service.yaml", "service", with_name((*k)["service"]));
      for (const auto& alias : (*k)["alias_services"])
        add(dir + "service-" + alias.get<std::string>() + ".yaml", "service", with_name(alias));
    }
    if (!(*k)["public_service"].is_null())
      add(dir + "public-service.yaml", "public-service", locals);
    std::string workload = workload_file((*k)["workload"].get<std::string>());
    add(dir + workload + ".yaml", workload, locals);
    if ((*k)["pdb"].get<bool>())
      add(dir + "pod-disruption-budget.yaml", "pod-disruption-budget", locals);
    if (!(*k)["hpa"].is_null())
      add(dir + "horizontal-pod-autoscaler.yaml", "horizontal-pod-autoscaler", locals);
    add(dir + "network-policy.yaml", "network-policy", std::move(locals));
  }

  // Routes: one Ingress or HTTPRoute per host (docs/k8s.md "Routes").
  const Json& routes = m["routes"];
  const std::string route_kind = routes["api"] == "gateway" ? "httproute" : "ingress";
  for (const auto& host : routes["hosts"])
    add("routes/" + host["name"].get<std::string>() + ".yaml", route_kind,
        {share("k8s", model), share("route", model, host)});

  plan.push_back(PlannedFile{"k8s/base/kustomization.yaml",
                             "k8s/kustomization.yaml.j2",
                             {share("k8s", model), own("resources", std::move(resources))}});
  // One overlay per profile, in order; each built when its file is rendered.
  const Json& overlays = m["overlays"];
  for (size_t pi = 0; pi < project.profiles.size(); ++pi)
    plan.push_back(
        PlannedFile{"k8s/overlays/" + project.profiles[pi].name + "/kustomization.yaml",
                    "k8s/overlay-kustomization.yaml.j2",
                    {share("k8s", model), share("overlay", model, overlays[pi])}});
  return plan;
}

}  // namespace gen::render
