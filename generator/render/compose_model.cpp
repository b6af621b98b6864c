#include "render/compose_model.h"

#include <cctype>
#include <optional>
#include <set>
#include <string_view>
#include <vector>

#include "render/container_probe.h"
#include "render/out_paths.h"
#include "values/quantity.h"
#include "util/json_object.h"
#include "util/json_ref.h"

namespace gen::render {

namespace {

std::string str(const Json& j, const char* key, const std::string& fallback = "") {
  auto it = j.find(key);  // end() for anything but an object
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : fallback;
}

// Where a compose file sits, and how it spells host paths.
struct FileDir {
  std::string dir;  // relative to the output root: "." or the module's dir
  bool per_module;  // spelling of HostPath to use
};

std::string host_spelling(const Json& host_path, const FileDir& at) {
  return str(host_path, at.per_module ? "per_module" : "single");
}

// A path written in the spec (config file, bind, build context), as the
// compose file at `at` spells it.
std::string spec_host_path(const Json& context, const std::string& spec_path, const FileDir& at) {
  std::string from_out = spec_path_from_out(context, spec_path);
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
  std::set<std::string> variables;  // ${VAR:?} references, for the header
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

Json mounts_json(const Json& context, const Json& module, const FileDir& at, Usage& used,
                 Json& tmpfs) {
  Json volumes = Json::array();
  for (const auto& m : module["mounts"]) {
    std::string type = str(m, "type"), target = str(m, "target");
    bool ro = m["read_only"].is_boolean() && m["read_only"].get<bool>();
    if (type == "tmpfs") {
      std::string size;
      if (m["size"].is_string())
        if (auto bytes = values::Quantity::read(m["size"].get<std::string>()).bytes())
          size = std::to_string(*bytes);
      if (target.find(':') == std::string::npos) {
        tmpfs.push_back(size.empty() ? target : target + ":size=" + size);
      } else {
        Json e = volume_entry("tmpfs", "", target, false);
        e["short"] = nullptr;
        if (!size.empty()) e["tmpfs_size"] = std::stoll(size);
        volumes.push_back(e);
      }
    } else if (type == "own" || type == "from") {
      volumes.push_back(volume_entry("bind", host_spelling(m["host"], at), target, ro));
    } else if (type == "config" || type == "bind") {
      volumes.push_back(
          volume_entry("bind", spec_host_path(context, str(m["host"], "path"), at), target, ro));
    } else if (type == "volume") {
      used.volumes.insert(str(m, "volume"));
      volumes.push_back(volume_entry("volume", str(m, "volume"), target, ro));
    } else if (type == "state") {
      used.state_volumes.insert(str(m, "volume"));
      volumes.push_back(volume_entry("volume", str(m, "volume"), target, false));
    }
  }
  return volumes;
}

// POSIX sh quoting of one word (the rules of Python's shlex.quote, which the
// templates' `shell` filter follows too).
std::string shell_word(const std::string& w) {
  if (w.empty()) return "''";
  constexpr std::string_view kSafePunctuation = "@%+=:,./-_";
  bool safe = true;
  for (char c : w)
    if (!(std::isalnum(static_cast<unsigned char>(c)) ||
          kSafePunctuation.find(c) != std::string_view::npos)) {
      safe = false;
      break;
    }
  if (safe) return w;
  std::string out = "'";
  for (char c : w) {
    if (c == '\'')
      out += "'\"'\"'";
    else
      out += c;
  }
  return out + "'";
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

// A long command as lines of a folded block scalar (`>-`), broken at single
// spaces, which YAML folds back into exactly one space each, so yamllint's
// line length holds. null when the text cannot be folded exactly: a double
// space, a leading or trailing space or a control character.
Json fold_lines(const std::string& text, size_t width) {
  if (text.size() <= width || text.front() == ' ' || text.back() == ' ' ||
      text.find("  ") != std::string::npos)
    return nullptr;
  for (unsigned char c : text)
    if (c < 0x20 || c == 0x7f) return nullptr;
  // Characters YAML 1.1 also reads as line breaks (NEL, LS, PS) or a BOM.
  for (const char* brk : {"\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9", "\xef\xbb\xbf"})
    if (text.find(brk) != std::string::npos) return nullptr;
  Json lines = Json::array();
  std::string line;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line = word;
    } else {
      line = line.empty() ? word : line + " " + word;
    }
    start = end + 1;
  }
  lines.push_back(line);
  return lines;
}

std::string port_string(const Json& p) {
  std::string bind = str(p, "bind");
  if (bind.find(':') != std::string::npos) bind = "[" + bind + "]";  // IPv6
  std::string out = bind + ":" + std::to_string(p["host"].get<int>()) + ":" +
                    std::to_string(p["container"].get<int>());
  if (str(p, "protocol") == "udp") out += "/udp";
  return out;
}

// The registry built images are pushed to in the selected profile, if any.
bool has_registry(const Json& context) {
  if (context["profile"].is_object() && context["profile"]["registry"].is_string()) return true;
  return context["defaults"]["registry"].is_string();
}

Json build_json(const Json& context, const Json& module, const FileDir& at, Usage& used) {
  const Json& build = module["build"];
  std::string ctx_spec = str(build["context"], "path", ".");  // relative to the spec's dir
  Json out = object_with_room(20);
  out["context"] = spec_host_path(context, ctx_spec, at);
  // compose reads build.dockerfile relative to the build context.
  std::string dockerfile = str(module, "dir") + "/Dockerfile";
  std::optional<std::string> rel;
  if (context.contains("paths") && context["paths"].contains("out_dir"))
    rel = relative_path(join_path(context["paths"]["out_dir"].get<std::string>(), dockerfile),
                        ctx_spec);
  if (!rel) rel = relative_path(dockerfile, spec_path_from_out(context, ctx_spec));
  out["dockerfile"] = rel ? Json(*rel) : Json(nullptr);
  Json args = Json::array();
  auto arg = [&args](Json name, Json value, bool reference) {
    Json a = object_with_room(3);
    a["name"] = std::move(name);
    a["value"] = std::move(value);
    a["reference"] = reference;
    args.push_back(std::move(a));
  };
  for (const auto& a : build["args"]) arg(a["name"], a["value"], false);
  for (const auto& b : build["build_env"]) {
    if (b["value"].is_string()) {
      arg(b["name"], b["value"], false);
    } else {
      const std::string& name = b["name"].get_ref<const std::string&>();
      used.variables.insert(name);
      arg(name, "${" + name + ":?" + kSetOutsideRepo + "}", true);
    }
  }
  out["args"] = std::move(args);
  return out;
}

Json service_json(const Json& context, const Json& module, const FileDir& at,
                  const std::set<std::string>& in_file, Usage& used) {
  Json s = object_with_room(40);
  std::string name = str(module, "name");
  s["name"] = name;
  bool built = module["build"].is_object();
  std::string image = require_variables(str(module["image"], "ref"));
  note_variables(image, used);
  s["image"] = image;
  s["build"] = built ? build_json(context, module, at, used) : Json(nullptr);
  s["pull_policy"] = built ? Json(has_registry(context) ? "missing" : "build") : Json(nullptr);
  // A built image carries gen's ENTRYPOINT (with the environment check);
  // only a plain image takes the spec's entrypoint from compose.
  s["entrypoint"] = built ? Json(nullptr) : module["entrypoint"];
  s["working_dir"] = built ? Json(nullptr) : module["workdir"];
  Json tmpfs = Json::array();
  s["volumes"] = mounts_json(context, module, at, used, tmpfs);
  s["tmpfs"] = std::move(tmpfs);
  Json ports = Json::array(), expose = Json::array();
  for (const auto& p : module["ports"]) {
    if (p["published"].is_boolean() && p["published"].get<bool>())
      ports.push_back(port_string(p));
    else
      expose.push_back(std::to_string(p["container"].get<int>()) +
                       (str(p, "protocol") == "udp" ? "/udp" : ""));
  }
  s["ports"] = std::move(ports);
  s["expose"] = std::move(expose);
  s["env_file"] =
      module["env_file"].is_object() ? Json(host_spelling(module["env_file"], at)) : Json(nullptr);
  if (s["env_file"].is_null())
    for (const auto& e : module["env"])
      if (e["required"].is_boolean() && e["required"].get<bool>())
        used.variables.insert(e["name"].get<std::string>());
  Json probe = container_probe_argv(module);
  s["probe"] = probe;
  if (probe.is_array()) {
    std::string test = compose_shell_command(probe);
    s["healthcheck_test"] = test;
    s["healthcheck_lines"] = fold_lines(test, 100);
  } else {
    s["healthcheck_test"] = nullptr;
    s["healthcheck_lines"] = nullptr;
  }
  Json deps = Json::array(), elsewhere = Json::array();
  for (const auto& d : module["depends_on"]) {
    if (in_file.count(str(d, "module")))
      deps.push_back(d);
    else
      elsewhere.push_back(d);
  }
  s["depends_on"] = std::move(deps);
  s["depends_elsewhere"] = std::move(elsewhere);
  for (const auto& n : module["networks"]) used.networks.insert(n.get<std::string>());
  s["module"] = json_ref(module);  // the shared model's entry, not a copy
  return s;
}

Json file_json(const Json& context, const std::vector<const Json*>& modules, const FileDir& at,
               const std::string& project_name) {
  Usage used;
  std::set<std::string> in_file;
  for (const Json* m : modules) in_file.insert(str(*m, "name"));
  // Every key first, in order: inserting a key into an ordered_json object
  // may reallocate it, which copies (not moves) the values already there.
  Json out = {{"layout", at.per_module ? "per-module" : "single"},
              {"dir", at.dir},
              {"project_name", project_name},
              {"services", nullptr},
              {"networks", nullptr},
              {"volumes", nullptr},
              {"state_volumes", nullptr},
              {"base_images", nullptr},
              {"variables", nullptr}};
  Json services = Json::array();
  for (const Json* m : modules) services.push_back(service_json(context, *m, at, in_file, used));
  out["services"] = std::move(services);

  Json networks = Json::array();
  for (const auto& n : context["networks"]) {
    if (!used.networks.count(str(n, "key"))) continue;
    std::string name = require_variables(str(n, "name"));
    note_variables(name, used);
    networks.push_back({{"key", n["key"]},
                        {"name", name},
                        {"external", n["external"]},
                        {"internal", n["internal"]}});
  }
  out["networks"] = std::move(networks);
  Json volumes = Json::array();
  for (const auto& v : context["volumes"]) {
    if (!used.volumes.count(str(v, "key"))) continue;
    std::string name = require_variables(str(v, "name"));
    note_variables(name, used);
    volumes.push_back({{"key", v["key"]}, {"name", name}, {"external", v["external"]}});
  }
  out["volumes"] = std::move(volumes);
  out["state_volumes"] =
      Json(std::vector<std::string>(used.state_volumes.begin(), used.state_volumes.end()));

  // Base images (seed 003) are built, never run: they get no service, and
  // the header says how to build them before the services that use them.
  Json bases = Json::array();
  std::set<std::string> wanted;
  for (const Json* m : modules)
    if ((*m)["build"].is_object() && (*m)["build"]["base_module"].is_string())
      wanted.insert((*m)["build"]["base_module"].get<std::string>());
  for (const auto& m : context["modules"]) {
    if (str(m, "kind") != "base" || !wanted.count(str(m, "name"))) continue;
    std::string ctx = spec_path_from_out(context, str(m["build"]["context"], "path", "."));
    bases.push_back({{"module", m["name"]},
                     {"ref", m["image"]["ref"]},
                     {"dockerfile", str(m, "dir") + "/Dockerfile"},
                     {"context", ctx}});
  }
  out["base_images"] = std::move(bases);
  out["variables"] = Json(std::vector<std::string>(used.variables.begin(), used.variables.end()));
  return out;
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

Json compose_single_model(const Json& context) {
  std::vector<const Json*> modules;
  for (const auto& m : context["modules"])
    if (str(m, "kind") != "base") modules.push_back(&m);
  return file_json(
      context, modules, FileDir{".", false},
      str(context["targets"]["compose"], "project_name", str(context["project"], "name")));
}

Json compose_module_model(const Json& context, const Json& module) {
  // Each file is its own compose project; the module name makes it unique
  // (prefixed with the project's unless it already starts with it).
  std::string project =
      str(context["targets"]["compose"], "project_name", str(context["project"], "name"));
  std::string name = str(module, "name");
  std::string project_name =
      name == project || name.rfind(project + "-", 0) == 0 ? name : project + "-" + name;
  return file_json(context, {&module}, FileDir{str(module, "dir"), true}, project_name);
}

}  // namespace gen::render
