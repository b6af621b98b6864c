#include "import/loader.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "import/compose_file.h"
#include "import/merge.h"

namespace gen::import {

namespace fs = std::filesystem;

namespace {

// Bounds what include/extends chains may load (each file at most 16 MiB):
// real projects use a handful.
constexpr size_t kMaxFiles = 256;

bool is_remote(const std::string& p) {
  return p.find("://") != std::string::npos || p.rfind("git@", 0) == 0;
}

class Loader {
 public:
  Loader(const LoadOptions& options, Diagnostics& diags, SourceFiles& sources)
      : options_(options), diags_(diags), sources_(sources) {}

  std::optional<LoadedCompose> run();

 private:
  std::string absolute(const std::string& path, const std::string& base) const {
    std::string p = path;
    if (p == "~" || p.rfind("~/", 0) == 0) {
      auto home = env_.lookup("HOME");
      if (home) p = *home + p.substr(1);
    }
    fs::path fp(p);
    if (fp.is_relative()) fp = fs::path(base) / fp;
    return fp.lexically_normal().generic_string();
  }

  void absolutize_path(yaml::Node* n, const std::string& base) const {
    if (n && n->is_scalar() && !n->value.empty() && !is_remote(n->value))
      n->value = absolute(n->value, base);
  }

  void absolutize_service(yaml::Node& s, const std::string& base) const;
  void absolutize_project(yaml::Node& root, const std::string& base) const;

  // One file: read, interpolate, absolutize, include, extends. `base` is the
  // directory relative paths in it are resolved against.
  std::optional<yaml::Node> load_file(const std::string& path, const std::string& base,
                                      std::vector<std::string>& include_stack);
  std::optional<yaml::Node> read_interpolated(const std::string& path, const std::string& base);
  bool apply_includes(yaml::Node& root, const std::string& file_dir,
                      std::vector<std::string>& include_stack);
  bool apply_extends(yaml::Node& root, const std::string& file_path);
  bool resolve_service(yaml::Node& services, const std::string& name, const std::string& file_path,
                       std::vector<std::string>& stack, std::set<std::string>& done);

  const LoadOptions& options_;
  Diagnostics& diags_;
  SourceFiles& sources_;
  Environment env_;
  References references_;  // whole ${NAME} values, for the mapper
  size_t files_read_ = 0;
  // Files reached by extends, parsed once (path -> resolved root).
  std::map<std::string, yaml::Node> extended_;
};

void Loader::absolutize_service(yaml::Node& s, const std::string& base) const {
  if (!s.is_mapping()) return;
  if (yaml::Node* build = s.find("build")) {
    if (build->is_scalar())
      absolutize_path(build, base);
    else
      absolutize_path(build->find("context"), base);
  }
  if (yaml::Node* vols = s.find("volumes"); vols && vols->is_sequence()) {
    for (auto& v : vols->items) {
      if (v.is_mapping()) {
        yaml::Node* type = v.find("type");
        if (type && type->is_scalar() && type->value == "bind")
          absolutize_path(v.find("source"), base);
      } else if (v.is_scalar()) {
        size_t colon = v.value.find(':');
        if (colon == std::string::npos) continue;
        std::string src = v.value.substr(0, colon);
        if (src.empty() || (src[0] != '.' && src[0] != '/' && src[0] != '~')) continue;
        v.value = absolute(src, base) + v.value.substr(colon);
      }
    }
  }
  if (yaml::Node* ef = s.find("env_file")) {
    if (ef->is_scalar()) absolutize_path(ef, base);
    if (ef->is_sequence())
      for (auto& item : ef->items) {
        if (item.is_scalar()) absolutize_path(&item, base);
        if (item.is_mapping()) absolutize_path(item.find("path"), base);
      }
  }
}

void Loader::absolutize_project(yaml::Node& root, const std::string& base) const {
  if (yaml::Node* services = root.find("services"); services && services->is_mapping())
    for (auto& e : services->entries) absolutize_service(e.value, base);
  for (const char* kind : {"secrets", "configs"})
    if (yaml::Node* m = root.find(kind); m && m->is_mapping())
      for (auto& e : m->entries) absolutize_path(e.value.find("file"), base);
}

std::optional<yaml::Node> Loader::read_interpolated(const std::string& path,
                                                    const std::string& base) {
  if (++files_read_ > kMaxFiles) {
    diags_.error(ids::kInvalid, SourceLocation{path, 0, 0},
                 "more than 256 compose files through include and extends");
    return std::nullopt;
  }
  std::optional<yaml::Node> root = read_compose_file(path, path, diags_, sources_);
  if (!root) return std::nullopt;
  if (!interpolate_tree(*root, env_, diags_, &references_)) return std::nullopt;
  absolutize_project(*root, base);
  if (yaml::Node* services = root->find("services")) {
    if (!services->is_mapping() && !services->is_null()) {
      diags_.error(ids::kInvalid, services->loc, "services is a mapping of service name to service");
      return std::nullopt;
    }
    if (services->is_mapping())
      for (auto& e : services->entries) {
        if (e.value.is_null()) e.value.kind = yaml::Node::Kind::Mapping;
        if (!e.value.is_mapping()) {
          diags_.error(ids::kInvalid, e.value.loc,
                       "service " + e.key.value + " is not a mapping");
          return std::nullopt;
        }
        normalise_service(e.value);
      }
  }
  return root;
}

std::optional<yaml::Node> Loader::load_file(const std::string& path, const std::string& base,
                                            std::vector<std::string>& include_stack) {
  std::string key = absolute(path, ".");
  for (const auto& s : include_stack)
    if (s == key) {
      diags_.error(ids::kCycle, SourceLocation{path, 0, 0},
                   "include cycle: " + path + " includes itself (through its includes)");
      return std::nullopt;
    }
  include_stack.push_back(key);
  std::optional<yaml::Node> root = read_interpolated(path, base);
  bool ok = root && apply_includes(*root, fs::path(key).parent_path().generic_string(),
                                   include_stack) &&
            apply_extends(*root, path);
  include_stack.pop_back();
  if (!ok) return std::nullopt;
  return root;
}

bool Loader::apply_includes(yaml::Node& root, const std::string& file_dir,
                            std::vector<std::string>& include_stack) {
  yaml::Node* inc = root.find("include");
  if (!inc) return true;
  yaml::Node list = std::move(*inc);
  root.entries.erase(std::remove_if(root.entries.begin(), root.entries.end(),
                                    [](const yaml::Entry& e) { return e.key.value == "include"; }),
                     root.entries.end());
  if (!list.is_sequence()) {
    diags_.error(ids::kInvalid, list.loc, "include is a list of files");
    return false;
  }
  for (auto& item : list.items) {
    std::vector<const yaml::Node*> paths;
    std::string project_dir;
    if (item.is_scalar()) {
      paths.push_back(&item);
    } else if (item.is_mapping()) {
      const yaml::Node* p = item.find("path");
      if (p && p->is_scalar()) paths.push_back(p);
      if (p && p->is_sequence())
        for (const auto& x : p->items)
          if (x.is_scalar()) paths.push_back(&x);
      if (const yaml::Node* d = item.find("project_directory"); d && d->is_scalar())
        project_dir = absolute(d->value, file_dir);
      if (item.find("env_file"))
        diags_.warning(ids::kDropped, item.find("env_file")->loc,
                       "include's env_file is not read by gen import: its variables are not "
                       "used for interpolation")
            .help = "pass the file with --env-file";
    }
    if (paths.empty()) {
      diags_.error(ids::kInvalid, item.loc, "an include item is a path or {path: ...}");
      return false;
    }
    for (const yaml::Node* p : paths) {
      std::string path = fs::path(p->value).is_absolute()
                             ? p->value
                             : (fs::path(file_dir) / p->value).lexically_normal().generic_string();
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        diags_.error(ids::kInvalid, p->loc, "included file " + p->value + " does not exist");
        return false;
      }
      std::string dir = project_dir.empty() ? fs::path(path).parent_path().generic_string()
                                            : project_dir;
      std::optional<yaml::Node> sub = load_file(path, dir, include_stack);
      if (!sub) return false;
      // An included project's resources may not redefine the includer's.
      for (const char* kind : {"services", "networks", "volumes", "secrets", "configs"}) {
        yaml::Node* mine = root.find(kind);
        yaml::Node* theirs = sub->find(kind);
        if (!mine || !theirs || !mine->is_mapping() || !theirs->is_mapping()) continue;
        for (const auto& e : theirs->entries)
          if (mine->find(e.key.value) && std::string(kind) == "services") {
            Diagnostic& d = diags_.error(ids::kInvalid, mine->find_key(e.key.value)->loc,
                                         "service " + e.key.value +
                                             " is also defined by the included file " + p->value);
            d.notes.push_back(Note("included here", e.key.loc));
            return false;
          }
      }
      yaml::Node merged = std::move(*sub);
      merge_project(merged, std::move(root));
      root = std::move(merged);
    }
  }
  return true;
}

bool Loader::resolve_service(yaml::Node& services, const std::string& name,
                             const std::string& file_path, std::vector<std::string>& stack,
                             std::set<std::string>& done) {
  std::string id = absolute(file_path, ".") + "#" + name;
  if (done.count(id)) return true;
  yaml::Node* s = services.find(name);
  if (!s) return true;
  yaml::Node* ext = s->find("extends");
  if (!ext) {
    done.insert(id);
    return true;
  }
  for (const auto& x : stack)
    if (x == id) {
      diags_.error(ids::kCycle, ext->loc, "extends cycle: service " + name + " extends itself");
      return false;
    }
  if (stack.size() > 64) {
    diags_.error(ids::kInvalid, ext->loc, "extends chains more than 64 services");
    return false;
  }
  std::string base_name;
  std::string file;
  if (ext->is_scalar()) {
    base_name = ext->value;
  } else if (ext->is_mapping()) {
    if (const yaml::Node* b = ext->find("service"); b && b->is_scalar()) base_name = b->value;
    if (const yaml::Node* f = ext->find("file"); f && f->is_scalar()) file = f->value;
  }
  if (base_name.empty()) {
    diags_.error(ids::kInvalid, ext->loc, "extends names a service: extends: {service: NAME}");
    return false;
  }
  SourceLocation ext_loc = ext->loc;
  stack.push_back(id);
  yaml::Node base;
  if (file.empty()) {
    if (!services.find(base_name)) {
      diags_.error(ids::kInvalid, ext_loc, "extends: no service " + base_name + " in this file");
      stack.pop_back();
      return false;
    }
    if (!resolve_service(services, base_name, file_path, stack, done)) {
      stack.pop_back();
      return false;
    }
    base = *services.find(base_name);
  } else {
    std::string dir = fs::path(file_path).parent_path().generic_string();
    std::string path = fs::path(file).is_absolute()
                           ? file
                           : (fs::path(dir.empty() ? "." : dir) / file).lexically_normal().generic_string();
    std::string key = absolute(path, ".");
    auto it = extended_.find(key);
    if (it == extended_.end()) {
      std::error_code ec;
      if (!fs::exists(path, ec)) {
        diags_.error(ids::kInvalid, ext_loc, "extends: file " + file + " does not exist");
        stack.pop_back();
        return false;
      }
      auto root = read_interpolated(path, fs::path(key).parent_path().generic_string());
      if (!root) {
        stack.pop_back();
        return false;
      }
      it = extended_.emplace(key, std::move(*root)).first;
    }
    yaml::Node* other = it->second.find("services");
    if (!other || !other->find(base_name)) {
      diags_.error(ids::kInvalid, ext_loc, "extends: no service " + base_name + " in " + file);
      stack.pop_back();
      return false;
    }
    if (!resolve_service(*other, base_name, path, stack, done)) {
      stack.pop_back();
      return false;
    }
    base = *other->find(base_name);
  }
  stack.pop_back();
  s = services.find(name);  // resolving may not move it, but be safe
  yaml::Node local = std::move(*s);
  local.entries.erase(std::remove_if(local.entries.begin(), local.entries.end(),
                                     [](const yaml::Entry& e) { return e.key.value == "extends"; }),
                      local.entries.end());
  merge_service(base, std::move(local));
  *s = std::move(base);
  done.insert(id);
  return true;
}

bool Loader::apply_extends(yaml::Node& root, const std::string& file_path) {
  yaml::Node* services = root.find("services");
  if (!services || !services->is_mapping()) return true;
  std::set<std::string> done;
  std::vector<std::string> names;
  for (const auto& e : services->entries) names.push_back(e.key.value);
  for (const auto& n : names) {
    std::vector<std::string> stack;
    if (!resolve_service(*services, n, file_path, stack, done)) return false;
  }
  return true;
}

std::optional<LoadedCompose> Loader::run() {
  LoadedCompose out;
  env_.process = options_.process_env;
  std::vector<std::string> files = options_.files;
  if (files.empty()) files = default_compose_files(".");
  if (files.empty()) {
    diags_.error("io-error", SourceLocation{"compose.yaml", 0, 0},
                 "no compose file: none of compose.yaml, compose.yml, docker-compose.yml, "
                 "docker-compose.yaml here")
        .help = "name one with -f FILE";
    return std::nullopt;
  }
  std::error_code ec;
  std::string project_dir = options_.project_directory.empty()
                                ? fs::path(files.front()).parent_path().generic_string()
                                : options_.project_directory;
  if (project_dir.empty()) project_dir = ".";
  fs::path abs_dir = fs::absolute(project_dir, ec).lexically_normal();
  if (abs_dir.filename().empty()) abs_dir = abs_dir.parent_path();  // "/x/." -> "/x/" -> "/x"
  out.project_directory = abs_dir.generic_string();
  if (!out.project_directory.empty() && out.project_directory.size() > 1 &&
      out.project_directory.back() == '/')
    out.project_directory.pop_back();

  // .env (or --env-file) feeds interpolation; the process environment wins.
  std::vector<std::pair<std::string, bool>> env_files;
  for (const auto& f : options_.env_files) env_files.push_back({f, true});
  if (env_files.empty()) env_files.push_back({(fs::path(project_dir) / ".env").generic_string(), false});
  for (const auto& [f, required] : env_files) {
    auto vars = read_dotenv(f, f, env_, required, diags_, sources_);
    if (!vars) return std::nullopt;
    for (auto& v : *vars) env_.files[v.name] = v.value;
  }

  bool first = true;
  for (const auto& f : files) {
    std::vector<std::string> include_stack;
    std::optional<yaml::Node> root = load_file(f, out.project_directory, include_stack);
    if (!root) return std::nullopt;
    if (first) {
      out.root = std::move(*root);
      first = false;
    } else {
      merge_project(out.root, std::move(*root));
    }
  }

  // Profiles: a service with profiles runs only when one of them is active.
  if (yaml::Node* services = out.root.find("services"); services && services->is_mapping()) {
    std::vector<yaml::Entry> kept;
    for (auto& e : services->entries) {
      const yaml::Node* p = e.value.find("profiles");
      if (!p || !p->is_sequence() || p->items.empty()) {
        kept.push_back(std::move(e));
        continue;
      }
      std::vector<std::string> names;
      bool active = false;
      for (const auto& item : p->items) {
        if (!item.is_scalar()) continue;
        names.push_back(item.value);
        for (const auto& a : options_.profiles) active = active || a == item.value || a == "*";
      }
      if (active)
        kept.push_back(std::move(e));
      else
        out.inactive.push_back({e.key.value, e.key.loc, names});
    }
    services->entries = std::move(kept);
  }

  std::string name;
  if (const yaml::Node* n = out.root.find("name"); n && n->is_scalar()) name = n->value;
  if (name.empty()) {
    if (auto v = env_.lookup("COMPOSE_PROJECT_NAME")) name = *v;
  }
  if (name.empty()) name = abs_dir.filename().generic_string();
  out.project_name = name;
  out.env = env_;
  out.references = references_;
  return out;
}

}  // namespace

std::vector<std::string> default_compose_files(const std::string& directory) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const char* base : {"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}) {
    fs::path p = fs::path(directory) / base;
    if (fs::is_regular_file(p, ec)) {
      found.push_back(directory == "." ? std::string(base) : p.generic_string());
      std::string stem = std::string(base);
      std::string override_name = stem.substr(0, stem.find('.')) + ".override" + stem.substr(stem.find('.'));
      fs::path o = fs::path(directory) / override_name;
      if (fs::is_regular_file(o, ec))
        found.push_back(directory == "." ? override_name : o.generic_string());
      break;
    }
  }
  return found;
}

std::optional<LoadedCompose> load_compose(const LoadOptions& options, Diagnostics& diags,
                                          SourceFiles& sources) {
  return Loader(options, diags, sources).run();
}

}  // namespace gen::import
