#include "render/k8s_model.h"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <unordered_map>
#include <vector>

#include "model/volume_claim.h"
#include "model/workload.h"
#include "render/json_index.h"
#include "util/json_lazy.h"
#include "util/json_object.h"

namespace gen::render {

using Json = nlohmann::ordered_json;
using model::Module;
using model::MountKind;
using model::Workload;

namespace {

// Size of a claim the spec gives no size for (module-owned directories,
// bind mounts): the same default resolve uses for volumes and state.
constexpr const char* kDefaultClaimSize = "1Gi";
// The pod volume behind /dev/shm when the module sets shm_size (rule
// kernel-settings keeps the spec's own mounts off /dev/shm then).
constexpr const char* kShmVolume = "dev-shm";

std::string size_or_default(const std::optional<model::Quantity>& size) {
  return size ? size->text() : kDefaultClaimSize;
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

// gen's labels, then the spec's (rule reserved-labels keeps gen's keys out).
Json module_labels(const std::string& project, const Module& m) {
  Json l = selector_labels(project, m.name);
  l["app.kubernetes.io/component"] = model::spelled(m.kind);
  l["app.kubernetes.io/part-of"] = project;
  l["app.kubernetes.io/managed-by"] = "gen";
  for (const auto& [k, v] : m.labels)
    if (!l.contains(k)) l[k] = v;
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

Json k8s_port(const model::Port& p) {
  Json out = Json::object();
  out["name"] = p.name;
  out["port"] = p.container;
  out["protocol"] = p.protocol == model::Protocol::Udp ? "UDP" : "TCP";
  return out;
}

Json k8s_ports(const Module& m) {
  Json out = Json::array();
  for (const auto& p : m.ports) out.push_back(k8s_port(p));
  return out;
}

}  // namespace

// The builder and what it keeps are named (not file-local): LazyK8sModel
// holds one.
struct K8sClaim {
  std::string name;
  std::string size;
  std::string source;  // "volume", "own", "bind", "state"
  std::string module;  // owning module ("" for a shared volume)
  bool create = true;  // false: an external volume the operator provides
  int pods = 0;        // pods that mount it (access mode)
};

class K8sModelBuilder {
 public:
  explicit K8sModelBuilder(const model::Project& project) : project_(project) {
    name_ = project.info.name;
    for (const auto& m : project.modules) {
      modules_[m.name] = &m;
      kinds_.emplace(&m, model::workload_of(m));
    }
    // Who connects to whom, once (network policies ask for every module).
    for (const auto& other : project.modules) {
      if (kind_of(other) == Workload::None) continue;
      for (const auto& peer : other.peers()) dependents_[peer].push_back(&other);
    }
  }

  // Whether the module has an entry (kind base: built, never run, has none).
  bool runs(const Module& m) const { return kind_of(m) != Workload::None; }

  // Profile `pi`'s overlay: the namespace and, per image the base uses, the
  // name and tag (or digest) that profile deploys. One entry per module:
  // built when its kustomization is rendered (LazyK8sModel), not held
  // through the whole target.
  Json overlay(size_t pi) const {
    Json images = Json::array();
    std::set<std::string> seen;
    std::set<std::string> variables;
    for (const auto& m : project_.modules) {
      if (kind_of(m) == Workload::None) continue;
      const std::string& base = m.image.ref.name;
      if (!seen.insert(base).second) continue;
      if (pi >= m.image.per_profile.size()) continue;
      const values::ImageRef& target = m.image.per_profile[pi];
      Json img = Json::object();
      img["name"] = base;
      img["new_name"] = target.name;
      img["new_tag"] = target.tag ? Json(*target.tag) : Json(nullptr);
      img["digest"] = target.digest ? Json(*target.digest) : Json(nullptr);
      images.push_back(std::move(img));
      collect_variables(target.ref, variables);
    }
    Json o = Json::object();
    o["name"] = project_.profiles[pi].name;
    o["namespace"] = project_.targets.k8s.namespace_;
    o["images"] = std::move(images);
    o["variables"] = Json(std::vector<std::string>(variables.begin(), variables.end()));
    return o;
  }

  // The model; `fill_modules` fills its "modules" object (each module's
  // entry, or a lazy node standing for it: LazyK8sModel) and
  // `fill_overlays` its "overlays" array (each profile's overlay, or a lazy
  // node).
  template <typename FillModules, typename FillOverlays>
  Json build(FillModules fill_modules, FillOverlays fill_overlays) {
    collect_claims();
    const model::K8sTarget& k8s = project_.targets.k8s;
    Json out = Json::object();
    out["namespace"] = k8s.namespace_;
    out["labels"] = project_labels(name_);
    out["pull_secrets"] = k8s.pull_secrets;
    out["pull_policy"] = k8s.pull_policy;
    out["storage_class"] = k8s.storage_class ? Json(*k8s.storage_class) : Json(nullptr);
    Json claims = Json::array();
    for (const auto& c : claims_) {
      if (!c.create) continue;
      Json j = Json::object();
      j["name"] = c.name;
      j["size"] = c.size;
      j["access_mode"] = access_mode(c);
      j["source"] = c.source;
      j["module"] = c.module.empty() ? Json(nullptr) : Json(c.module);
      j["labels"] = c.module.empty() ? project_labels(name_)
                                     : module_labels(name_, *modules_.at(c.module));
      claims.push_back(std::move(j));
    }
    out["claims"] = std::move(claims);
    Json mods = Json::object();
    fill_modules(mods);
    out["modules"] = std::move(mods);
    Json overlays = Json::array();
    fill_overlays(overlays);
    out["overlays"] = std::move(overlays);
    out["routes"] = routes();
    return out;
  }

 private:
  // A module's ports and selector, built once: its own entry and every
  // network policy that names it (as a peer or a dependency) copy them.
  const Json& ports_of(const Module& m) {
    auto it = ports_.find(&m);
    if (it == ports_.end()) it = ports_.emplace(&m, k8s_ports(m)).first;
    return it->second;
  }

  const Json& selector_of(const std::string& module) {
    auto it = selectors_.find(module);
    if (it == selectors_.end())
      it = selectors_.emplace(module, selector_labels(name_, module)).first;
    return it->second;
  }

  // model::workload_of a module, worked out once: claims, mounts and every
  // profile's overlay ask again for each module.
  Workload kind_of(const Module& m) const { return kinds_.at(&m); }

  int pods_of(const std::string& module) const {
    auto it = modules_.find(module);
    return it == modules_.end() ? 0 : static_cast<int>(it->second->replicas);
  }

  static std::string access_mode(const K8sClaim& c) {
    // One pod: ReadWriteOnce. Shared by several pods (a volume used by many
    // modules, a module's directory another module reads, replicas > 1):
    // ReadWriteMany, which the storage class must support.
    return c.pods > 1 ? "ReadWriteMany" : "ReadWriteOnce";
  }

  K8sClaim* find_claim(const std::string& name) {
    auto it = claim_index_.find(name);
    return it == claim_index_.end() ? nullptr : &claims_[it->second];
  }

  K8sClaim& add_claim(const std::string& name, const std::string& size, const std::string& source,
                   const std::string& module) {
    if (K8sClaim* c = find_claim(name)) return *c;
    claim_index_.emplace(name, claims_.size());
    claims_.push_back(K8sClaim{name, size, source, module, true, 0});
    return claims_.back();
  }

  std::string volume_claim(const std::string& key) const {
    const model::Volume* v = project_.find_volume(key);
    return v ? model::volume_claim(*v) : values::k8s_name(key);
  }

  static std::string own_claim(const std::string& module, const std::string& dir) {
    return module + "-" + dir;
  }

  // Shared volumes first (spec order), then each module's directories,
  // bind mounts and (for jobs) state, in module order.
  void collect_claims() {
    for (const auto& v : project_.volumes) {
      K8sClaim& c = add_claim(model::volume_claim(v), v.size.text(), "volume", "");
      c.create = !v.external;
    }
    for (const auto& m : project_.modules) {
      Workload kind = kind_of(m);
      if (kind == Workload::None) continue;
      for (const auto& dir : m.own_dirs) add_claim(own_claim(m.name, dir), kDefaultClaimSize, "own", m.name);
      for (const auto& mt : m.mounts) {
        if (mt.kind == MountKind::Bind)
          add_claim(m.name + "-" + mt.name, kDefaultClaimSize, "bind", m.name);
        if (mt.kind == MountKind::State && kind != Workload::StatefulSet)
          add_claim(mt.volume.value_or(""), size_or_default(mt.size), "state", m.name);
      }
    }
    // Count the pods mounting each claim (access mode).
    for (const auto& m : project_.modules) {
      if (kind_of(m) == Workload::None) continue;
      std::set<std::string> used;
      for (const auto& mt : m.mounts)
        if (auto claim = claim_of(m, mt); !claim.empty()) used.insert(claim);
      for (const auto& c : used)
        if (K8sClaim* found = find_claim(c)) found->pods += pods_of(m.name);
    }
  }

  // The claim a mount uses ("" for emptyDir, ConfigMap, StatefulSet state).
  std::string claim_of(const Module& m, const model::Mount& mt) const {
    switch (mt.kind) {
      case MountKind::Own:
        return own_claim(m.name, mt.path.value_or(""));
      case MountKind::From:
        return own_claim(mt.module.value_or(""), mt.path.value_or(""));
      case MountKind::Volume:
        return volume_claim(mt.volume.value_or(""));
      case MountKind::Bind:
        return m.name + "-" + mt.name;
      case MountKind::State:
        return kind_of(m) != Workload::StatefulSet ? mt.volume.value_or("") : "";
      case MountKind::Tmpfs:
      case MountKind::Anonymous:
      case MountKind::Config:
      case MountKind::ConfigDir:
      case MountKind::Secret:
        break;
    }
    return "";
  }

  // targets.k8s.expose: the module's public ports, at their published
  // numbers, in a Service of that type beside the ClusterIP one (whose ports
  // in-cluster clients keep using). Null when nothing is exposed.
  Json public_service(const Module& m) const {
    const model::K8sExpose expose = project_.targets.k8s.expose;
    if (expose == model::K8sExpose::None) return nullptr;
    Json ports = Json::array();
    for (const auto& p : m.ports) {
      if (!p.is_public()) continue;
      Json port = k8s_port(p);
      port["port"] = *p.host;
      port["target"] = p.name;
      // The cluster's default NodePort range; elsewhere the cluster picks one.
      bool node_port = expose == model::K8sExpose::NodePort && *p.host >= 30000 && *p.host <= 32767;
      port["node_port"] = node_port ? Json(*p.host) : Json(nullptr);
      ports.push_back(std::move(port));
    }
    if (ports.empty()) return nullptr;
    Json out = Json::object();
    out["name"] = m.name + "-public";
    out["type"] = model::spelled(expose);
    out["ports"] = std::move(ports);
    return out;
  }

 public:
  // One module's entry (the model's "modules" value for it).
  Json module(const Module& m) {
    const std::string& name = m.name;
    Workload kind = kind_of(m);
    Json out = object_with_room(24);
    out["workload"] = model::spelled(kind);
    out["labels"] = module_labels(name_, m);
    Json annotations = Json::object();
    for (const auto& [k, v] : m.annotations) annotations[k] = v;
    out["annotations"] = std::move(annotations);
    out["selector"] = selector_of(name);
    out["service_account"] = name;
    out["service"] = m.ports.empty() ? Json(nullptr) : Json(name);
    // One more Service per name the module is reached by (hostname,
    // aliases): pods resolve Service names, so `es` reaches its pods as
    // the module's name does. Nothing to reach without ports.
    Json aliases = Json::array();
    if (!m.ports.empty())
      for (const auto& a : m.aliases) aliases.push_back(a);
    out["alias_services"] = std::move(aliases);
    out["hostname"] = m.hostname ? Json(*m.hostname) : Json(nullptr);
    out["ports"] = ports_of(m);
    out["public_service"] = public_service(m);

    // Environment: plain values in a generated ConfigMap; required and
    // optional settings in one the operator creates per environment (like
    // Secrets); secrets by secretKeyRef to the operator's Secret.
    bool plain = false, settings = false;
    for (const auto& e : m.env) {
      if (e.kind == model::EnvKind::Value || e.kind == model::EnvKind::Default) plain = true;
      if (e.kind == model::EnvKind::Required || e.kind == model::EnvKind::Optional)
        settings = true;
    }
    out["env_configmap"] = plain ? Json(name + "-env") : Json(nullptr);
    out["settings_configmap"] = settings ? Json(name + "-settings") : Json(nullptr);

    // Config files: one ConfigMap holding every file the module mounts
    // (a config directory's files too, one key each), content read by the
    // pipeline (Project::config_files).
    Json files = Json::array();
    std::set<std::string> keys;
    bool any_file = false, all_found = true;
    std::map<std::string, Json> items_of_mount;  // mount -> [{key, path}]
    auto add_file = [&](const std::string& path, std::string key, const std::string& mount) {
      Json f = Json::object();
      f["key"] = key;
      f["path"] = path;
      f["mount"] = mount;
      const model::ConfigFile* file = project_.find_config_file(path);
      if (file && file->text) {
        f["content"] = *file->text;
        f["block"] = block_header(*file->text);
      } else {
        all_found = false;
        f["content"] = nullptr;
        f["block"] = nullptr;
      }
      files.push_back(std::move(f));
    };
    for (const auto& mt : m.mounts) {
      if (mt.kind != MountKind::Config && mt.kind != MountKind::ConfigDir) continue;
      any_file = true;
      std::string path = mt.host ? mt.host->path : "";
      Json items = Json::array();
      if (mt.kind == MountKind::Config) {
        std::string key = config_key(path);
        if (keys.count(key)) key = mt.name;
        keys.insert(key);
        items.push_back({{"key", key}, {"path", key}});
        add_file(path, key, mt.name);
      } else if (const model::ConfigFile* dir = project_.find_config_file(path);
                 dir && dir->entries) {
        // Each file under its own key (its base name, else its relative path
        // with '-' for '/', else that after the mount's name, numbered if
        // need be), projected back to its relative path.
        for (const auto& e : *dir->entries) {
          std::string flat = e;
          std::replace(flat.begin(), flat.end(), '/', '-');
          std::string key = config_key(e);
          if (keys.count(key)) key = config_key(flat);
          if (keys.count(key)) key = config_key(mt.name + "-" + flat);
          for (int n = 2; keys.count(key); ++n)
            key = config_key(mt.name + "-" + std::to_string(n) + "-" + flat);
          keys.insert(key);
          items.push_back({{"key", key}, {"path", e}});
          add_file(path + "/" + e, key, mt.name);
        }
      } else {
        all_found = false;  // not listed: the operator creates the ConfigMap
      }
      items_of_mount[mt.name] = std::move(items);
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
    for (const auto& mt : m.mounts) {
      Json vol = Json::object();
      vol["name"] = mt.name;
      Json mount = Json::object();
      mount["name"] = mt.name;
      mount["path"] = mt.target;
      mount["read_only"] = mt.read_only;
      mount["sub_path"] = nullptr;
      if (mt.kind == MountKind::Tmpfs) {
        vol["type"] = "emptyDir";
        vol["medium"] = nullptr;  // the node's disk (Memory: /dev/shm below)
        vol["size_limit"] = mt.size ? Json(mt.size->text()) : Json(nullptr);
      } else if (mt.kind == MountKind::Anonymous) {
        // A private writable directory: an emptyDir lives as long as the
        // pod (kept across container restarts, gone when the pod is).
        vol["type"] = "emptyDir";
        vol["medium"] = nullptr;
        vol["size_limit"] = nullptr;
      } else if (mt.kind == MountKind::Config) {
        vol["type"] = "configMap";
        vol["configmap"] = name + "-files";
        vol["files"] = items_of_mount[mt.name];
        mount["sub_path"] = vol["files"][0]["key"];
        mount["read_only"] = true;
      } else if (mt.kind == MountKind::ConfigDir) {
        // The directory's files projected from the ConfigMap (no subPath:
        // a change to the ConfigMap reaches the running pod).
        vol["type"] = "configMap";
        vol["configmap"] = name + "-files";
        vol["files"] = items_of_mount[mt.name];
        mount["read_only"] = true;
      } else if (mt.kind == MountKind::Secret) {
        // The operator's Secret, one key named like it, mounted as one file.
        vol["type"] = "secret";
        vol["secret"] = mt.secret.value_or("");
        vol["key"] = mt.secret.value_or("");
        mount["sub_path"] = vol["key"];
        mount["read_only"] = true;
      } else if (mt.kind == MountKind::State && kind == Workload::StatefulSet) {
        Json t = Json::object();
        t["name"] = mt.name;
        t["size"] = size_or_default(mt.size);
        t["access_mode"] = "ReadWriteOnce";  // one claim per replica
        claim_templates.push_back(std::move(t));
        mounts.push_back(std::move(mount));
        continue;  // the claim template is the volume
      } else {
        std::string claim = claim_of(m, mt);
        vol["type"] = "persistentVolumeClaim";
        vol["claim"] = claim;
        vol["read_only"] = mount["read_only"];
        const K8sClaim* c = find_claim(claim);
        if (!c || access_mode(*c) == "ReadWriteOnce") rwo_claim = true;
      }
      volumes.push_back(std::move(vol));
      mounts.push_back(std::move(mount));
    }
    // shm_size: /dev/shm is a memory-backed emptyDir of that size (the
    // runtime's own /dev/shm is 64Mi and Kubernetes has no setting for it).
    if (m.shm_size) {
      volumes.push_back(Json{{"name", kShmVolume},
                             {"type", "emptyDir"},
                             {"medium", "Memory"},
                             {"size_limit", m.shm_size->text()}});
      mounts.push_back(Json{{"name", kShmVolume},
                            {"path", "/dev/shm"},
                            {"read_only", false},
                            {"sub_path", nullptr}});
    }
    out["volumes"] = std::move(volumes);
    out["mounts"] = std::move(mounts);
    out["claim_templates"] = std::move(claim_templates);
    // A ReadWriteOnce claim cannot be attached to a second node while the old
    // pod still holds it: replace pods instead of rolling them.
    out["strategy"] = rwo_claim ? "Recreate" : "RollingUpdate";
    // Autoscaled (HorizontalPodAutoscaler): the budget fits every size the
    // autoscaler may choose: min - 1 pods available (voluntary disruptions
    // never take it below min), or one at a time from a minimum of one.
    const bool scaled = m.autoscale.has_value();
    out["pdb"] = kind != Workload::Job && kind != Workload::CronJob &&
                 (scaled ? m.autoscale->max > 1 : pods_of(name) > 1);
    out["pdb_min_available"] =
        scaled && m.autoscale->min > 1 ? Json(m.autoscale->min - 1) : Json(nullptr);
    if (scaled) {
      Json hpa = Json::object();
      hpa["min"] = m.autoscale->min;
      hpa["max"] = m.autoscale->max;
      hpa["cpu"] = m.autoscale->cpu ? Json(*m.autoscale->cpu) : Json(nullptr);
      hpa["memory"] = m.autoscale->memory ? Json(*m.autoscale->memory) : Json(nullptr);
      out["hpa"] = std::move(hpa);
    } else {
      out["hpa"] = nullptr;
    }
    out["network_policy"] = network_policy(m);
    // Setup steps: init containers, in order, with the pod's volumes, env
    // and security context (the template writes them like the main one).
    auto container = [](const Module& c, bool main) {
      Json e = Json::object();
      e["name"] = c.name;
      e["main"] = main;  // ports and probes: the module's own container only
      e["image"] = c.image.ref.ref;
      e["entrypoint"] = c.entrypoint ? Json(*c.entrypoint) : Json(nullptr);
      e["command"] = c.command ? Json(*c.command) : Json(nullptr);
      e["workdir"] = c.workdir ? Json(*c.workdir) : Json(nullptr);
      return e;
    };
    Json init = Json::array();
    for (const auto& step : m.setup)
      if (auto found = modules_.find(step); found != modules_.end())
        init.push_back(container(*found->second, false));
    out["init_containers"] = std::move(init);
    out["container"] = container(m, true);
    return out;
  }

 private:
  // Ingress: from the modules that depend on this one, to its ports; from
  // anywhere to ports published on a non-loopback address (public). Egress:
  // to each dependency's ports, then to each block of its egress allow-list
  // (DNS is allowed namespace-wide).
  Json network_policy(const Module& m) {
    Json ingress = Json::array();
    if (!m.ports.empty()) {
      Json peers = Json::array();
      auto deps = dependents_.find(m.name);
      if (deps != dependents_.end())
        for (const Module* other : deps->second) {
          Json peer = Json::object();
          peer["module"] = other->name;
          peer["selector"] = selector_of(other->name);
          peers.push_back(std::move(peer));
        }
      if (!peers.empty()) {
        Json rule = Json::object();
        rule["from"] = std::move(peers);
        rule["ports"] = ports_of(m);
        ingress.push_back(std::move(rule));
      }
      // Routed ports: from the edge (the controller's namespace) only.
      Json routed = Json::array();
      std::set<int64_t> seen;
      for (const auto& r : project_.routes)
        if (r.module == m.name && seen.insert(r.port).second)
          for (const auto& p : m.ports)
            if (p.container == r.port && p.protocol == model::Protocol::Tcp)
              routed.push_back(k8s_port(p));
      if (!routed.empty()) {
        Json rule = Json::object();
        rule["edge"] = project_.targets.k8s.routes.edge_namespace;
        rule["ports"] = std::move(routed);
        ingress.push_back(std::move(rule));
      }
      Json pub = Json::array();
      for (const auto& p : m.ports)
        if (p.is_public()) pub.push_back(k8s_port(p));
      if (!pub.empty()) {
        Json rule = Json::object();
        rule["from"] = Json::array();  // any source
        rule["ports"] = std::move(pub);
        ingress.push_back(std::move(rule));
      }
    }
    Json egress = Json::array();
    for (const auto& name : m.peers()) {
      auto it = modules_.find(name);
      if (it == modules_.end() || it->second->ports.empty()) continue;
      Json rule = Json::object();
      Json peer = Json::object();
      peer["module"] = name;
      peer["selector"] = selector_of(name);
      Json to = Json::array();
      to.push_back(std::move(peer));
      rule["to"] = std::move(to);
      rule["cidr"] = nullptr;
      rule["ports"] = ports_of(*it->second);
      egress.push_back(std::move(rule));
    }
    // The module's egress allow-list: one rule per entry, to its block.
    for (const auto& e : m.egress) {
      Json rule = Json::object();
      rule["to"] = Json::array();
      rule["cidr"] = e.cidr.text();
      Json ports = Json::array();
      for (int64_t port : e.ports)
        ports.push_back({{"port", port}, {"protocol", e.protocol == model::Protocol::Udp ? "UDP" : "TCP"}});
      rule["ports"] = std::move(ports);
      egress.push_back(std::move(rule));
    }
    Json out = Json::object();
    out["ingress"] = std::move(ingress);
    out["egress"] = std::move(egress);
    return out;
  }

  // Routes (issue 21), one object per host in order of first route: an
  // Ingress or an HTTPRoute holding every path of that host (a host has one
  // TLS setting, rule routes), and the settings both read.
  Json routes() const {
    const model::K8sRoutes& r = project_.targets.k8s.routes;
    Json hosts = Json::array();
    std::map<std::string, size_t> index;
    for (const auto& route : project_.routes) {
      auto [it, fresh] = index.emplace(route.host, hosts.size());
      if (fresh) {
        Json h = Json::object();
        h["name"] = route.host;  // a DNS name is an object name
        h["host"] = route.host;
        h["labels"] = project_labels(name_);
        h["tls"] = route.tls ? Json{{"secret", route.tls->secret},
                                    {"issuer", route.tls->issuer ? Json(route.tls->name)
                                                                 : Json(nullptr)}}
                             : Json(nullptr);
        h["paths"] = Json::array();
        hosts.push_back(std::move(h));
      }
      Json p = Json::object();
      p["path"] = route.path;
      p["service"] = route.module;  // every module with a port has its Service
      p["port"] = route.port;
      hosts[it->second]["paths"].push_back(std::move(p));
    }
    Json out = Json::object();
    out["api"] = model::spelled(r.api);
    out["class"] = r.class_ ? Json(*r.class_) : Json(nullptr);
    out["gateway"] = r.gateway;
    out["gateway_namespace"] = r.gateway_namespace;
    out["edge_namespace"] = r.edge_namespace;
    out["hosts"] = std::move(hosts);
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

  const model::Project& project_;
  std::map<std::string, std::vector<const Module*>> dependents_;  // in spec order
  std::string name_;  // the project's
  std::map<std::string, const Module*> modules_;
  std::unordered_map<const Module*, Workload> kinds_;  // model::workload_of by module
  std::unordered_map<const Module*, Json> ports_;      // k8s_ports by module
  std::unordered_map<std::string, Json> selectors_;    // selector_labels by module name
  std::vector<K8sClaim> claims_;
  std::unordered_map<std::string, size_t> claim_index_;  // name -> position in claims_
};

struct LazyK8sModel::Impl {
  explicit Impl(const model::Project& project) : builder(project) {}
  K8sModelBuilder builder;
  std::mutex building;    // the builder's caches are not for two threads at once
  LazyJsonPool pool{0, 2};  // a module's files render one after another
  std::vector<const LazyJson*> entries;  // by module index; null: no entry
  LazyJsonPool overlays{0, 1};  // one overlay's file at a time
  Json model;
};

LazyK8sModel::LazyK8sModel(const model::Project& project) : impl_(std::make_unique<Impl>(project)) {
  Impl& in = *impl_;
  in.entries.resize(project.modules.size());
  for (size_t i = 0; i < project.modules.size(); ++i) {
    const Module& m = project.modules[i];
    if (!in.builder.runs(m)) continue;
    in.entries[i] = &in.pool.add([&in, &m] {
      std::lock_guard<std::mutex> lock(in.building);
      return in.builder.module(m);
    });
  }
  auto fill_modules = [&](Json& modules) {
    for (size_t i = 0; i < project.modules.size(); ++i)
      if (in.entries[i]) append_unique(modules, project.modules[i].name, json_lazy(*in.entries[i]));
  };
  auto fill_overlays = [&](Json& overlays) {
    // overlay() reads only what the constructor worked out: no lock.
    for (size_t pi = 0; pi < project.profiles.size(); ++pi)
      overlays.push_back(json_lazy(in.overlays.add([&in, pi] { return in.builder.overlay(pi); })));
  };
  in.model = in.builder.build(fill_modules, fill_overlays);
}

LazyK8sModel::~LazyK8sModel() = default;

const Json& LazyK8sModel::model() const { return impl_->model; }

const LazyJson* LazyK8sModel::entry(size_t module) const { return impl_->entries[module]; }

Json k8s_model(const model::Project& project) {
  return json_materialized(LazyK8sModel(project).model());
}

}  // namespace gen::render
