#include "render/k8s_model.h"

#include <map>
#include <set>
#include <unordered_map>
#include <vector>

#include "render/json_index.h"
#include "values/image_ref.h"
#include "util/json_object.h"

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

// Size of a claim the spec gives no size for (module-owned directories,
// bind mounts): the same default resolve uses for volumes and state.
constexpr const char* kDefaultClaimSize = "1Gi";

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `key` of `j` when it is a string, else `fallback` (null and absent alike).
std::string str_or(const Json& j, const char* key, const std::string& fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// True only for a boolean true (null and absent are false).
bool flag(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

bool is_loopback(const std::string& bind) {
  return bind == "127.0.0.1" || bind == "::1" || bind == "localhost" || bind.rfind("127.", 0) == 0;
}

// Kubernetes recommended labels (app.kubernetes.io/*). The selector uses
// only name and instance: they never change for a module, and a
// Deployment's selector is immutable.
Json selector_labels(const std::string& project, const std::string& module) {
  Json l = Json::object();
  l["app.kubernetes.io/name"] = module;
  l["app.kubernetes.io/instance"] = project;
  return l;
}

Json module_labels(const std::string& project, const Json& m) {
  Json l = selector_labels(project, str(m, "name"));
  l["app.kubernetes.io/component"] = str(m, "kind");
  l["app.kubernetes.io/part-of"] = project;
  l["app.kubernetes.io/managed-by"] = "gen";
  return l;
}

Json project_labels(const std::string& project) {
  Json l = Json::object();
  l["app.kubernetes.io/instance"] = project;
  l["app.kubernetes.io/part-of"] = project;
  l["app.kubernetes.io/managed-by"] = "gen";
  return l;
}

// A ConfigMap key: the file's base name, with characters Kubernetes does not
// allow in keys ([-._a-zA-Z0-9]) replaced by '-'.
std::string config_key(const std::string& path) {
  std::string base =
      path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  std::string out;
  for (char c : base) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_';
    out += ok ? c : '-';
  }
  if (out.empty() || out == "." || out == "..") out = "file";
  return out;
}

// The header of a YAML literal block scalar ("|", "|-" or "|+") that holds
// `text` exactly when indented, or null when it cannot (control characters,
// a leading space, trailing spaces yamllint refuses, empty text): the
// template then falls back to a quoted scalar.
Json block_header(const std::string& text) {
  if (text.empty() || text[0] == ' ' || text[0] == '\n') return nullptr;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) return nullptr;
    if ((c == ' ' || c == '\t') && (i + 1 == text.size() || text[i + 1] == '\n')) return nullptr;
  }
  size_t trailing = 0;
  for (size_t i = text.size(); i > 0 && text[i - 1] == '\n'; --i) ++trailing;
  if (trailing == 0) return "|-";
  if (trailing == 1) return "|";
  return "|+";
}

Json k8s_port(const Json& p) {
  Json out = Json::object();
  out["name"] = p.at("name");
  out["port"] = p.at("container");
  std::string proto = str(p, "protocol");
  for (auto& c : proto) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  out["protocol"] = proto.empty() ? "TCP" : proto;
  return out;
}

Json k8s_ports(const Json& m) {
  Json out = Json::array();
  for (const auto& p : m.at("ports")) out.push_back(k8s_port(p));
  return out;
}

struct Claim {
  std::string name;
  std::string size;
  std::string source;  // "volume", "own", "bind", "state"
  std::string module;  // owning module ("" for a shared volume)
  bool create = true;  // false: an external volume the operator provides
  int pods = 0;        // pods that mount it (access mode)
};

class ModelBuilder {
 public:
  explicit ModelBuilder(const Json& ctx) : ctx_(ctx) {
    project_ = str(ctx.at("project"), "name");
    for (const auto& m : ctx.at("modules")) {
      modules_[str(m, "name")] = &m;
      kinds_.emplace(&m, k8s_workload_kind(m));
    }
    // Who depends on whom, once (network policies ask for every module).
    for (const auto& other : ctx.at("modules")) {
      if (kind_of(other).empty()) continue;
      std::set<std::string> seen;
      for (const auto& d : other.at("depends_on"))
        if (seen.insert(str(d, "module")).second) dependents_[str(d, "module")].push_back(&other);
    }
  }

  Json build() {
    collect_claims();
    Json out = Json::object();
    const Json& k8s = ctx_.at("targets").at("k8s");
    out["namespace"] = k8s.value("namespace", Json(project_));
    if (out["namespace"].is_null()) out["namespace"] = project_;
    out["labels"] = project_labels(project_);
    out["pull_secrets"] = k8s.value("pull_secrets", Json::array());
    out["pull_policy"] = k8s.value("pull_policy", Json("IfNotPresent"));
    out["storage_class"] = k8s.value("storage_class", Json(nullptr));
    Json claims = Json::array();
    for (const auto& c : claims_) {
      if (!c.create) continue;
      Json j = Json::object();
      j["name"] = c.name;
      j["size"] = c.size;
      j["access_mode"] = access_mode(c);
      j["source"] = c.source;
      j["module"] = c.module.empty() ? Json(nullptr) : Json(c.module);
      j["labels"] = c.module.empty() ? project_labels(project_)
                                     : module_labels(project_, *modules_.at(c.module));
      claims.push_back(std::move(j));
    }
    out["claims"] = std::move(claims);
    Json mods = Json::object();
    for (const auto& m : ctx_.at("modules")) {
      if (kind_of(m).empty()) continue;
      append_unique(mods, str(m, "name"), module(m));
    }
    out["modules"] = std::move(mods);
    out["overlays"] = overlays();
    return out;
  }

 private:
  // A module's ports and selector, built once: its own entry and every
  // network policy that names it (as a peer or a dependency) copy them.
  const Json& ports_of(const Json& m) {
    auto it = ports_.find(&m);
    if (it == ports_.end()) it = ports_.emplace(&m, k8s_ports(m)).first;
    return it->second;
  }

  const Json& selector_of(const std::string& module) {
    auto it = selectors_.find(module);
    if (it == selectors_.end())
      it = selectors_.emplace(module, selector_labels(project_, module)).first;
    return it->second;
  }

  // k8s_workload_kind of a module of the context, worked out once: claims,
  // mounts and every profile's overlay ask again for each module.
  const std::string& kind_of(const Json& m) const { return kinds_.at(&m); }

  int pods_of(const std::string& module) const {
    auto it = modules_.find(module);
    if (it == modules_.end()) return 0;
    const Json& r = it->second->at("replicas");
    return r.is_number_integer() ? r.get<int>() : 1;
  }

  static std::string access_mode(const Claim& c) {
    // One pod: ReadWriteOnce. Shared by several pods (a volume used by many
    // modules, a module's directory another module reads, replicas > 1):
    // ReadWriteMany, which the storage class must support.
    return c.pods > 1 ? "ReadWriteMany" : "ReadWriteOnce";
  }

  Claim* find_claim(const std::string& name) {
    auto it = claim_index_.find(name);
    return it == claim_index_.end() ? nullptr : &claims_[it->second];
  }

  Claim& add_claim(const std::string& name, const std::string& size, const std::string& source,
                   const std::string& module) {
    if (Claim* c = find_claim(name)) return *c;
    claim_index_.emplace(name, claims_.size());
    claims_.push_back(Claim{name, size, source, module, true, 0});
    return claims_.back();
  }

  std::string volume_claim(const std::string& key) const {
    for (const auto& v : ctx_.at("volumes"))
      if (str(v, "key") == key) return flag(v, "external") ? str(v, "name") : key;
    return key;
  }

  static std::string own_claim(const std::string& module, const std::string& dir) {
    return module + "-" + dir;
  }

  // Shared volumes first (spec order), then each module's directories,
  // bind mounts and (for jobs) state, in module order.
  void collect_claims() {
    for (const auto& v : ctx_.at("volumes")) {
      bool external = flag(v, "external");
      Claim& c = add_claim(external ? str(v, "name") : str(v, "key"),
                           str_or(v, "size", kDefaultClaimSize), "volume", "");
      c.create = !external;
    }
    for (const auto& m : ctx_.at("modules")) {
      const std::string& kind = kind_of(m);
      if (kind.empty()) continue;
      std::string name = str(m, "name");
      for (const auto& dir : m.value("own_dirs", Json::array()))
        add_claim(own_claim(name, dir.get<std::string>()), kDefaultClaimSize, "own", name);
      for (const auto& mt : m.at("mounts")) {
        std::string type = str(mt, "type");
        if (type == "bind")
          add_claim(name + "-" + str(mt, "name"), kDefaultClaimSize, "bind", name);
        if (type == "state" && kind != "StatefulSet")
          add_claim(str(mt, "volume"), str_or(mt, "size", kDefaultClaimSize), "state", name);
      }
    }
    // Count the pods mounting each claim (access mode).
    for (const auto& m : ctx_.at("modules")) {
      if (kind_of(m).empty()) continue;
      std::set<std::string> used;
      for (const auto& mt : m.at("mounts"))
        if (auto claim = claim_of(m, mt); !claim.empty()) used.insert(claim);
      for (const auto& c : used)
        if (Claim* found = find_claim(c)) found->pods += pods_of(str(m, "name"));
    }
  }

  // The claim a mount uses ("" for emptyDir, ConfigMap, StatefulSet state).
  std::string claim_of(const Json& m, const Json& mt) const {
    std::string type = str(mt, "type");
    std::string name = str(m, "name");
    if (type == "own") return own_claim(name, str(mt, "path"));
    if (type == "from") return own_claim(str(mt, "module"), str(mt, "path"));
    if (type == "volume") return volume_claim(str(mt, "volume"));
    if (type == "bind") return name + "-" + str(mt, "name");
    if (type == "state" && kind_of(m) != "StatefulSet") return str(mt, "volume");
    return "";
  }

  Json module(const Json& m) {
    std::string name = str(m, "name");
    const std::string& kind = kind_of(m);
    Json out = object_with_room(24);
    out["workload"] = kind;
    out["labels"] = module_labels(project_, m);
    out["selector"] = selector_of(name);
    out["service_account"] = name;
    out["service"] = m.at("ports").empty() ? Json(nullptr) : Json(name);
    out["ports"] = ports_of(m);

    // Environment: plain values in a generated ConfigMap; required and
    // optional settings in one the operator creates per environment (like
    // Secrets); secrets by secretKeyRef to the operator's Secret.
    bool plain = false, settings = false;
    for (const auto& e : m.at("env")) {
      std::string k = str(e, "kind");
      if (k == "value" || k == "default") plain = true;
      if (k == "required" || k == "optional") settings = true;
    }
    out["env_configmap"] = plain ? Json(name + "-env") : Json(nullptr);
    out["settings_configmap"] = settings ? Json(name + "-settings") : Json(nullptr);

    // Config files: one ConfigMap holding every file the module mounts,
    // content read by the pipeline (context "config_files").
    Json files = Json::array();
    std::set<std::string> keys;
    const Json* contents = nullptr;
    if (auto it = ctx_.find("config_files"); it != ctx_.end() && it->is_object()) contents = &*it;
    bool any_file = false, all_found = true;
    std::map<std::string, std::string> key_of_mount;
    for (const auto& mt : m.at("mounts")) {
      if (str(mt, "type") != "config") continue;
      any_file = true;
      std::string path = mt.at("host").is_object() ? str(mt.at("host"), "path") : "";
      std::string key = config_key(path);
      if (keys.count(key)) key = str(mt, "name");
      keys.insert(key);
      key_of_mount[str(mt, "name")] = key;
      Json f = Json::object();
      f["key"] = key;
      f["path"] = path;
      f["mount"] = mt.at("name");
      Json content = nullptr;
      if (contents) {
        auto c = contents->find(path);
        if (c != contents->end()) content = *c;
      }
      if (!content.is_string()) {
        all_found = false;
        content = nullptr;
      }
      f["content"] = content;
      f["block"] = content.is_string() ? block_header(content.get<std::string>()) : Json(nullptr);
      files.push_back(std::move(f));
    }
    out["files_configmap"] = any_file ? Json(name + "-files") : Json(nullptr);
    // Generated only when every file was found; otherwise the operator
    // creates it (verify warns, naming the missing file).
    out["files_generated"] = any_file && all_found;
    out["files"] = std::move(files);

    // Pod volumes and container mounts, in the spec's mount order.
    Json volumes = Json::array();
    Json mounts = Json::array();
    Json claim_templates = Json::array();
    bool rwo_claim = false;
    for (const auto& mt : m.at("mounts")) {
      std::string type = str(mt, "type");
      Json vol = Json::object();
      vol["name"] = mt.at("name");
      Json mount = Json::object();
      mount["name"] = mt.at("name");
      mount["path"] = mt.at("target");
      mount["read_only"] = flag(mt, "read_only");
      mount["sub_path"] = nullptr;
      if (type == "tmpfs") {
        vol["type"] = "emptyDir";
        vol["size_limit"] = mt.value("size", Json(nullptr));
      } else if (type == "config") {
        vol["type"] = "configMap";
        vol["configmap"] = name + "-files";
        vol["key"] = key_of_mount[str(mt, "name")];
        mount["sub_path"] = vol["key"];
        mount["read_only"] = true;
      } else if (type == "state" && kind == "StatefulSet") {
        Json t = Json::object();
        t["name"] = mt.at("name");
        t["size"] = str_or(mt, "size", kDefaultClaimSize);
        t["access_mode"] = "ReadWriteOnce";  // one claim per replica
        claim_templates.push_back(std::move(t));
        mounts.push_back(std::move(mount));
        continue;  // the claim template is the volume
      } else {
        std::string claim = claim_of(m, mt);
        vol["type"] = "persistentVolumeClaim";
        vol["claim"] = claim;
        vol["read_only"] = mount["read_only"];
        const Claim* c = find_claim(claim);
        if (!c || access_mode(*c) == "ReadWriteOnce") rwo_claim = true;
      }
      volumes.push_back(std::move(vol));
      mounts.push_back(std::move(mount));
    }
    out["volumes"] = std::move(volumes);
    out["mounts"] = std::move(mounts);
    out["claim_templates"] = std::move(claim_templates);
    // A ReadWriteOnce claim cannot be attached to a second node while the old
    // pod still holds it: replace pods instead of rolling them.
    out["strategy"] = rwo_claim ? "Recreate" : "RollingUpdate";
    out["pdb"] = kind != "Job" && pods_of(name) > 1;
    out["network_policy"] = network_policy(m);
    return out;
  }

  // Ingress: from the modules that depend on this one, to its ports; from
  // anywhere to ports published on a non-loopback address (public). Egress:
  // to each dependency's ports (DNS is allowed namespace-wide).
  Json network_policy(const Json& m) {
    std::string name = str(m, "name");
    Json ingress = Json::array();
    if (!m.at("ports").empty()) {
      Json peers = Json::array();
      auto deps = dependents_.find(name);
      if (deps != dependents_.end())
        for (const Json* other : deps->second) {
          Json peer = Json::object();
          peer["module"] = other->at("name");
          peer["selector"] = selector_of(str(*other, "name"));
          peers.push_back(std::move(peer));
        }
      if (!peers.empty()) {
        Json rule = Json::object();
        rule["from"] = std::move(peers);
        rule["ports"] = ports_of(m);
        ingress.push_back(std::move(rule));
      }
      Json pub = Json::array();
      for (const auto& p : m.at("ports"))
        if (flag(p, "published") && !str(p, "bind").empty() && !is_loopback(str(p, "bind")))
          pub.push_back(k8s_port(p));
      if (!pub.empty()) {
        Json rule = Json::object();
        rule["from"] = Json::array();  // any source
        rule["ports"] = std::move(pub);
        ingress.push_back(std::move(rule));
      }
    }
    Json egress = Json::array();
    for (const auto& d : m.at("depends_on")) {
      std::string dep = str(d, "module");
      auto it = modules_.find(dep);
      if (it == modules_.end() || it->second->at("ports").empty()) continue;
      Json rule = Json::object();
      Json peer = Json::object();
      peer["module"] = dep;
      peer["selector"] = selector_of(dep);
      Json to = Json::array();
      to.push_back(std::move(peer));
      rule["to"] = std::move(to);
      rule["ports"] = ports_of(*it->second);
      egress.push_back(std::move(rule));
    }
    Json out = Json::object();
    out["ingress"] = std::move(ingress);
    out["egress"] = std::move(egress);
    return out;
  }

  // Per profile: the namespace and, per image the base uses, the name and
  // tag (or digest) that profile deploys.
  Json overlays() const {
    Json out = Json::array();
    for (const auto& p : ctx_.at("profiles")) {
      std::string profile = str(p, "name");
      Json images = Json::array();
      std::set<std::string> seen;
      std::set<std::string> variables;
      for (const auto& m : ctx_.at("modules")) {
        if (kind_of(m).empty()) continue;
        const Json& image = m.at("image");
        std::string base = values::ImageRef::parse(str(image, "ref")).name;
        if (!seen.insert(base).second) continue;
        const Json& refs = image.value("refs", Json::object());
        if (!refs.contains(profile) || !refs.at(profile).is_string()) continue;
        values::ImageRef target = values::ImageRef::parse(refs.at(profile).get<std::string>());
        Json img = Json::object();
        img["name"] = base;
        img["new_name"] = target.name;
        img["new_tag"] = target.tag ? Json(*target.tag) : Json(nullptr);
        img["digest"] = target.digest ? Json(*target.digest) : Json(nullptr);
        images.push_back(std::move(img));
        collect_variables(target.ref, variables);
      }
      Json o = Json::object();
      o["name"] = profile;
      o["namespace"] = ctx_.at("targets").at("k8s").value("namespace", Json(project_));
      if (o["namespace"].is_null()) o["namespace"] = project_;
      o["images"] = std::move(images);
      o["variables"] = Json(std::vector<std::string>(variables.begin(), variables.end()));
      out.push_back(std::move(o));
    }
    return out;
  }

  // ${NAME} references a profile's tag carries (e.g. git-${GIT_SHA}):
  // kustomize does not substitute them, the overlay says who must.
  static void collect_variables(const std::string& s, std::set<std::string>& out) {
    for (size_t i = s.find("${"); i != std::string::npos; i = s.find("${", i + 2)) {
      size_t end = s.find_first_of(":}", i + 2);
      if (end == std::string::npos) break;
      out.insert(s.substr(i + 2, end - i - 2));
    }
  }

  const Json& ctx_;
  std::map<std::string, std::vector<const Json*>> dependents_;  // in spec order
  std::string project_;
  std::map<std::string, const Json*> modules_;
  std::unordered_map<const Json*, std::string> kinds_;  // k8s_workload_kind by module
  std::unordered_map<const Json*, Json> ports_;         // k8s_ports by module
  std::unordered_map<std::string, Json> selectors_;     // selector_labels by module name
  std::vector<Claim> claims_;
  std::unordered_map<std::string, size_t> claim_index_;  // name -> position in claims_
};

}  // namespace

std::string k8s_workload_kind(const Json& module) {
  std::string kind = str(module, "kind");
  if (kind == "base") return "";
  if (kind == "job") return "Job";
  if (module.contains("state") && !module.at("state").is_null()) return "StatefulSet";
  return "Deployment";
}

Json k8s_model(const Json& context) { return ModelBuilder(context).build(); }

}  // namespace gen::render
