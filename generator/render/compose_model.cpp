#include "render/compose_model.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "render/container_probe.h"
#include "render/out_paths.h"
#include "util/json_lazy.h"
#include "util/json_object.h"
#include "util/json_ref.h"
#include "util/text.h"

namespace gen::render {

namespace {

// Where a compose file sits, and how it spells host paths.
struct FileDir {
  std::string dir;  // relative to the output root: "." or the module's dir
  bool per_module;  // spelling of HostPath to use
};

// An output-root path (own and borrowed directories, env files) as the
// compose file at `at` spells it; "" for none.
std::string host_spelling(const std::optional<model::HostPath>& host_path, const FileDir& at) {
  if (!host_path) return "";
  return at.per_module ? host_path->per_module : host_path->single;
}

// A path written in the spec (build context, config file), as seen from the
// output root: joined onto the spec's directory seen from there ("." when
// the project has no paths, as for `gen context`).
std::string spec_path_from_out(const model::Project& project, const std::string& path) {
  return join_path(project.paths ? project.paths->spec_dir : ".", path);
}

// The Dockerfile module `m` builds from, as seen from the output root: the
// project's own (a spec path) or the one gen writes in the module's directory.
std::string dockerfile_from_out(const model::Project& project, const model::Module& m) {
  if (m.build && m.build->own()) return spec_path_from_out(project, m.build->dockerfile->path);
  return m.dir + "/Dockerfile";
}

// A path written in the spec (config file, bind, build context), as the
// compose file at `at` spells it.
std::string spec_host_path(const model::Project& project, const std::string& spec_path,
                           const FileDir& at) {
  std::string from_out = spec_path_from_out(project, spec_path);
  auto rel = relative_path(from_out, at.dir);
  return dot_relative(rel ? *rel : from_out);
}

// Characters a short volume string may hold and stay a plain YAML scalar
// that dclint, docker compose and podman-compose all read the same way.
bool short_safe(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '/' || c == '-' || c == '@' || c == '+' || c == '=';
    if (!ok) return false;
  }
  return true;
}

// One `volumes:` item: the short "source:target[:ro]" form when it stays a
// plain scalar (dclint wants volumes unquoted; podman-compose 1.0.3 resolves
// and creates bind sources only in that form), the long form otherwise.
Json volume_entry(const std::string& type, const std::string& source, const std::string& target,
                  bool read_only) {
  // Key by key into reserved room: an initializer list copies every value
  // once more and checks every item's shape first.
  Json e = object_with_room(6);
  e["short"] = short_safe(source) && short_safe(target)
                   ? Json(source + ":" + target + (read_only ? ":ro" : ""))
                   : Json(nullptr);
  e["type"] = type;
  e["source"] = source;
  e["target"] = target;
  e["read_only"] = read_only;
  e["tmpfs_size"] = nullptr;
  return e;
}

struct Usage {
  std::set<std::string> networks, volumes, state_volumes;
  bool on_default = false, on_egress = false;  // gen's own networks (model::kEgressNetwork)
  std::set<std::string> variables;  // ${VAR:?} references, for the header
  std::map<std::string, std::string> secrets;  // secret -> its file ("": external)
};

void note_variables(const std::string& text, Usage& used) {
  size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string::npos) {
    size_t end = pos + 2;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_'))
      ++end;
    if (end > pos + 2) used.variables.insert(text.substr(pos + 2, end - pos - 2));
    pos = end;
  }
}

Json mounts_json(const model::Project& project, const model::Module& module, const FileDir& at,
                 Usage& used, Json& tmpfs, Json& secrets) {
  using model::MountKind;
  Json volumes = Json::array();
  for (const auto& m : module.mounts) {
    const std::string& target = m.target;
    bool ro = m.read_only;
    switch (m.kind) {
      case MountKind::Tmpfs: {
        std::optional<int64_t> bytes = m.size ? m.size->bytes() : std::nullopt;
        std::string size = bytes ? std::to_string(*bytes) : "";
        if (target.find(':') == std::string::npos) {
          tmpfs.push_back(size.empty() ? target : target + ":size=" + size);
        } else {
          Json e = volume_entry("tmpfs", "", target, false);
          e["short"] = nullptr;
          if (bytes) e["tmpfs_size"] = *bytes;
          volumes.push_back(e);
        }
        break;
      }
      case MountKind::Anonymous: {
        // A volume without a source: the engine creates one for this
        // container alone (the short form is the path by itself).
        Json e = volume_entry("volume", "", target, false);
        e["short"] = short_safe(target) ? Json(target) : Json(nullptr);
        volumes.push_back(e);
        break;
      }
      case MountKind::Own:
      case MountKind::From:
        volumes.push_back(volume_entry("bind", host_spelling(m.host, at), target, ro));
        break;
      case MountKind::Config:
      case MountKind::ConfigDir:
      case MountKind::Bind:
        volumes.push_back(volume_entry(
            "bind", spec_host_path(project, m.host ? m.host->path : "", at), target, ro));
        break;
      case MountKind::Secret: {
        // A file secret: the top-level secret (its file, or external) and
        // the service's grant at the target path.
        std::string name = m.secret.value_or("");
        used.secrets[name] = m.host ? spec_host_path(project, m.host->path, at) : std::string();
        secrets.push_back({{"source", name}, {"target", target}});
        break;
      }
      case MountKind::Volume: {
        std::string volume = m.volume.value_or("");
        used.volumes.insert(volume);
        volumes.push_back(volume_entry("volume", volume, target, ro));
        break;
      }
      case MountKind::State: {
        std::string volume = m.volume.value_or("");
        used.state_volumes.insert(volume);
        volumes.push_back(volume_entry("volume", volume, target, false));
        break;
      }
    }
  }
  return volumes;
}

// The health check as compose's CMD-SHELL string: the argv shell-quoted,
// with `$` doubled against compose's interpolation.
std::string compose_shell_command(const Json& argv) {
  std::string out;
  for (const auto& w : argv) {
    if (!out.empty()) out += ' ';
    out += shell_word(w.get<std::string>());
  }
  std::string escaped;
  escaped.reserve(out.size());
  for (char c : out) {
    if (c == '$') escaped += '$';
    escaped += c;
  }
  return escaped;
}

std::string port_string(const model::Port& p) {
  std::string bind = p.bind.value_or("");
  if (bind.find(':') != std::string::npos) bind = "[" + bind + "]";  // IPv6
  std::string out = bind + ":" + std::to_string(p.host.value_or(0)) + ":" +
                    std::to_string(p.container);
  if (p.protocol == model::Protocol::Udp) out += "/udp";
  return out;
}

// The registry built images are pushed to in the selected profile, if any.
bool has_registry(const model::Project& project) {
  const model::Profile* profile = project.selected_profile();
  if (profile && profile->registry) return true;
  return project.defaults.registry.has_value();
}

Json build_json(const model::Project& project, const model::Module& module,
                const model::Build& build, const FileDir& at, Usage& used) {
  const std::string& ctx_spec = build.context.path;  // relative to the spec's dir
  Json out = object_with_room(20);
  out["context"] = spec_host_path(project, ctx_spec, at);
  // compose reads build.dockerfile relative to the build context.
  std::optional<std::string> rel;
  if (build.own()) {  // both spec-relative
    rel = relative_path(build.dockerfile->path, ctx_spec);
  } else {
    std::string dockerfile = module.dir + "/Dockerfile";
    if (project.paths) rel = relative_path(join_path(project.paths->out_dir, dockerfile), ctx_spec);
    if (!rel) rel = relative_path(dockerfile, spec_path_from_out(project, ctx_spec));
  }
  out["dockerfile"] = rel ? Json(*rel) : Json(nullptr);
  out["target"] = build.target ? Json(*build.target) : Json(nullptr);
  Json args = Json::array();
  auto arg = [&args](const std::string& name, const std::string& value, bool reference) {
    Json a = object_with_room(3);
    a["name"] = name;
    a["value"] = value;
    a["reference"] = reference;
    args.push_back(std::move(a));
  };
  for (const auto& a : build.args) arg(a.name, a.value, false);
  for (const auto& b : build.build_env) {
    if (b.value) {
      arg(b.name, *b.value, false);
    } else {
      used.variables.insert(b.name);
      arg(b.name, "${" + b.name + ":?" + kSetOutsideRepo + "}", true);
    }
  }
  out["args"] = std::move(args);
  return out;
}

Json strings_or_null(const std::optional<std::vector<std::string>>& items) {
  return items ? Json(*items) : Json(nullptr);
}

// A module's service. `module_json` is that module's entry of the context
// (what the templates read as `service.module`), borrowed, not a copy.
Json service_json(const model::Project& project, const model::Module& module,
                  const Json& module_json, const FileDir& at, const std::set<std::string>& in_file,
                  Usage& used) {
  Json s = object_with_room(40);
  s["name"] = module.name;
  bool built = module.build.has_value();
  std::string image = require_variables(module.image.ref.ref);
  note_variables(image, used);
  s["image"] = image;
  s["build"] = built ? build_json(project, module, *module.build, at, used) : Json(nullptr);
  s["pull_policy"] = built ? Json(has_registry(project) ? "missing" : "build") : Json(nullptr);
  // A built image carries gen's ENTRYPOINT (with the environment check);
  // only a plain image takes the spec's entrypoint from compose.
  s["entrypoint"] = built ? Json(nullptr) : strings_or_null(module.entrypoint);
  s["working_dir"] = built || !module.workdir ? Json(nullptr) : Json(*module.workdir);
  Json tmpfs = Json::array(), secrets = Json::array();
  s["volumes"] = mounts_json(project, module, at, used, tmpfs, secrets);
  s["tmpfs"] = std::move(tmpfs);
  s["secrets"] = std::move(secrets);
  Json ports = Json::array(), expose = Json::array();
  for (const auto& p : module.ports) {
    if (p.published())
      ports.push_back(port_string(p));
    else
      expose.push_back(std::to_string(p.container) +
                       (p.protocol == model::Protocol::Udp ? "/udp" : ""));
  }
  s["ports"] = std::move(ports);
  s["expose"] = std::move(expose);
  s["env_file"] = module.env_file ? Json(host_spelling(module.env_file, at)) : Json(nullptr);
  // What the file interpolates: the host's names (from_host even with an
  // env file, which never supplies it).
  for (const auto& e : module.env)
    if (e.required() && (!module.env_file || e.from_host)) used.variables.insert(e.host());
  Json probe = container_probe_argv(module);
  s["probe"] = probe;
  if (probe.is_array()) {
    std::string test = compose_shell_command(probe);
    s["healthcheck_test"] = test;
  } else {
    s["healthcheck_test"] = nullptr;
  }
  Json deps = Json::array(), elsewhere = Json::array();
  for (const auto& d : module.depends_on) {
    Json dep = {{"module", d.module},
                {"condition", model::spelled(d.condition)},
                {"compose_condition", model::compose_condition(d.condition)}};
    (in_file.count(d.module) ? deps : elsewhere).push_back(std::move(dep));
  }
  s["depends_on"] = std::move(deps);
  s["depends_elsewhere"] = std::move(elsewhere);
  // The networks it joins: the routed one first when it needs a route out
  // (Podman forwards published ports to the first network's address), then
  // the spec's (none: compose's default, internal like every network gen
  // creates, named explicitly beside the routed one).
  Json networks = Json::array();
  if (module.routes_out()) {
    networks.push_back(model::kEgressNetwork);
    if (module.networks.empty()) networks.push_back("default");
    used.on_egress = true;
  }
  for (const auto& n : module.networks) {
    used.networks.insert(n);
    networks.push_back(n);
  }
  if (module.networks.empty() && !module.network_mode) used.on_default = true;
  s["networks"] = std::move(networks);
  s["module"] = json_ref(module_json);  // the shared model's entry, not a copy
  return s;
}

// A compose file's model whose services are built when read (util/json_lazy.h):
// at 10,000 modules the single compose.yaml's services, all at once, were
// 40 MiB of a run's peak (bench/README.md, issue 17). On a project of usual
// size those the planner built stay, so each is built once
// (LazyJsonCache::all_or_none, as for the context's module views).
struct LazyComposeFile {
  LazyComposeFile(const model::Project& project, FileDir at, size_t services)
      : project(project), at(std::move(at)), services(LazyJsonCache::all_or_none(services), 2) {}
  const model::Project& project;
  const FileDir at;
  std::set<std::string> in_file;  // the names of the file's services
  // Where a service's build notes what the file uses: the planner's while
  // it plans (the file's networks, volumes... follow from its services),
  // nowhere after (a service built again for the templates changes nothing).
  Usage* noting = nullptr;
  LazyJsonPool services;
  Json model;
};

// The modules of one compose file: positions in project.modules, which are
// also positions in context["modules"].
std::shared_ptr<const Json> file_json(const model::Project& project, const Json& context,
                                      const std::vector<size_t>& modules, const FileDir& at,
                                      const std::string& project_name) {
  auto file = std::make_shared<LazyComposeFile>(project, at, modules.size());
  Usage used;
  std::set<std::string>& in_file = file->in_file;
  for (size_t i : modules) in_file.insert(project.modules[i].name);
  // Every key first, in order: inserting a key into an ordered_json object
  // may reallocate it, which copies (not moves) the values already there.
  Json out = {{"layout", at.per_module ? "per-module" : "single"},
              {"dir", at.dir},
              {"project_name", project_name},
              {"services", nullptr},
              {"networks", nullptr},
              {"volumes", nullptr},
              {"state_volumes", nullptr},
              {"secrets", nullptr},
              {"base_images", nullptr},
              {"variables", nullptr}};
  const Json& module_jsons = context["modules"];
  Json services = Json::array();
  file->noting = &used;
  for (size_t i : modules) {
    LazyComposeFile& f = *file;
    const model::Module& module = project.modules[i];
    const Json& module_json = module_jsons[i];
    const LazyJson& service = f.services.add([&f, &module, &module_json] {
      Usage unused;
      return service_json(f.project, module, module_json, f.at, f.in_file,
                          f.noting ? *f.noting : unused);
    });
    service.get();  // notes what it uses; kept on a project of usual size
    services.push_back(json_lazy(service));
  }
  file->noting = nullptr;
  out["services"] = std::move(services);

  Json networks = Json::array();
  for (const auto& n : project.networks) {
    if (!used.networks.count(n.key)) continue;
    std::string name = require_variables(n.name);
    note_variables(name, used);
    networks.push_back({{"key", n.key},
                        {"name", name},
                        {"external", n.external},
                        {"internal", n.internal},
                        {"subnet", n.subnet ? Json(n.subnet->text()) : Json(nullptr)},
                        {"gateway", n.gateway ? Json(n.gateway->text()) : Json(nullptr)}});
  }
  // gen's own networks: the engine chooses their blocks.
  if (used.on_default)  // compose names it <project>_default; gen makes it internal
    networks.push_back({{"key", "default"},
                        {"name", nullptr},
                        {"external", false},
                        {"internal", true},
                        {"subnet", nullptr},
                        {"gateway", nullptr}});
  if (used.on_egress && project.egress_network)
    networks.push_back({{"key", project.egress_network->key},
                        {"name", project.egress_network->name},
                        {"external", false},
                        {"internal", false},
                        {"subnet", nullptr},
                        {"gateway", nullptr}});
  out["networks"] = std::move(networks);
  Json volumes = Json::array();
  for (const auto& v : project.volumes) {
    if (!used.volumes.count(v.key)) continue;
    std::string name = require_variables(v.name);
    note_variables(name, used);
    volumes.push_back({{"key", v.key}, {"name", name}, {"external", v.external}});
  }
  out["volumes"] = std::move(volumes);
  Json state_volumes = Json::array();
  for (const auto& m : project.modules)
    if (m.state && used.state_volumes.count(m.state->volume))
      state_volumes.push_back({{"key", m.state->volume}, {"name", m.state->name}});
  out["state_volumes"] = std::move(state_volumes);

  Json secrets = Json::array();
  for (const auto& [name, file] : used.secrets)
    secrets.push_back({{"key", name}, {"file", file.empty() ? Json(nullptr) : Json(file)}});
  out["secrets"] = std::move(secrets);

  // Base images (seed 003) are built, never run: they get no service, and
  // the header says how to build them before the services that use them.
  Json bases = Json::array();
  std::set<std::string> wanted;
  for (size_t i : modules) {
    const model::Module& m = project.modules[i];
    if (m.build && m.build->base_module) wanted.insert(*m.build->base_module);
  }
  for (const auto& m : project.modules) {
    if (m.kind != model::ModuleKind::Base || !wanted.count(m.name)) continue;
    std::string ctx = spec_path_from_out(project, m.build ? m.build->context.path : ".");
    bases.push_back({{"module", m.name},
                     {"ref", m.image.ref.ref},
                     {"dockerfile", dockerfile_from_out(project, m)},
                     {"context", ctx}});
  }
  out["base_images"] = std::move(bases);
  out["variables"] = Json(std::vector<std::string>(used.variables.begin(), used.variables.end()));
  file->model = std::move(out);
  return std::shared_ptr<const Json>(file, &file->model);
}

}  // namespace

std::string require_variables(const std::string& text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") == 0) {
      size_t j = i + 2;
      while (j < text.size() &&
             (std::isalnum(static_cast<unsigned char>(text[j])) || text[j] == '_'))
        ++j;
      if (j > i + 2 && j < text.size() && text[j] == '}') {
        out += text.substr(i, j - i) + ":?" + kSetOutsideRepo + "}";
        i = j + 1;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

std::shared_ptr<const Json> lazy_compose_single_model(const model::Project& project,
                                                      const Json& context) {
  std::vector<size_t> modules;
  for (size_t i = 0; i < project.modules.size(); ++i)
    if (project.modules[i].kind != model::ModuleKind::Base) modules.push_back(i);
  return file_json(project, context, modules, FileDir{".", false},
                   project.targets.compose.project_name);
}

std::shared_ptr<const Json> lazy_compose_module_model(const model::Project& project,
                                                      const Json& context, size_t module) {
  // Each file is its own compose project; the module name makes it unique
  // (prefixed with the project's unless it already starts with it).
  const std::string& project_name = project.targets.compose.project_name;
  const model::Module& m = project.modules[module];
  std::string file_project = m.name == project_name || m.name.rfind(project_name + "-", 0) == 0
                                 ? m.name
                                 : project_name + "-" + m.name;
  // Its setup steps run from its file: resolve puts them just before it.
  std::vector<size_t> services;
  for (size_t i = module - std::min(module, m.setup.size()); i <= module; ++i)
    services.push_back(i);
  return file_json(project, context, services, FileDir{m.dir, true}, file_project);
}

Json compose_single_model(const model::Project& project, const Json& context) {
  return json_materialized(*lazy_compose_single_model(project, context));
}

Json compose_module_model(const model::Project& project, const Json& context, size_t module) {
  return json_materialized(*lazy_compose_module_model(project, context, module));
}

}  // namespace gen::render
