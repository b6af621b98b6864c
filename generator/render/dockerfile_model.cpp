#include "render/dockerfile_model.h"

#include <algorithm>
#include <set>
#include <string>

#include "model/entrypoint_script.h"
#include "render/container_probe.h"
#include "render/dockerfile_quote.h"
#include "render/out_paths.h"
#include "util/json_object.h"

namespace gen::render {

namespace {

// The image name without registry and tag decides the OS family: the
// official alpine variants say so in their tag or name.
std::string os_family(const std::string& from) {
  return from.find("alpine") != std::string::npos ? "alpine" : "debian";
}

// Packages already in the image below this module: its base modules' (seed
// 003: curl comes with base-debian).
std::set<std::string> inherited_packages(const model::Project& project,
                                         const model::Module& module) {
  std::set<std::string> out;
  const model::Module* m = &module;
  for (int depth = 0; depth < 64; ++depth) {  // base chains are checked acyclic; bound anyway
    if (!m->build || !m->build->base_module) break;
    m = project.find_module(*m->build->base_module);
    if (!m || !m->build) break;
    out.insert(m->build->packages.begin(), m->build->packages.end());
  }
  return out;
}

Json user_json(const model::Module& module) {
  if (!module.user) return nullptr;
  const model::User& u = *module.user;
  std::string name = u.name.value_or("app");
  std::string group = u.group_name.value_or(u.name ? name : "app");
  // Key by key into reserved room: an initializer list copies every value
  // once more and checks every item's shape first.
  Json out = object_with_room(6);
  out["uid"] = u.uid;
  out["gid"] = u.gid;
  out["spec"] = u.spec();
  out["name"] = std::move(name);
  out["group_name"] = std::move(group);
  out["groups"] = u.groups;
  return out;
}

Json env_json(const model::Module& module, Json& skipped) {
  Json out = Json::array();
  for (const auto& e : module.env) {
    if (e.kind != model::EnvKind::Value && e.kind != model::EnvKind::Default) continue;
    std::string value = e.value.value_or("");
    if (!dockerfile_writable(value)) {
      skipped.push_back(e.name);
      continue;
    }
    Json item = object_with_room(2);
    item["name"] = e.name;
    item["value"] = dockerfile_quote(value);
    out.push_back(std::move(item));
  }
  return out;
}

Json labels_json(const model::Project& project, const model::Module& module,
                 const std::string& from) {
  const std::string& description =
      module.description.empty() ? project.info.description : module.description;
  Json out = Json::array();
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty() || !dockerfile_writable(value)) return;
    Json label = object_with_room(2);
    label["key"] = std::string("org.opencontainers.image.") + key;
    label["value"] = dockerfile_quote(value);
    out.push_back(std::move(label));
  };
  add("title", module.image.ref.name);
  add("description", description);
  add("source", project.info.source);
  add("vendor", project.info.vendor);
  add("licenses", project.info.licenses);
  add("documentation", project.info.documentation);
  add("base.name", from);
  return out;
}

// A name and its quoted value (null when absent or not writable).
Json quoted_pair(const std::string& name, const std::optional<std::string>& value) {
  Json item = object_with_room(3);
  item["name"] = name;
  if (value && dockerfile_writable(*value))
    item["value"] = dockerfile_quote(*value);
  else
    item["value"] = nullptr;
  return item;
}

Json args_json(const model::Build& build) {
  Json out = Json::array();
  for (const auto& a : build.args) out.push_back(quoted_pair(a.name, a.value));
  return out;
}

Json build_env_json(const model::Build& build) {
  Json out = Json::array();
  for (const auto& e : build.build_env) {
    Json item = quoted_pair(e.name, e.value);
    item["required"] = e.required();
    out.push_back(std::move(item));
  }
  return out;
}

Json healthcheck_json(const model::Module& module) {
  Json argv = container_probe_argv(module);
  if (argv.is_null() || !module.health) return nullptr;
  const model::HealthTimings& t = module.health->timings;
  std::string options = "--interval=" + t.interval.text + " --timeout=" + t.timeout.text +
                        " --start-period=" + t.start_period.text +
                        " --retries=" + std::to_string(t.retries);
  Json out = object_with_room(2);
  out["options"] = std::move(options);
  out["argv"] = std::move(argv);
  return out;
}

Json final_entrypoint(const model::Module& module) {
  const auto& ep = module.entrypoint;
  if (!needs_entrypoint_script(module)) return ep ? Json(*ep) : Json(nullptr);
  Json out = Json::array({model::kEntrypointScript});
  if (ep)
    for (size_t i = 0; i < ep->size(); ++i)
      if (!(i == 0 && (*ep)[i] == model::kEntrypointScript)) out.push_back((*ep)[i]);
  return out;
}

// The module's variables its entrypoint script checks (required and secret).
Json required_env_names(const model::Module& module) {
  Json out = Json::array();
  for (const auto& e : module.env)
    if (e.required()) out.push_back(e.name);
  return out;
}

}  // namespace

bool needs_entrypoint_script(const model::Module& module) {
  if (module.kind == model::ModuleKind::Base) return false;  // never run
  const auto& ep = module.entrypoint;
  if (ep && !ep->empty() && (*ep)[0] == model::kEntrypointScript) return true;
  return std::any_of(module.env.begin(), module.env.end(),
                     [](const model::EnvEntry& e) { return e.required(); });
}

Json dockerfile_model(const model::Project& project, const model::Module& module) {
  const model::Build& build = *module.build;
  std::string from = build.from.value_or("");
  Json out = object_with_room(32);
  out["family"] = os_family(from);
  out["from"] = from;
  // The build stage's image: the stack's build image, else the runtime's
  // (ruby builds its gems on the image it runs on).
  std::string builder = build.builder.value_or(from);
  out["builder"] = builder;
  out["builder_family"] = os_family(builder);
  out["base_module"] = build.base_module ? Json(*build.base_module) : Json(nullptr);
  std::string spec_dir = project.paths ? project.paths->spec_dir : ".";
  out["context"] = join_path(spec_dir, build.context.path);  // from the output root
  out["dockerfile"] = module.name + "/Dockerfile";
  out["user"] = user_json(module);

  Json skipped = Json::array();
  out["env"] = env_json(module, skipped);
  out["env_not_baked"] = std::move(skipped);
  out["labels"] = labels_json(project, module, from);
  out["args"] = args_json(build);
  out["build_env"] = build_env_json(build);

  std::vector<std::string> packages = build.packages;
  std::set<std::string> have = inherited_packages(project, module);
  have.insert(packages.begin(), packages.end());
  if (probe_needs_curl(module) && !have.count("curl")) packages.push_back("curl");
  bool venv = build.stack == "debian" &&
              std::find(packages.begin(), packages.end(), "python3-venv") != packages.end();
  out["packages"] = std::move(packages);
  out["venv"] = venv;

  Json requirements = Json::array();
  for (const auto& f : build.manifests)
    if (f.size() > 4 && f.compare(f.size() - 4, 4, ".txt") == 0) requirements.push_back(f);
  out["requirements"] = std::move(requirements);

  out["healthcheck"] = healthcheck_json(module);
  out["entrypoint_script"] = needs_entrypoint_script(module);
  out["entrypoint"] = final_entrypoint(module);
  out["required_env"] = required_env_names(module);
  // Named and anonymous volumes start as a copy of the image's directory,
  // ownership included: owned by the runtime user, a new volume is
  // writable by it.
  Json writable = Json::array();
  for (const auto& m : module.mounts)
    if (m.kind == model::MountKind::State || m.kind == model::MountKind::Anonymous ||
        (m.kind == model::MountKind::Volume && !m.read_only))
      writable.push_back(m.target);
  out["writable_dirs"] = std::move(writable);
  Json expose = Json::array();
  for (const auto& p : module.ports)
    expose.push_back(std::to_string(p.container) + "/" + model::spelled(p.protocol));
  out["expose"] = std::move(expose);
  return out;
}

}  // namespace gen::render
