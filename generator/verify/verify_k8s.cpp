// Post-conditions of the Kubernetes target, checked on the rendered
// manifests (whatever template produced them): every pod template meets the
// restricted Pod Security Standard with the module's user; secrets come only
// by secretKeyRef and no Secret object is ever written; image, grace period,
// probes, resources and pull secrets are the spec's; the namespace enforces
// the restricted profile and a default-deny NetworkPolicy exists.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "render/k8s_model.h"
#include "verify/artifact.h"
#include "verify/k8s_pod_security.h"
#include "verify/verifiers.h"
#include "verify/yaml_doc.h"

namespace gen::verify {

namespace {

using yaml::Node;

struct Object {
  std::string path;
  const OutputFile* file;
  const Node* node;
  std::string kind;
  std::string name;
};

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool plain(const Node* n, const std::string& text) {
  return n && n->is_scalar() && !n->quoted && n->value == text;
}

const Node* at(const Node* n, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    if (!n || !n->is_mapping()) return nullptr;
    n = n->find(k);
  }
  return n;
}

// The pod spec of a workload object, or nullptr for kinds without one.
const Node* pod_spec(const Object& o, bool& is_workload) {
  is_workload = true;
  if (o.kind == "Pod") return at(o.node, {"spec"});
  if (o.kind == "CronJob") return at(o.node, {"spec", "jobTemplate", "spec", "template", "spec"});
  if (o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet" ||
      o.kind == "ReplicaSet" || o.kind == "Job" || o.kind == "ReplicationController")
    return at(o.node, {"spec", "template", "spec"});
  is_workload = false;
  return nullptr;
}

class K8sVerifier {
 public:
  K8sVerifier(const FileSet& files, const Json& ctx, Diagnostics& diags)
      : files_(files), ctx_(ctx), diags_(diags) {}

  // One pass: each file is parsed, its objects checked, and its tree
  // dropped before the next (only a few flags cross files), so memory stays
  // at one file's tree however large the project.
  void run() {
    for (const auto& m : ctx_.at("modules"))
      if (!render::k8s_workload_kind(m).empty()) modules_[m.at("name").get<std::string>()] = &m;
    for (const auto& [path, file] : files_) {
      if (!starts_with(path, "k8s/") || !(ends_with(path, ".yaml") || ends_with(path, ".yml")))
        continue;
      if (!anchor_ || path == "k8s/base/kustomization.yaml") anchor_path_ = path, anchor_ = &file;
      auto docs = parse_yaml_artifact(path, file, diags_);
      if (!docs) continue;
      for (const auto& doc : *docs) {
        if (!doc.is_mapping()) continue;
        Object o{path, &file, &doc, scalar(doc.find("kind")),
                 scalar(at(&doc, {"metadata", "name"}))};
        if (!o.kind.empty()) check_object(o);
      }
    }
    if (!anchor_) return;  // the target rendered nothing to check
    for (const auto& [name, module] : modules_)
      if (!has_workload_.count(name))
        anchor_error("k8s-workload", "module " + name + " has no " +
                                         render::k8s_workload_kind(*module) +
                                         " in the Kubernetes output");
    if (!namespace_seen_)
      anchor_error("k8s-namespace-pss",
                   "no Namespace with label pod-security.kubernetes.io/enforce: restricted in "
                   "the Kubernetes output");
    if (!default_deny_)
      anchor_error("k8s-network-policy",
                   "no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and "
                   "Egress, no rules) in the Kubernetes output");
  }

 private:
  void check_object(const Object& o) {
    bool workload = false;
    const Node* spec = pod_spec(o, workload);
    if (workload) {
      auto it = modules_.find(o.name);
      const Json* module = it == modules_.end() ? nullptr : it->second;
      PodTemplate pod{o.path, o.file, o.kind + " " + o.name, spec, o.node};
      check_pod_security(pod, module, diags_);
      if (module && spec && spec->is_mapping()) {
        has_workload_.insert(o.name);
        check_workload(o, *spec, *module);
      }
    } else if (o.kind == "Secret") {
      error("k8s-no-secrets", o, o.node->find("kind"),
            "Secret " + o.name +
                ": gen never writes secret values; pods read Secrets the "
                "operator creates, by secretKeyRef");
    } else if (o.kind == "ServiceAccount") {
      const Node* v = o.node->find("automountServiceAccountToken");
      if (!plain(v, "false"))
        error("k8s-service-account-token", o, v ? v : o.node,
              "ServiceAccount " + o.name +
                  ": automountServiceAccountToken must be false "
                  "(no module talks to the Kubernetes API)");
    } else if (o.kind == "Namespace") {
      namespace_seen_ = true;
      const Node* v = at(o.node, {"metadata", "labels", "pod-security.kubernetes.io/enforce"});
      // The highest level a module's waivers imply (restricted without waivers).
      PodSecurityLevel level = PodSecurityLevel::Restricted;
      for (const auto& [name, module] : modules_) level = std::max(level, pod_security_level(*module));
      const std::string want = pod_security_name(level);
      if (!plain(v, want.c_str()))
        error("k8s-namespace-pss", o, v ? v : at(o.node, {"metadata"}),
              "Namespace " + o.name + ": label pod-security.kubernetes.io/enforce must be " +
                  want + ", so the cluster refuses pods that weaken the profile");
    } else if (o.kind == "NetworkPolicy") {
      if (is_default_deny(*o.node)) default_deny_ = true;
    }
  }

  Diagnostic& error(const std::string& rule, const Object& o, const Node* where,
                    std::string message) {
    const Node* n = where ? where : o.node;
    return artifact_error(diags_, rule, o.path, *o.file, n->loc.line, n->loc.column,
                          std::move(message));
  }

  void anchor_error(const std::string& rule, std::string message) {
    artifact_error(diags_, rule, anchor_path_, *anchor_, 0, 0, std::move(message));
  }

  static bool is_default_deny(const Node& np) {
    const Node* spec = np.find("spec");
    if (!spec || !spec->is_mapping()) return false;
    const Node* sel = spec->find("podSelector");
    if (!sel || !(sel->is_null() || (sel->is_mapping() && sel->entries.empty()))) return false;
    const Node* types = spec->find("policyTypes");
    bool in = false, out = false;
    if (types && types->is_sequence())
      for (const auto& t : types->items) {
        in = in || t.value == "Ingress";
        out = out || t.value == "Egress";
      }
    auto empty = [&](const char* k) {
      const Node* r = spec->find(k);
      return !r || r->is_null() || (r->is_sequence() && r->items.empty());
    };
    return in && out && empty("ingress") && empty("egress");
  }

  // The module's container: the one named after it, else the first.
  static const Node* main_container(const Node& spec, const std::string& name) {
    const Node* cs = spec.find("containers");
    if (!cs || !cs->is_sequence() || cs->items.empty()) return nullptr;
    for (const auto& c : cs->items)
      if (c.is_mapping() && scalar(c.find("name")) == name) return &c;
    return &cs->items.front();
  }

  void check_workload(const Object& o, const Node& spec, const Json& m) {
    std::string subject = o.kind + " " + o.name;
    std::string expected = render::k8s_workload_kind(m);
    if (o.kind != expected)
      error("k8s-workload", o, o.node->find("kind"),
            subject + ": module " + o.name + " runs as a " + expected +
                (expected == "StatefulSet" ? " (it has state)" : ""));

    int64_t grace = m.at("stop").at("grace_seconds").get<int64_t>();
    const Node* g = spec.find("terminationGracePeriodSeconds");
    if (!plain(g, std::to_string(grace)))
      error("k8s-grace-period", o, g ? g : &spec,
            subject + ": terminationGracePeriodSeconds is " + (g ? scalar(g) : "missing") +
                "; the module's stop grace period is " + std::to_string(grace) + "s");

    check_pull_secrets(o, spec, subject);

    const Node* c = main_container(spec, o.name);
    if (!c) {
      error("k8s-workload", o, &spec, subject + ": no container");
      return;
    }
    const Node* image = c->find("image");
    std::string ref = m.at("image").at("ref").get<std::string>();
    if (scalar(image) != ref)
      error(
          "k8s-image", o, image ? image : c,
          subject + ": image is " + (image ? scalar(image) : "missing") + "; the spec's is " + ref);
    check_env(o, *c, m, subject);
    check_argv(o, *c, m.at("entrypoint"), "command", subject);
    check_argv(o, *c, m.at("command"), "args", subject);
    check_probes(o, *c, m, subject);
    check_resources(o, *c, m, subject);
    check_config_files(o, spec, m, subject);
  }

  void check_pull_secrets(const Object& o, const Node& spec, const std::string& subject) {
    const Json& want = ctx_.at("targets").at("k8s").value("pull_secrets", Json::array());
    const Node* list = spec.find("imagePullSecrets");
    for (const auto& s : want) {
      bool found = false;
      if (list && list->is_sequence())
        for (const auto& e : list->items)
          found = found || scalar(e.find("name")) == s.get<std::string>();
      if (!found)
        error("k8s-pull-secrets", o, list ? list : &spec,
              subject + ": imagePullSecrets does not name " + s.get<std::string>() +
                  " (targets.k8s.pull_secrets)");
    }
  }

  // Secrets only by secretKeyRef to the Secret and key the context names.
  void check_env(const Object& o, const Node& c, const Json& m, const std::string& subject) {
    const Node* env = c.find("env");
    for (const auto& e : m.at("env")) {
      if (e.value("kind", "") != "secret") continue;
      std::string name = e.at("name").get<std::string>();
      const Node* entry = nullptr;
      if (env && env->is_sequence())
        for (const auto& item : env->items)
          if (item.is_mapping() && scalar(item.find("name")) == name) entry = &item;
      std::string sname = e.at("secret").at("name").get<std::string>();
      std::string skey = e.at("secret").at("key").get<std::string>();
      std::string want = "valueFrom.secretKeyRef {name: " + sname + ", key: " + skey + "}";
      if (!entry) {
        error("k8s-secret-ref", o, env ? env : &c,
              subject + ": secret " + name + " is not passed; it must come from " + want);
        continue;
      }
      if (const Node* v = entry->find("value")) {
        error("k8s-secret-ref", o, v,
              subject + ": secret " + name + " has a literal value; it must come from " + want);
        continue;
      }
      const Node* ref = at(entry, {"valueFrom", "secretKeyRef"});
      if (!ref || scalar(ref->find("name")) != sname || scalar(ref->find("key")) != skey)
        error("k8s-secret-ref", o, ref ? ref : entry,
              subject + ": secret " + name + " must come from " + want);
    }
  }

  // The container's command or args as the kubelet passes them: Kubernetes
  // expands $(VAR) there and reads $$ as $, where compose and Quadlet pass
  // the text as is; every word must reach the container exactly as the
  // spec wrote it (templates escape with k8s_arg).
  void check_argv(const Object& o, const Node& c, const Json& want, const char* key,
                  const std::string& subject) {
    const Node* list = c.find(key);
    if (!want.is_array() || !list) return;  // absent: the image's own (not checked here)
    if (!list->is_sequence() || list->items.size() != want.size()) {
      error("k8s-argv", o, list ? list : &c,
            subject + ": " + key + " does not hold the spec's " + std::to_string(want.size()) +
                " words");
      return;
    }
    for (size_t i = 0; i < want.size(); ++i) {
      const std::string& text = list->items[i].value;
      std::string passed;
      bool expands = false;
      for (size_t j = 0; j < text.size(); ++j) {
        if (text[j] == '$' && j + 1 < text.size() && text[j + 1] == '$') {
          passed += '$';
          ++j;
        } else {
          if (text[j] == '$' && j + 1 < text.size() && text[j + 1] == '(') expands = true;
          passed += text[j];
        }
      }
      std::string spec_word = want[i].is_string() ? want[i].get<std::string>() : want[i].dump();
      if (expands || passed != spec_word)
        error("k8s-argv", o, &list->items[i],
              subject + ": " + key + " word " + std::to_string(i + 1) + " reaches the container as " +
                  (expands ? "an expansion of $(...)" : "'" + passed + "'") + "; the spec's is '" +
                  spec_word + "' (write $$( for a literal $( )");
    }
  }

  void check_probes(const Object& o, const Node& c, const Json& m, const std::string& subject) {
    const Json& h = m.at("health");
    if (h.is_null()) return;
    for (const char* kind : {"liveness", "readiness", "startup"}) {
      const Json& probe = h.at(kind);
      if (probe.is_null()) continue;
      std::string key = std::string(kind) + "Probe";
      const Node* p = c.find(key);
      std::string type = probe.at("type").get<std::string>();
      std::string want = type == "http" ? "httpGet " + probe.at("path").get<std::string>() +
                                              " on port " + probe.at("port").dump()
                         : type == "tcp" ? "tcpSocket on port " + probe.at("port").dump()
                                         : "exec " + probe.at("command").dump();
      if (!p) {
        error("k8s-probes", o, &c, subject + ": " + key + " is missing; the spec's is " + want);
        continue;
      }
      bool ok = false;
      if (type == "http") {
        const Node* g = p->find("httpGet");
        ok = g && scalar(g->find("path")) == probe.at("path").get<std::string>() &&
             scalar(g->find("port")) == probe.at("port").dump();
      } else if (type == "tcp") {
        const Node* t = p->find("tcpSocket");
        ok = t && scalar(t->find("port")) == probe.at("port").dump();
      } else {
        const Node* cmd = at(p, {"exec", "command"});
        ok = cmd && cmd->is_sequence() && cmd->items.size() == probe.at("command").size();
        for (size_t i = 0; ok && i < cmd->items.size(); ++i)
          ok = cmd->items[i].value == probe.at("command")[i].get<std::string>();
      }
      if (!ok) error("k8s-probes", o, p, subject + ": " + key + " is not the spec's " + want);
    }
  }

  void check_resources(const Object& o, const Node& c, const Json& m, const std::string& subject) {
    const Json& r = m.at("resources");
    if (r.is_null()) return;
    for (const char* res : {"cpu", "memory"}) {
      if (!r.contains(res) || r.at(res).is_null()) continue;
      for (auto [field, k8s] :
           {std::pair<const char*, const char*>{"request", "requests"}, {"limit", "limits"}}) {
        const Json& v = r.at(res).value(field, Json(nullptr));
        if (!v.is_string()) continue;
        const Node* have = at(&c, {"resources", k8s, res});
        if (scalar(have) != v.get<std::string>())
          error("k8s-resources", o, have ? have : &c,
                subject + ": resources." + k8s + "." + res + " is " +
                    (have ? scalar(have) : "missing") + "; the spec's is " + v.get<std::string>());
      }
    }
  }

  // A config file gen could not read leaves its ConfigMap to the operator.
  void check_config_files(const Object& o, const Node& spec, const Json& m,
                          const std::string& subject) {
    const Json* contents = nullptr;
    if (auto it = ctx_.find("config_files"); it != ctx_.end() && it->is_object()) contents = &*it;
    for (const auto& mt : m.at("mounts")) {
      if (mt.value("type", "") != "config" || !mt.at("host").is_object()) continue;
      std::string path = mt.at("host").value("path", "");
      if (contents && contents->contains(path) && contents->at(path).is_string()) continue;
      const Node* where = &spec;
      if (const Node* vols = spec.find("volumes"); vols && vols->is_sequence())
        for (const auto& v : vols->items)
          if (scalar(v.find("name")) == mt.value("name", "")) where = &v;
      auto& d = artifact_warning(
          diags_, "k8s-config-file", o.path, *o.file, where->loc.line, where->loc.column,
          subject + ": config file " + path +
              " (relative to the spec) could not be read, so "
              "ConfigMap " +
              o.name + "-files is not generated; create it before deploying");
      d.help = "add the file beside the spec and run gen again";
    }
  }

  const FileSet& files_;
  const Json& ctx_;
  Diagnostics& diags_;
  std::set<std::string> has_workload_;  // module names with a checked workload
  bool namespace_seen_ = false;
  bool default_deny_ = false;
  std::map<std::string, const Json*> modules_;
  std::string anchor_path_;
  const OutputFile* anchor_ = nullptr;
};

}  // namespace

void verify_k8s(const FileSet& files, const Json& context, Diagnostics& diags) {
  K8sVerifier(files, context, diags).run();
}

}  // namespace gen::verify
