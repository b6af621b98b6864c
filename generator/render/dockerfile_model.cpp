#include "render/dockerfile_model.h"

#include <algorithm>
#include <set>
#include <string>

#include "render/container_probe.h"
#include "render/dockerfile_quote.h"
#include "render/out_paths.h"
#include "util/json_object.h"

namespace gen::render {

namespace {

std::string str(const Json& j, const char* key, const std::string& fallback = "") {
  auto it = j.find(key);  // end() for anything but an object
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : fallback;
}

const Json* find_module(const Json& context, const std::string& name) {
  for (const auto& m : context["modules"]) {
    auto it = m.find("name");
    if (it != m.end() && it->is_string() && it->get_ref<const std::string&>() == name) return &m;
  }
  return nullptr;
}

// The image name without registry and tag decides the OS family: the
// official alpine variants say so in their tag or name.
std::string os_family(const std::string& from) {
  return from.find("alpine") != std::string::npos ? "alpine" : "debian";
}

// Packages already in the image below this module: its base modules' (seed
// 003: curl comes with base-debian).
std::set<std::string> inherited_packages(const Json& context, const Json& module) {
  std::set<std::string> out;
  const Json* m = &module;
  for (int depth = 0; depth < 64; ++depth) {  // base chains are checked acyclic; bound anyway
    if (!(*m)["build"].is_object()) break;
    std::string base = str((*m)["build"], "base_module");
    if (base.empty()) break;
    m = find_module(context, base);
    if (!m || !(*m)["build"].is_object()) break;
    for (const auto& p : (*m)["build"]["packages"]) out.insert(p.get<std::string>());
  }
  return out;
}

Json user_json(const Json& module) {
  const Json& u = module["user"];
  if (!u.is_object()) return nullptr;
  std::string name = str(u, "name", "app");
  std::string group = str(u, "group_name", u["name"].is_string() ? name : "app");
  // Key by key into reserved room: an initializer list copies every value
  // once more and checks every item's shape first.
  Json out = object_with_room(6);
  out["uid"] = u["uid"];
  out["gid"] = u["gid"];
  out["spec"] = u["spec"];
  out["name"] = std::move(name);
  out["group_name"] = std::move(group);
  out["groups"] = u["groups"];
  return out;
}

Json env_json(const Json& module, Json& skipped) {
  Json out = Json::array();
  for (const auto& e : module["env"]) {
    std::string kind = str(e, "kind");
    if (kind != "value" && kind != "default") continue;
    std::string value = str(e, "value");
    if (!dockerfile_writable(value)) {
      skipped.push_back(e["name"]);
      continue;
    }
    Json item = object_with_room(2);
    item["name"] = e["name"];
    item["value"] = dockerfile_quote(value);
    out.push_back(std::move(item));
  }
  return out;
}

Json labels_json(const Json& context, const Json& module, const std::string& from) {
  const Json& project = context["project"];
  std::string description = str(module, "description");
  if (description.empty()) description = str(project, "description");
  Json out = Json::array();
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty() || !dockerfile_writable(value)) return;
    Json label = object_with_room(2);
    label["key"] = std::string("org.opencontainers.image.") + key;
    label["value"] = dockerfile_quote(value);
    out.push_back(std::move(label));
  };
  add("title", str(module["image"], "name", str(module, "name")));
  add("description", description);
  add("source", str(project, "source"));
  add("vendor", str(project, "vendor"));
  add("licenses", str(project, "licenses"));
  add("documentation", str(project, "documentation"));
  add("base.name", from);
  return out;
}

Json quoted_pairs(const Json& list, bool nullable) {
  Json out = Json::array();
  for (const auto& a : list) {
    Json item = object_with_room(3);
    item["name"] = a["name"];
    if (a["value"].is_string() && dockerfile_writable(a["value"].get<std::string>()))
      item["value"] = dockerfile_quote(a["value"].get<std::string>());
    else
      item["value"] = nullptr;
    if (nullable) item["required"] = a.contains("required") ? a["required"] : Json(false);
    out.push_back(std::move(item));
  }
  return out;
}

Json healthcheck_json(const Json& module) {
  Json argv = container_probe_argv(module);
  if (argv.is_null()) return nullptr;
  const Json& h = module["health"];
  std::string options = "--interval=" + str(h, "interval") + " --timeout=" + str(h, "timeout") +
                        " --start-period=" + str(h, "start_period") +
                        " --retries=" + std::to_string(h["retries"].get<int>());
  Json out = object_with_room(2);
  out["options"] = std::move(options);
  out["argv"] = std::move(argv);
  return out;
}

Json final_entrypoint(const Json& module) {
  const Json& ep = module["entrypoint"];
  if (!needs_entrypoint_script(module)) return ep;
  Json out = Json::array({kEntrypointScript});
  if (ep.is_array())
    for (size_t i = 0; i < ep.size(); ++i)
      if (!(i == 0 && ep[i] == kEntrypointScript)) out.push_back(ep[i]);
  return out;
}

}  // namespace

Json required_env_names(const Json& module) {
  Json out = Json::array();
  for (const auto& e : module["env"])
    if (e["required"].is_boolean() && e["required"].get<bool>()) out.push_back(e["name"]);
  return out;
}

bool needs_entrypoint_script(const Json& module) {
  if (str(module, "kind") == "base") return false;  // never run
  const Json& ep = module["entrypoint"];
  if (ep.is_array() && !ep.empty() && ep[0] == kEntrypointScript) return true;
  return !required_env_names(module).empty();
}

Json dockerfile_model(const Json& context, const Json& module) {
  const Json& build = module["build"];
  std::string name = str(module, "name");
  std::string from = str(build, "from");
  Json out = object_with_room(32);
  out["family"] = os_family(from);
  out["from"] = from;
  out["base_module"] = build["base_module"];
  std::string ctx = spec_path_from_out(context, str(build["context"], "path", "."));
  out["context"] = ctx;  // from the output root
  out["dockerfile"] = name + "/Dockerfile";
  out["user"] = user_json(module);

  Json skipped = Json::array();
  out["env"] = env_json(module, skipped);
  out["env_not_baked"] = std::move(skipped);
  out["labels"] = labels_json(context, module, from);
  out["args"] = quoted_pairs(build["args"], false);
  out["build_env"] = quoted_pairs(build["build_env"], true);

  Json packages = build["packages"];
  std::set<std::string> have = inherited_packages(context, module);
  for (const auto& p : packages) have.insert(p.get<std::string>());
  if (probe_needs_curl(module) && !have.count("curl")) packages.push_back("curl");
  out["packages"] = packages;
  out["venv"] = str(build, "stack") == "debian" &&
                std::find(packages.begin(), packages.end(), "python3-venv") != packages.end();

  Json requirements = Json::array();
  for (const auto& m : build["manifests"]) {
    std::string f = m.get<std::string>();
    if (f.size() > 4 && f.compare(f.size() - 4, 4, ".txt") == 0) requirements.push_back(f);
  }
  out["requirements"] = std::move(requirements);

  out["healthcheck"] = healthcheck_json(module);
  out["entrypoint_script"] = needs_entrypoint_script(module);
  out["entrypoint"] = final_entrypoint(module);
  out["required_env"] = required_env_names(module);
  // Named volumes start as a copy of the image's directory, ownership
  // included: owned by the runtime user, a new volume is writable by it.
  Json writable = Json::array();
  for (const auto& m : module["mounts"]) {
    std::string type = str(m, "type");
    if (type == "state" || (type == "volume" && !m["read_only"].get<bool>()))
      writable.push_back(m["target"]);
  }
  out["writable_dirs"] = std::move(writable);
  Json expose = Json::array();
  for (const auto& p : module["ports"])
    expose.push_back(std::to_string(p["container"].get<int>()) + "/" + str(p, "protocol", "tcp"));
  out["expose"] = std::move(expose);
  return out;
}

}  // namespace gen::render
