// Post-conditions of the Kubernetes target, checked on the rendered
// manifests (whatever template produced them): every pod template meets the
// restricted Pod Security Standard with the module's user; secrets come only
// by secretKeyRef and no Secret object is ever written; image, grace period,
// probes, resources and pull secrets are the spec's; the namespace enforces
// the restricted profile and a default-deny NetworkPolicy exists.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <vector>

#include "model/volume_claim.h"
#include "model/workload.h"
#include "verify/artifact.h"
#include "verify/k8s_pod_security.h"
#include "verify/verifiers.h"
#include "verify/yaml_doc.h"

namespace gen::verify {

namespace {

using model::Module;
using model::Workload;
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

// The pod template's metadata of a workload object (a CronJob's is under
// its jobTemplate), or nullptr.
const Node* pod_metadata(const Object& o) {
  if (o.kind == "Pod") return at(o.node, {"metadata"});
  if (o.kind == "CronJob") return at(o.node, {"spec", "jobTemplate", "spec", "template", "metadata"});
  return at(o.node, {"spec", "template", "metadata"});
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

using Labels = std::map<std::string, std::string>;

// What the autoscaling check needs of a HorizontalPodAutoscaler or a
// PodDisruptionBudget, kept after its file's tree is dropped ("" when unset).
struct ScalingFacts {
  std::string path;
  const OutputFile* file = nullptr;
  int line = 0, column = 0;
  std::string target_api, target_kind, target_name, min, max;
  std::map<std::string, std::string> metrics;  // "Resource:cpu" -> "Utilization/<percent>"
  std::string min_available, max_unavailable;
  Labels selector;
};

// One rule of a NetworkPolicy: the peers' pod selectors and the ports.
struct PolicyRule {
  std::vector<Labels> peers;
  std::vector<Labels> namespaces;  // namespaceSelector matchLabels of peers that have one
  std::set<std::string> ports;
  // For the egress allow-list check: the ipBlock CIDRs as written, the
  // ports as "<PROTOCOL>/<port>", and where the rule opens more than pods
  // of this namespace or blocks (no `to`, an empty one, a namespace selector).
  std::vector<std::string> blocks;
  std::set<std::string> typed_ports;
  bool all_ports = false;
  std::string wider;  // what it opens beyond pods and blocks, "" for nothing
  int line = 0, column = 0;
};

// What the connection check needs of a NetworkPolicy, kept after its file's
// tree is dropped.
// What the alias check needs of a Service.
struct ServiceFacts {
  std::string path;
  const OutputFile* file = nullptr;
  int line = 0, column = 0;
  std::map<std::string, std::string> selector;
  std::set<std::string> ports;
};

struct PolicyFacts {
  std::string path;
  const OutputFile* file = nullptr;
  int line = 0, column = 0;
  std::vector<PolicyRule> ingress, egress;
};

Labels labels_of(const Node* n) {
  Labels out;
  if (n && n->is_mapping())
    for (const auto& e : n->entries) out[e.key.value] = scalar(&e.value);
  return out;
}

// The rules under `key` (ingress: from, egress: to) of a policy's spec.
std::vector<PolicyRule> policy_rules(const Node* spec, const char* key, const char* peers) {
  std::vector<PolicyRule> out;
  const Node* rules = spec ? spec->find(key) : nullptr;
  if (!rules || !rules->is_sequence()) return out;
  for (const auto& r : rules->items) {
    PolicyRule rule;
    rule.line = r.loc.line;
    rule.column = r.loc.column;
    const Node* ps = r.is_mapping() ? r.find(peers) : nullptr;
    if (!ps || ps->is_null() || (ps->is_sequence() && ps->items.empty()))
      rule.wider = "every destination (no `" + std::string(peers) + "`)";
    if (ps && ps->is_sequence())
      for (const auto& peer : ps->items) {
        const Node* sel = peer.is_mapping() ? peer.find("podSelector") : nullptr;
        const Node* block = peer.is_mapping() ? at(&peer, {"ipBlock", "cidr"}) : nullptr;
        if (sel) rule.peers.push_back(labels_of(sel->find("matchLabels")));
        if (block) rule.blocks.push_back(scalar(block));
        const Node* ns = peer.is_mapping() ? peer.find("namespaceSelector") : nullptr;
        // An ingress rule from the edge's namespace (routes); in an egress
        // rule, a way out to other namespaces' pods.
        if (ns) rule.namespaces.push_back(labels_of(ns->find("matchLabels")));
        if (ns)
          rule.wider = "pods of other namespaces (namespaceSelector)";
        else if (!sel && !block)
          rule.wider = "a peer that is neither a pod selector nor an ipBlock";
      }
    const Node* ports = r.is_mapping() ? r.find("ports") : nullptr;
    rule.all_ports = !ports || ports->is_null() || (ports->is_sequence() && ports->items.empty());
    if (ports && ports->is_sequence())
      for (const auto& port : ports->items) {
        rule.ports.insert(scalar(port.find("port")));
        std::string protocol = port.find("protocol") ? scalar(port.find("protocol")) : "TCP";
        rule.typed_ports.insert(protocol + "/" + scalar(port.find("port")));
      }
    out.push_back(std::move(rule));
  }
  return out;
}

// A command as the spec's JSON array spells it in messages: ["a","b"].
std::string words(const std::vector<std::string>& argv) {
  return nlohmann::json(argv).dump();
}

class K8sVerifier {
 public:
  K8sVerifier(const FileSet& files, const model::Project& project, Diagnostics& diags)
      : files_(files), project_(project), diags_(diags) {}

  // One pass: each file is parsed, its objects checked, and its tree
  // dropped before the next (only a few flags cross files), so memory stays
  // at one file's tree however large the project.
  void run() {
    for (const auto& m : project_.modules)
      if (model::workload_of(m) != Workload::None) modules_[m.name] = &m;
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
                                         model::spelled(model::workload_of(*module)) +
                                         " in the Kubernetes output");
    if (!namespace_seen_)
      anchor_error("k8s-namespace-pss",
                   "no Namespace with label pod-security.kubernetes.io/enforce: restricted in "
                   "the Kubernetes output");
    if (!default_deny_)
      anchor_error("k8s-network-policy",
                   "no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and "
                   "Egress, no rules) in the Kubernetes output");
    check_connections();
    for (const auto& [name, module] : modules_)
      if (expected_public_ports(*module).size() && !public_services_.count(name + "-public"))
        anchor_error("k8s-service-exposure",
                     "module " + name + " has public ports and targets.k8s.expose is " +
                         model::spelled(project_.targets.k8s.expose) + ", but no Service " + name +
                         "-public of that type in the Kubernetes output");
    check_alias_services();
    check_routes();
    check_egress();
    check_autoscaling();
  }

  // Each name a module with ports is reached by (hostname, aliases) is a
  // Service of that name selecting the module's pods on every port.
  void check_alias_services() {
    for (const auto& [name, module] : modules_) {
      if (module->ports.empty()) continue;
      auto pods = pod_labels_.find(name);
      if (pods == pod_labels_.end()) continue;  // k8s-workload
      for (const auto& alias : module->aliases) {
        auto svc = services_.find(alias);
        if (svc == services_.end()) {
          anchor_error("k8s-host-aliases", "no Service " + alias +
                                               " in the Kubernetes output: module " + name +
                                               " is reached by that name (hostname or aliases)");
          continue;
        }
        const ServiceFacts& f = svc->second;
        bool selects = !f.selector.empty();
        for (const auto& [k, v] : f.selector) {
          auto it = pods->second.find(k);
          selects = selects && it != pods->second.end() && it->second == v;
        }
        std::string missing;
        for (const auto& p : module->ports)
          if (!f.ports.count(std::to_string(p.container)))
            missing += (missing.empty() ? "" : ", ") + std::to_string(p.container);
        if (!selects || !missing.empty())
          artifact_error(diags_, "k8s-host-aliases", f.path, *f.file, f.line, f.column,
                         "Service " + alias + ": " +
                             (!selects ? "does not select the pods of module " + name
                                       : "lacks port " + missing + " of module " + name) +
                             ", which the spec reaches by this name");
      }
    }
  }

  // Autoscaling (issue 21): an autoscaled module has a HorizontalPodAutoscaler
  // on its own workload with the spec's bounds and targets, and no other
  // module one; a module's PodDisruptionBudget selects its pods and, when
  // autoscaled, keeps fewer than the minimum available.
  void check_autoscaling() {
    auto fail = [&](const ScalingFacts& f, std::string message, std::string help) {
      artifact_error(diags_, "autoscale-output", f.path, *f.file, f.line, f.column,
                     std::move(message))
          .help = std::move(help);
    };
    for (const auto& [name, module] : modules_) {
      auto hpa = autoscalers_.find(name);
      if (!module->autoscale) {
        if (hpa != autoscalers_.end())
          fail(hpa->second, "HorizontalPodAutoscaler " + name + ": the spec gives module " +
                                name + " a fixed count of replicas",
               "only `replicas: {min, max, ...}` is autoscaled");
        continue;
      }
      const model::Autoscale& a = *module->autoscale;
      if (hpa == autoscalers_.end()) {
        anchor_error("autoscale-output", "module " + name +
                                             " is autoscaled but has no HorizontalPodAutoscaler "
                                             "in the Kubernetes output");
        continue;
      }
      const ScalingFacts& f = hpa->second;
      auto kind = workload_kind_.find(name);
      if (f.target_api != "apps/v1" || kind == workload_kind_.end() ||
          f.target_kind != kind->second || f.target_name != name)
        fail(f, "HorizontalPodAutoscaler " + name + " scales " + f.target_api + " " +
                    f.target_kind + " " + f.target_name + ", not the module's workload",
             "scaleTargetRef: {apiVersion: apps/v1, kind: <its workload>, name: " + name + "}");
      if (f.min != std::to_string(a.min) || f.max != std::to_string(a.max))
        fail(f, "HorizontalPodAutoscaler " + name + " scales from " + f.min + " to " + f.max +
                    "; the spec says " + std::to_string(a.min) + " to " + std::to_string(a.max),
             "minReplicas and maxReplicas are the spec's min and max");
      std::map<std::string, std::string> want;
      if (a.cpu) want["Resource:cpu"] = "Utilization/" + std::to_string(*a.cpu);
      if (a.memory) want["Resource:memory"] = "Utilization/" + std::to_string(*a.memory);
      if (f.metrics != want)
        fail(f, "HorizontalPodAutoscaler " + name + " scales on other metrics than the spec's "
                    "cpu and memory targets",
             "one Resource metric per target, type Utilization, averageUtilization the percent");
    }
    for (const auto& [name, f] : budgets_) {
      auto module = modules_.find(name);
      if (module == modules_.end()) continue;
      if (!selects_pods_of(f.selector, name))
        fail(f, "PodDisruptionBudget " + name + " does not select the pods of module " + name,
             "selector.matchLabels: the workload's selector");
      const auto& a = module->second->autoscale;
      if (a && !f.min_available.empty() && f.min_available != "0" &&
          !(is_number(f.min_available) && std::stoll(f.min_available) < a->min))
        fail(f, "PodDisruptionBudget " + name + " keeps " + f.min_available +
                    " pods available; with an autoscaled minimum of " + std::to_string(a->min) +
                    " a drain could never proceed",
             "minAvailable below the autoscaler's minReplicas, or maxUnavailable: 1");
    }
  }

  static bool is_number(const std::string& s) {
    return !s.empty() && s.size() < 10 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  }

  // A module's NetworkPolicy lets out exactly what the spec says: pods of
  // its depends_on/talks_to peers, and one rule per egress entry to that
  // block on those ports; no other policy widens egress (allow-dns: the
  // cluster DNS on port 53 only). Missing peer rules: k8s-network-peers.
  void check_egress() {
    for (const auto& policy : policies_) {
      // Named references, not structured bindings: a lambda captures them.
      const std::string& name = policy.first;
      const PolicyFacts& facts = policy.second;
      auto owner = modules_.find(name);
      for (const auto& rule : facts.egress) {
        auto fail = [&](const std::string& what) {
          artifact_error(diags_, "egress-output", facts.path, *facts.file, rule.line, rule.column,
                         "NetworkPolicy " + name + ": an egress rule " + what)
              .help = "egress goes to the spec's peers and egress allow-list only (DNS: allow-dns)";
        };
        if (name == "allow-dns") {
          bool dns = rule.wider.empty() || rule.wider.rfind("pods of other", 0) == 0;
          for (const auto& p : rule.typed_ports) dns &= p == "UDP/53" || p == "TCP/53";
          if (!dns || rule.all_ports || !rule.blocks.empty())
            fail("reaches more than the cluster DNS on port 53");
          continue;
        }
        if (owner == modules_.end()) {
          fail("is not the spec's: only a module's own policy (and allow-dns) lets traffic out");
          continue;
        }
        const Module& m = *owner->second;
        if (!rule.wider.empty()) fail("reaches " + rule.wider);
        // A peer without its workload is k8s-workload's finding: its pods
        // are unknown here.
        bool peers_known = true;
        for (const auto& p : m.peers())
          if (modules_.count(p) && !pod_labels_.count(p)) peers_known = false;
        for (const auto& sel : rule.peers) {
          bool peer = false;
          for (const auto& p : m.peers()) peer |= selects_pods_of(sel, p);
          if (!peer && peers_known) fail("reaches pods of no module " + m.name + " connects to");
        }
        for (const auto& text : rule.blocks) {
          values::Cidr::Result block = values::Cidr::parse(text);
          const model::Egress* entry = nullptr;
          if (block.cidr)
            for (const auto& e : m.egress)
              if (e.cidr == *block.cidr && typed_ports(e) == rule.typed_ports &&
                  e.ports.empty() == rule.all_ports)
                entry = &e;
          if (!entry)
            fail("reaches " + text + " on " + (rule.all_ports ? "every port" : joined(rule.typed_ports)) +
                 ", which module " + m.name + "'s egress does not name");
        }
      }
      if (owner == modules_.end()) continue;
      // Every entry of the allow-list has its rule.
      for (const auto& e : owner->second->egress) {
        bool found = false;
        for (const auto& rule : facts.egress)
          for (const auto& text : rule.blocks) {
            values::Cidr::Result block = values::Cidr::parse(text);
            found |= block.cidr && *block.cidr == e.cidr && rule.wider.empty() &&
                     typed_ports(e) == rule.typed_ports && e.ports.empty() == rule.all_ports;
          }
        if (!found)
          artifact_error(diags_, "egress-output", facts.path, *facts.file, facts.line, facts.column,
                         "NetworkPolicy " + name + ": no egress rule to " + e.cidr.text() + " on " +
                             (e.ports.empty() ? std::string("every port") : joined(typed_ports(e))) +
                             ", which the spec allows (egress)")
              .help = "each egress entry is one rule: an ipBlock with its cidr and its ports";
      }
    }
  }

  // ---- routes (issue 21): every route of the spec is in an Ingress or
  // HTTPRoute of the project's chosen API, to its module's Service and port
  // with the host's TLS; no routing object sends requests elsewhere; each
  // routed module's NetworkPolicy admits the edge's namespace to the routed
  // port, and no namespace but the edge's anywhere.
  struct RouteSeen {
    std::string kind, service, port, path;  // where it sends (host, path)
    std::string tls_secret, issuer, parent;  // Ingress: tls, annotation; HTTPRoute: Gateway
    const OutputFile* file;
    int line, column;
  };

  void collect_route(const Object& o) {
    auto add = [&](const std::string& host, const std::string& path, const Node* backend,
                   std::string service, std::string port, std::string tls, std::string issuer,
                   std::string parent) {
      RouteSeen r{o.kind,          std::move(service), std::move(port),   o.path,
                  std::move(tls),  std::move(issuer),  std::move(parent), o.file,
                  backend->loc.line, backend->loc.column};
      routes_seen_.emplace(std::make_pair(host, path), std::move(r));
    };
    const Node* spec = o.node->find("spec");
    if (!spec || !spec->is_mapping()) return;
    if (o.kind == "Ingress") {
      std::map<std::string, std::string> tls;
      if (const Node* t = spec->find("tls"); t && t->is_sequence())
        for (const auto& item : t->items)
          if (const Node* hosts = item.find("hosts"); hosts && hosts->is_sequence())
            for (const auto& h : hosts->items) tls[h.value] = scalar(item.find("secretName"));
      std::string issuer =
          scalar(at(o.node, {"metadata", "annotations", "cert-manager.io/cluster-issuer"}));
      if (const Node* rules = spec->find("rules"); rules && rules->is_sequence())
        for (const auto& rule : rules->items) {
          std::string host = scalar(rule.find("host"));
          const Node* paths = at(&rule, {"http", "paths"});
          if (!paths || !paths->is_sequence()) continue;
          for (const auto& p : paths->items) {
            const Node* svc = at(&p, {"backend", "service"});
            std::string type = scalar(p.find("pathType"));
            add(host, type == "Prefix" ? scalar(p.find("path")) : type + " " + scalar(p.find("path")),
                svc ? svc : &p, scalar(svc ? svc->find("name") : nullptr),
                scalar(at(svc, {"port", "number"})), tls.count(host) ? tls[host] : "", issuer, "");
          }
        }
    } else {  // HTTPRoute
      std::string parent;
      if (const Node* refs = spec->find("parentRefs"); refs && refs->is_sequence())
        for (const auto& r : refs->items)
          parent += (parent.empty() ? "" : ",") + scalar(r.find("namespace")) + "/" +
                    scalar(r.find("name"));
      const Node* hostnames = spec->find("hostnames");
      const Node* rules = spec->find("rules");
      if (!hostnames || !hostnames->is_sequence() || !rules || !rules->is_sequence()) return;
      for (const auto& h : hostnames->items)
        for (const auto& rule : rules->items) {
          const Node* matches = rule.find("matches");
          const Node* backends = rule.find("backendRefs");
          if (!matches || !matches->is_sequence() || !backends || !backends->is_sequence())
            continue;
          for (const auto& m : matches->items) {
            std::string type = scalar(at(&m, {"path", "type"}));
            std::string path = scalar(at(&m, {"path", "value"}));
            for (const auto& b : backends->items)
              add(h.value, type == "PathPrefix" ? path : type + " " + path, &b,
                  scalar(b.find("name")), scalar(b.find("port")), "", "", parent);
          }
        }
    }
  }

  void check_routes() {
    const model::K8sRoutes& k = project_.targets.k8s.routes;
    const bool gateway = k.api == model::RouteApi::Gateway;
    const std::string kind = gateway ? "HTTPRoute" : "Ingress";
    std::set<std::pair<std::string, std::string>> wanted;
    for (const auto& r : project_.routes) {
      wanted.emplace(r.host, r.path);
      std::string subject = "route " + r.host + r.path + " (module " + r.module + ")";
      auto range = routes_seen_.equal_range({r.host, r.path});
      if (range.first == range.second) {
        anchor_error("route-output", subject + ": no " + kind + " routes it");
        continue;
      }
      for (auto it = range.first; it != range.second; ++it) {
        const RouteSeen& s = it->second;
        auto fail = [&](const std::string& what) {
          artifact_error(diags_, "route-output", s.path, *s.file, s.line, s.column,
                         subject + ": " + what);
        };
        if (s.kind != kind) fail("routed by a " + s.kind + "; the project uses " + kind);
        if (s.service != r.module || s.port != std::to_string(r.port))
          fail("sent to Service " + s.service + " port " + s.port + ", not " + r.module +
               " port " + std::to_string(r.port));
        if (gateway) {
          std::string want = k.gateway_namespace + "/" + k.gateway;
          if (s.parent != want) fail("attached to Gateway " + s.parent + ", not " + want);
        } else {
          std::string secret = r.tls ? r.tls->secret : "";
          if (s.tls_secret != secret)
            fail("TLS Secret " + (s.tls_secret.empty() ? "none" : s.tls_secret) + ", not " +
                 (secret.empty() ? "none" : secret));
          std::string issuer = r.tls && r.tls->issuer ? r.tls->name : "";
          if (s.issuer != issuer)
            fail("cert-manager issuer " + (s.issuer.empty() ? "none" : s.issuer) + ", not " +
                 (issuer.empty() ? "none" : issuer));
        }
      }
    }
    for (const auto& [key, s] : routes_seen_)
      if (!wanted.count(key))
        artifact_error(diags_, "route-output", s.path, *s.file, s.line, s.column,
                       s.kind + " routes " + key.first + key.second + " to Service " + s.service +
                           ", a route the spec does not have");
    // The edge, and only the edge, comes in from another namespace.
    const Labels edge{{"kubernetes.io/metadata.name", k.edge_namespace}};
    std::map<std::string, std::set<std::string>> routed;  // module -> ports
    for (const auto& r : project_.routes) routed[r.module].insert(std::to_string(r.port));
    for (const auto& [name, f] : policies_) {
      for (const auto& rule : f.ingress)
        for (const auto& ns : rule.namespaces)
          if (ns != edge)
            artifact_error(diags_, "route-output", f.path, *f.file, f.line, f.column,
                           "NetworkPolicy " + name + ": admits a namespace other than the "
                           "edge's (" + k.edge_namespace + ")");
      auto want = routed.find(name);
      if (want == routed.end()) {
        for (const auto& rule : f.ingress)
          if (!rule.namespaces.empty())
            artifact_error(diags_, "route-output", f.path, *f.file, f.line, f.column,
                           "NetworkPolicy " + name + ": admits the edge, but no route goes to " +
                               name);
        continue;
      }
      bool ok = false;
      for (const auto& rule : f.ingress) {
        bool from_edge = !rule.namespaces.empty();
        for (const auto& ns : rule.namespaces) from_edge &= ns == edge;
        bool all = true;
        for (const auto& p : want->second) all &= rule.ports.count(p) > 0;
        ok |= from_edge && rule.peers.empty() && all;
      }
      if (!ok)
        artifact_error(diags_, "route-output", f.path, *f.file, f.line, f.column,
                       "NetworkPolicy " + name + ": no ingress rule admits the edge (namespace " +
                           k.edge_namespace + ") to its routed ports");
    }
  }

  static std::set<std::string> typed_ports(const model::Egress& e) {
    std::set<std::string> out;
    for (int64_t p : e.ports)
      out.insert(std::string(e.protocol == model::Protocol::Udp ? "UDP/" : "TCP/") +
                 std::to_string(p));
    return out;
  }

  static std::string joined(const std::set<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
  }

  // Whether selector `sel` (non-empty) selects the pods of module `module`.
  bool selects_pods_of(const Labels& sel, const std::string& module) const {
    auto pods = pod_labels_.find(module);
    if (sel.empty() || pods == pod_labels_.end()) return false;
    for (const auto& [k, v] : sel) {
      auto it = pods->second.find(k);
      if (it == pods->second.end() || it->second != v) return false;
    }
    return true;
  }

  // Every connection of the spec (depends_on, talks_to) to a module with
  // ports passes both policies: the module's egress to the peer's pods and
  // the peer's ingress from the module's pods, each on every port of the peer.
  void check_connections() {
    for (const auto& [name, module] : modules_)
      for (const auto& peer_name : module->peers()) {
        auto peer = modules_.find(peer_name);
        if (peer == modules_.end() || peer->second->ports.empty()) continue;
        std::set<std::string> ports;
        for (const auto& p : peer->second->ports) ports.insert(std::to_string(p.container));
        check_rule(name, "egress", name, peer_name, ports);
        check_rule(peer_name, "ingress", name, peer_name, ports);
      }
  }

  // Policy `owner` has a rule of `way` whose peer selects the pods of the
  // other module and whose ports cover `ports`.
  void check_rule(const std::string& owner, const std::string& way, const std::string& from,
                  const std::string& to, const std::set<std::string>& ports) {
    auto policy = policies_.find(owner);
    auto other = pod_labels_.find(way == "egress" ? to : from);
    if (policy == policies_.end() || other == pod_labels_.end()) return;  // k8s-workload
    const PolicyFacts& f = policy->second;
    auto selects = [&](const Labels& sel) {
      if (sel.empty()) return false;
      for (const auto& [k, v] : sel) {
        auto it = other->second.find(k);
        if (it == other->second.end() || it->second != v) return false;
      }
      return true;
    };
    for (const auto& rule : way == "egress" ? f.egress : f.ingress) {
      bool peer = false;
      for (const auto& sel : rule.peers) peer |= selects(sel);
      bool all = true;
      for (const auto& p : ports) all &= rule.ports.count(p) > 0;
      if (peer && all) return;
    }
    auto& d = artifact_error(diags_, "k8s-network-peers", f.path, *f.file, f.line, f.column,
                             "NetworkPolicy " + owner + ": no " + way + " rule lets " + from +
                                 " reach " + to + " on its ports, which the spec connects (" +
                                 "depends_on or talks_to)");
    d.help = "the policy must admit the traffic the spec declares";
  }

 private:
  void check_object(const Object& o) {
    bool workload = false;
    const Node* spec = pod_spec(o, workload);
    if (workload) {
      auto it = modules_.find(o.name);
      const Module* module = it == modules_.end() ? nullptr : it->second;
      PodTemplate pod{o.path, o.file, o.kind + " " + o.name, spec, o.node};
      check_pod_security(pod, module, diags_);
      if (module && spec && spec->is_mapping()) {
        has_workload_.insert(o.name);
        const Node* meta = pod_metadata(o);
        pod_labels_[o.name] = labels_of(meta ? meta->find("labels") : nullptr);
        workload_kind_[o.name] = o.kind;
        check_labels(o, *module);
        check_workload(o, *spec, *module);
      }
    } else if (o.kind == "Service") {
      check_service(o);
      const Node* spec = o.node->find("spec");
      ServiceFacts f{o.path, o.file, o.node->loc.line, o.node->loc.column,
                     labels_of(spec ? spec->find("selector") : nullptr), {}};
      if (const Node* ports = spec ? spec->find("ports") : nullptr; ports && ports->is_sequence())
        for (const auto& port : ports->items) f.ports.insert(scalar(port.find("port")));
      services_[o.name] = std::move(f);
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
    } else if (o.kind == "ClusterRole" || o.kind == "ClusterRoleBinding") {
      // No module talks to the API (tokens are not mounted); a cluster-wide
      // grant would outlive the namespace and reach every other one.
      error("k8s-rbac", o, o.node->find("kind"),
            o.kind + " " + o.name + ": gen grants no cluster-wide permissions");
    } else if (o.kind == "RoleBinding" || o.kind == "Role") {
      const Node* ref = at(o.node, {"roleRef", "kind"});
      error("k8s-rbac", o, ref ? ref : o.node->find("kind"),
            o.kind + " " + o.name +
                (plain(ref, "ClusterRole") ? ": binds a ClusterRole (" +
                                                 scalar(at(o.node, {"roleRef", "name"})) + ")"
                                           : ": gen grants no API permissions"));
    } else if (o.kind == "Ingress" || o.kind == "HTTPRoute") {
      collect_route(o);
    } else if (o.kind == "HorizontalPodAutoscaler" || o.kind == "PodDisruptionBudget") {
      ScalingFacts f;
      f.path = o.path;
      f.file = o.file;
      f.line = o.node->loc.line;
      f.column = o.node->loc.column;
      f.target_api = scalar(at(o.node, {"spec", "scaleTargetRef", "apiVersion"}));
      f.target_kind = scalar(at(o.node, {"spec", "scaleTargetRef", "kind"}));
      f.target_name = scalar(at(o.node, {"spec", "scaleTargetRef", "name"}));
      f.min = scalar(at(o.node, {"spec", "minReplicas"}));
      f.max = scalar(at(o.node, {"spec", "maxReplicas"}));
      if (const Node* ms = at(o.node, {"spec", "metrics"}); ms && ms->is_sequence())
        for (const auto& metric : ms->items)
          f.metrics[scalar(metric.find("type")) + ":" + scalar(at(&metric, {"resource", "name"}))] =
              scalar(at(&metric, {"resource", "target", "type"})) + "/" +
              scalar(at(&metric, {"resource", "target", "averageUtilization"}));
      f.min_available = scalar(at(o.node, {"spec", "minAvailable"}));
      f.max_unavailable = scalar(at(o.node, {"spec", "maxUnavailable"}));
      f.selector = labels_of(at(o.node, {"spec", "selector", "matchLabels"}));
      (o.kind == "PodDisruptionBudget" ? budgets_ : autoscalers_)[o.name] = std::move(f);
    } else if (o.kind == "NetworkPolicy") {
      if (is_default_deny(*o.node)) default_deny_ = true;
      const Node* spec = o.node->find("spec");
      PolicyFacts f{o.path, o.file, o.node->loc.line, o.node->loc.column,
                    policy_rules(spec, "ingress", "from"), policy_rules(spec, "egress", "to")};
      policies_[o.name] = std::move(f);
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

  // Public ports (published on a non-loopback address) by published number,
  // each the name of the container port it reaches; empty unless
  // targets.k8s.expose asks for them outside the cluster.
  std::map<std::string, std::string> expected_public_ports(const Module& m) const {
    std::map<std::string, std::string> out;
    if (project_.targets.k8s.expose == model::K8sExpose::None) return out;
    for (const auto& p : m.ports)
      if (p.is_public()) out[std::to_string(*p.host)] = p.name;
    return out;
  }

  // A Service reaches pods from outside the cluster only as the spec says:
  // type ClusterIP (no external IPs), except `<module>-public` of a module
  // with public ports, of the type targets.k8s.expose names, selecting the
  // module's pods, on exactly those ports (an override template cannot
  // expose a database to the internet unnoticed).
  void check_service(const Object& o) {
    const Node* spec = o.node->find("spec");
    const Node* type = at(spec, {"type"});
    const std::string type_name = type ? scalar(type) : "ClusterIP";
    if (const Node* ips = at(spec, {"externalIPs"}); ips && !ips->is_null())
      error("k8s-service-exposure", o, ips,
            "Service " + o.name + ": externalIPs expose pods outside the cluster; gen's "
            "Services are ClusterIP (targets.k8s.expose adds `<module>-public`)");
    const Module* module = nullptr;
    if (ends_with(o.name, "-public")) {
      auto it = modules_.find(o.name.substr(0, o.name.size() - 7));
      if (it != modules_.end() && !expected_public_ports(*it->second).empty()) module = it->second;
    }
    if (!module) {
      if (type_name != "ClusterIP")
        error("k8s-service-exposure", o, type,
              "Service " + o.name + ": type " + type_name + " reaches pods from outside the "
              "cluster; only `<module>-public` of a module with public ports, under "
              "targets.k8s.expose, may");
      return;
    }
    public_services_.insert(o.name);
    const std::string want = model::spelled(project_.targets.k8s.expose);
    if (type_name != want)
      error("k8s-service-exposure", o, type ? type : spec,
            "Service " + o.name + ": type must be " + want + " (targets.k8s.expose)");
    Labels selector = labels_of(at(spec, {"selector"}));
    if (selector.empty() || selector.count("app.kubernetes.io/name") == 0 ||
        selector["app.kubernetes.io/name"] != module->name)
      error("k8s-service-exposure", o, at(spec, {"selector"}),
            "Service " + o.name + ": must select the pods of module " + module->name);
    std::map<std::string, std::string> want_ports = expected_public_ports(*module);
    std::map<std::string, std::string> seen;
    const Node* ports = at(spec, {"ports"});
    if (ports && ports->is_sequence())
      for (const auto& p : ports->items) seen[scalar(p.find("port"))] = scalar(p.find("targetPort"));
    if (seen != want_ports) {
      std::string list;
      for (const auto& [port, target] : want_ports)
        list += (list.empty() ? "" : ", ") + port + " -> " + target;
      error("k8s-service-exposure", o, ports ? ports : spec,
            "Service " + o.name + ": ports must be the module's public ports at their published "
            "numbers (" + list + ")");
    }
  }

  // The module's container: the one named after it, else the first.
  static const Node* main_container(const Node& spec, const std::string& name) {
    const Node* cs = spec.find("containers");
    if (!cs || !cs->is_sequence() || cs->items.empty()) return nullptr;
    for (const auto& c : cs->items)
      if (c.is_mapping() && scalar(c.find("name")) == name) return &c;
    return &cs->items.front();
  }

  // The CronJob runs at the schedule's times in its zone, with its
  // concurrency and history (its pod is checked like every pod).
  void check_schedule(const Object& o, const model::Schedule& s, const std::string& subject) {
    const Node* cron_spec = o.node->find("spec");
    if (!cron_spec || !cron_spec->is_mapping()) {
      error("schedule-output", o, o.node, subject + ": no spec");
      return;
    }
    std::string policy = model::spelled(s.concurrency);
    policy[0] = static_cast<char>(policy[0] - 'a' + 'A');
    // Strings as any YAML scalar spells them; counts as plain integers.
    struct Want {
      const char* key;
      std::string value;
      bool integer;
    };
    const Want want[] = {{"schedule", s.cron.cron(), false},
                         {"timeZone", s.time_zone, false},
                         {"concurrencyPolicy", policy, false},
                         {"successfulJobsHistoryLimit", std::to_string(s.successful), true},
                         {"failedJobsHistoryLimit", std::to_string(s.failed), true}};
    for (const auto& [key, value, integer] : want) {
      const Node* n = cron_spec->find(key);
      bool ok = integer ? plain(n, value) : n && n->is_scalar() && n->value == value;
      if (!ok)
        error("schedule-output", o, n ? n : cron_spec,
              subject + ": " + key + " is " + (n ? "'" + scalar(n) + "'" : "missing") +
                  "; the spec's schedule says '" + value + "'");
    }
  }

  void check_workload(const Object& o, const Node& spec, const Module& m) {
    std::string subject = o.kind + " " + o.name;
    std::string expected = model::spelled(model::workload_of(m));
    if (o.kind != expected)
      error("k8s-workload", o, o.node->find("kind"),
            subject + ": module " + o.name + " runs as a " + expected +
                (expected == "StatefulSet" ? " (it has state)" : ""));

    if (m.schedule && o.kind == "CronJob") check_schedule(o, *m.schedule, subject);

    int64_t grace = m.stop.grace.ceil_seconds();
    const Node* g = spec.find("terminationGracePeriodSeconds");
    if (!plain(g, std::to_string(grace)))
      error("k8s-grace-period", o, g ? g : &spec,
            subject + ": terminationGracePeriodSeconds is " + (g ? scalar(g) : "missing") +
                "; the module's stop grace period is " + std::to_string(grace) + "s");

    check_pull_secrets(o, spec, subject);

    const Node* hostname = spec.find("hostname");
    if (m.hostname ? !(hostname && hostname->is_scalar() && hostname->value == *m.hostname)
                   : hostname != nullptr)
      error("k8s-host-aliases", o, hostname ? hostname : &spec,
            subject + ": hostname is " + (hostname ? scalar(hostname) : "unset") +
                "; the spec's is " + m.hostname.value_or("unset"));

    const Node* c = main_container(spec, o.name);
    if (!c) {
      error("k8s-workload", o, &spec, subject + ": no container");
      return;
    }
    const Node* image = c->find("image");
    const std::string& ref = m.image.ref.ref;
    if (scalar(image) != ref)
      error(
          "k8s-image", o, image ? image : c,
          subject + ": image is " + (image ? scalar(image) : "missing") + "; the spec's is " + ref);
    check_env(o, *c, m, subject);
    check_argv(o, *c, m.entrypoint, "command", subject);
    check_argv(o, *c, m.command, "args", subject);
    check_probes(o, *c, m, subject);
    check_resources(o, *c, m, subject);
    check_config_files(o, spec, m, subject);
    check_secret_files(o, spec, *c, m, subject);
    check_volume_claims(o, spec, *c, m, subject);
    check_anonymous_volumes(o, spec, *c, m, subject);
    check_setup(o, spec, m, subject);
    check_config_dirs(o, spec, *c, m, subject);
    check_process(o, spec, *c, m, subject);
    check_kernel(o, spec, *c, m, subject);
  }

  // The spec's process details (issue 20): init as the pod's shared process
  // namespace (its pause process is PID 1), stdin and tty on the module's
  // container, each extra_hosts entry in hostAliases.
  void check_process(const Object& o, const Node& spec, const Node& c, const Module& m,
                     const std::string& subject) {
    const std::tuple<bool, const Node*, const char*, const Node*> flags[] = {
        {m.init, &spec, "shareProcessNamespace", &spec},
        {m.stdin_open, &c, "stdin", &c},
        {m.tty, &c, "tty", &c}};
    for (const auto& [want, where, field, anchor] : flags) {
      const Node* v = where->find(field);
      if (want && !plain(v, "true"))
        error("k8s-process-details", o, v ? v : anchor,
              subject + ": " + field + " is " + (v ? scalar(v) : "missing") +
                  "; the spec asks for true");
    }
    const Node* aliases = spec.find("hostAliases");
    for (const auto& h : m.extra_hosts) {
      bool found = false;
      if (aliases && aliases->is_sequence())
        for (const auto& a : aliases->items) {
          if (!a.is_mapping() || scalar(a.find("ip")) != h.ip) continue;
          if (const Node* names = a.find("hostnames"); names && names->is_sequence())
            for (const auto& n : names->items) found |= scalar(&n) == h.host;
        }
      if (!found)
        error("k8s-process-details", o, aliases ? aliases : &spec,
              subject + ": hostAliases does not map " + h.host + " to " + h.ip +
                  ", as the spec's extra_hosts does");
    }
    // platform: the well-known node labels of its OS and architecture.
    if (!m.platform) return;
    const Node* selector = spec.find("nodeSelector");
    const std::pair<const char*, const std::string&> labels[] = {
        {"kubernetes.io/os", m.platform->os}, {"kubernetes.io/arch", m.platform->arch}};
    for (const auto& [label, want] : labels) {
      const Node* v = selector && selector->is_mapping() ? selector->find(label) : nullptr;
      if (!v || !v->is_scalar() || v->value != want)  // "386" is quoted: a string
        error("k8s-process-details", o, v ? v : selector ? selector : &spec,
              subject + ": nodeSelector " + label + " is " + (v ? scalar(v) : "missing") +
                  "; the spec's platform " + m.platform->text() + " asks for " + want);
    }
  }

  // The spec's labels and annotations on the workload and its pod template.
  void check_labels(const Object& o, const Module& m) {
    const std::string subject = o.kind + " " + o.name;
    auto check = [&](const std::vector<std::pair<std::string, std::string>>& want,
                     const char* field, const char* what) {
      for (const char* where : {"workload", "pod template"}) {
        const Node* meta = std::string(where) == "workload"
                               ? o.node->find("metadata")
                               : pod_metadata(o);
        const Node* map = meta ? meta->find(field) : nullptr;
        for (const auto& [key, value] : want) {
          const Node* have = map && map->is_mapping() ? map->find(key) : nullptr;
          if (have && have->is_scalar() && have->value == value) continue;
          error("k8s-labels", o, have ? have : map ? map : meta,
                subject + ": the " + where + " has " +
                    (have ? std::string(what) + " " + key + ": " + scalar(have)
                          : std::string("no ") + what + " " + key) +
                    "; the spec's is " + key + ": " + value);
        }
      }
    };
    check(m.labels, "labels", "label");
    check(m.annotations, "annotations", "annotation");
  }

  // A config directory: mounted read-only without subPath at its target,
  // from a configMap volume projecting each file the directory holds (the
  // pipeline's listing) at its relative path, and nothing else.
  void check_config_dirs(const Object& o, const Node& spec, const Node& c, const Module& m,
                         const std::string& subject) {
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::ConfigDir || !mt.host) continue;
      const std::string& dir = mt.host->path;
      const Node* mount = nullptr;
      if (const Node* ms = c.find("volumeMounts"); ms && ms->is_sequence())
        for (const auto& x : ms->items)
          if (scalar(x.find("mountPath")) == mt.target) mount = &x;
      if (!mount || scalar(mount->find("readOnly")) != "true" || mount->find("subPath")) {
        error("k8s-config-dirs", o, mount ? mount : &c,
              subject + ": config directory " + dir + " is not mounted read-only (no subPath) at " +
                  mt.target);
        continue;
      }
      const std::string volume = scalar(mount->find("name"));
      const Node* vol = nullptr;
      if (const Node* vs = spec.find("volumes"); vs && vs->is_sequence())
        for (const auto& v : vs->items)
          if (scalar(v.find("name")) == volume) vol = &v;
      const Node* cm = vol ? vol->find("configMap") : nullptr;
      if (!cm) {
        error("k8s-config-dirs", o, vol ? vol : mount,
              subject + ": the volume at " + mt.target + " is not a configMap of config directory " +
                  dir);
        continue;
      }
      const model::ConfigFile* listed = project_.find_config_file(dir);
      if (!listed || !listed->entries) continue;  // check_config_files warns
      std::vector<std::string> paths;
      if (const Node* items = cm->find("items"); items && items->is_sequence())
        for (const auto& i : items->items) paths.push_back(scalar(i.find("path")));
      std::sort(paths.begin(), paths.end());
      if (paths != *listed->entries)
        error("k8s-config-dirs", o, cm,
              subject + ": the configMap volume at " + mt.target + " projects " +
                  std::to_string(paths.size()) + " files; config directory " + dir + " holds " +
                  std::to_string(listed->entries->size()) + ", each to be projected at its path");
    }
  }

  // The spec's kernel settings (issue 20): shm_size as a memory-backed
  // emptyDir of that size at /dev/shm, each sysctl in the pod's
  // securityContext.sysctls with its value. (ulimits: Kubernetes has none;
  // rule target-gap said so.)
  void check_kernel(const Object& o, const Node& spec, const Node& c, const Module& m,
                    const std::string& subject) {
    if (m.shm_size) {
      const Node* mount = nullptr;
      if (const Node* ms = c.find("volumeMounts"); ms && ms->is_sequence())
        for (const auto& x : ms->items)
          if (scalar(x.find("mountPath")) == "/dev/shm") mount = &x;
      const Node* vol = nullptr;
      if (const Node* vs = spec.find("volumes"); mount && vs && vs->is_sequence())
        for (const auto& v : vs->items)
          if (scalar(v.find("name")) == scalar(mount->find("name"))) vol = &v;
      const Node* dir = vol ? vol->find("emptyDir") : nullptr;
      const bool ok = dir && dir->is_mapping() && scalar(dir->find("medium")) == "Memory" &&
                      model::Quantity::read(scalar(dir->find("sizeLimit"))).bytes() ==
                          m.shm_size->bytes();
      if (!ok)
        error("k8s-kernel-limits", o, vol ? vol : mount ? mount : &c,
              subject + ": /dev/shm is not an emptyDir of medium Memory and sizeLimit " +
                  m.shm_size->text() + ", as the spec's shm_size says");
    }
    const Node* sc = spec.find("securityContext");
    const Node* sysctls = sc ? sc->find("sysctls") : nullptr;
    for (const auto& want : m.sysctls) {
      bool found = false;
      if (sysctls && sysctls->is_sequence())
        for (const auto& x : sysctls->items)
          found |= scalar(x.find("name")) == want.name && scalar(x.find("value")) == want.value;
      if (!found)
        error("k8s-kernel-limits", o, sysctls ? sysctls : sc ? sc : &spec,
              subject + ": securityContext.sysctls does not set " + want.name + " to " +
                  want.value + ", as the spec does");
    }
  }

  // A secret mount: the file at its target, read-only, is the key of the
  // same name of the Secret of that name (secret: {secretName, items}).
  void check_secret_files(const Object& o, const Node& spec, const Node& c, const Module& m,
                          const std::string& subject) {
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::Secret || !mt.secret) continue;
      const std::string& name = *mt.secret;
      const Node* mount = nullptr;
      if (const Node* ms = c.find("volumeMounts"); ms && ms->is_sequence())
        for (const auto& x : ms->items)
          if (scalar(x.find("mountPath")) == mt.target) mount = &x;
      std::string want = "Secret " + name + " key " + name + ", read-only, at " + mt.target;
      if (!mount || scalar(mount->find("readOnly")) != "true") {
        error("k8s-secret-files", o, mount ? mount : &c,
              subject + ": secret " + name + " is not mounted as " + want);
        continue;
      }
      const std::string volume = scalar(mount->find("name"));
      const std::string sub = scalar(mount->find("subPath"));
      const Node* vol = nullptr;
      if (const Node* vs = spec.find("volumes"); vs && vs->is_sequence())
        for (const auto& v : vs->items)
          if (scalar(v.find("name")) == volume) vol = &v;
      const Node* secret = vol ? vol->find("secret") : nullptr;
      bool ok = secret && scalar(secret->find("secretName")) == name;
      bool key = false;
      if (const Node* items = secret ? secret->find("items") : nullptr;
          items && items->is_sequence())
        for (const auto& i : items->items)
          if (scalar(i.find("key")) == name && scalar(i.find("path")) == sub) key = true;
      if (!ok || !key)
        error("k8s-secret-files", o, vol ? vol : mount,
              subject + ": the file at " + mt.target + " is not " + want);
    }
  }

  // The container's volumeMount at `target` and the pod volume it names
  // (each null when missing).
  static std::pair<const Node*, const Node*> mount_at(const Node& spec, const Node& c,
                                                      const std::string& target) {
    const Node* mount = nullptr;
    if (const Node* ms = c.find("volumeMounts"); ms && ms->is_sequence())
      for (const auto& x : ms->items)
        if (scalar(x.find("mountPath")) == target) mount = &x;
    const Node* vol = nullptr;
    if (const Node* vs = spec.find("volumes"); mount && vs && vs->is_sequence())
      for (const auto& x : vs->items)
        if (scalar(x.find("name")) == scalar(mount->find("name"))) vol = &x;
    return {mount, vol};
  }

  // An anonymous mount: an emptyDir of the pod's own at its target,
  // writable (a claim or a host path would share or expose the data).
  void check_anonymous_volumes(const Object& o, const Node& spec, const Node& c, const Module& m,
                               const std::string& subject) {
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::Anonymous) continue;
      auto [mount, vol] = mount_at(spec, c, mt.target);
      bool empty_dir = vol && vol->find("emptyDir");
      bool writable = mount && !plain(mount->find("readOnly"), "true");
      if (!empty_dir || !writable)
        error("k8s-anonymous-volumes", o, vol ? vol : mount ? mount : &c,
              subject + ": the anonymous volume at " + mt.target + " is " +
                  (!mount ? std::string("not mounted")
                   : !empty_dir ? std::string("not an emptyDir")
                                : std::string("mounted readOnly")) +
                  "; it is a writable emptyDir of the pod's own");
    }
  }

  // A shared volume is the claim named after its key as Kubernetes spells
  // it (values::k8s_name: db_data -> db-data), or an external volume's name
  // as written (the operator's claim): every module mounting it shares it.
  void check_volume_claims(const Object& o, const Node& spec, const Node& c, const Module& m,
                           const std::string& subject) {
    for (const auto& mt : m.mounts) {
      if (mt.kind != model::MountKind::Volume || !mt.volume) continue;
      const model::Volume* v = project_.find_volume(*mt.volume);
      const std::string want = v ? model::volume_claim(*v) : values::k8s_name(*mt.volume);
      auto [mount, vol] = mount_at(spec, c, mt.target);
      const Node* pvc = vol ? vol->find("persistentVolumeClaim") : nullptr;
      const std::string have = pvc ? scalar(pvc->find("claimName")) : "";
      if (have != want)
        error("k8s-volume-claims", o, vol ? vol : mount ? mount : &c,
              subject + ": volume " + *mt.volume + " at " + mt.target + " is " +
                  (have.empty() ? "not a PersistentVolumeClaim" : "the claim " + have) +
                  "; it is the claim " + want);
    }
  }

  // Setup steps: the pod's init containers, in spec order, each with its
  // step's image, env and command (check_pod_security covers their
  // security context like the main container's).
  void check_setup(const Object& o, const Node& spec, const Module& m, const std::string& subject) {
    if (m.setup.empty()) return;
    const Node* list = spec.find("initContainers");
    std::vector<const Node*> init;
    if (list && list->is_sequence())
      for (const auto& c : list->items)
        if (c.is_mapping()) init.push_back(&c);
    for (size_t i = 0; i < m.setup.size(); ++i) {
      const Module* step = project_.find_module(m.setup[i]);
      if (!step) continue;
      if (i >= init.size() || scalar(init[i]->find("name")) != step->name) {
        error("k8s-setup-steps", o, list ? list : &spec,
              subject + ": setup step " + step->name + " is not init container " +
                  std::to_string(i + 1) + "; setup steps run in spec order before the module");
        return;
      }
      const Node& c = *init[i];
      std::string what = subject + " init container " + step->name;
      const Node* image = c.find("image");
      if (scalar(image) != step->image.ref.ref)
        error("k8s-image", o, image ? image : &c,
              what + ": image is " + (image ? scalar(image) : "missing") + "; the spec's is " +
                  step->image.ref.ref);
      if (!c.find("args"))
        error("k8s-setup-steps", o, &c, what + ": no args; the step's command is its args");
      check_env(o, c, *step, what);
      check_argv(o, c, step->entrypoint, "command", what);
      check_argv(o, c, step->command, "args", what);
    }
  }

  void check_pull_secrets(const Object& o, const Node& spec, const std::string& subject) {
    const Node* list = spec.find("imagePullSecrets");
    for (const std::string& s : project_.targets.k8s.pull_secrets) {
      bool found = false;
      if (list && list->is_sequence())
        for (const auto& e : list->items) found = found || scalar(e.find("name")) == s;
      if (!found)
        error("k8s-pull-secrets", o, list ? list : &spec,
              subject + ": imagePullSecrets does not name " + s + " (targets.k8s.pull_secrets)");
    }
  }

  // Secrets only by secretKeyRef to the Secret and key the model names.
  void check_env(const Object& o, const Node& c, const Module& m, const std::string& subject) {
    const Node* env = c.find("env");
    for (const auto& e : m.env) {
      if (e.from_host) check_from_host(o, env ? env : &c, e, subject);
      if (e.kind != model::EnvKind::Secret || !e.secret) continue;
      const std::string& name = e.name;
      const Node* entry = nullptr;
      if (env && env->is_sequence())
        for (const auto& item : env->items)
          if (item.is_mapping() && scalar(item.find("name")) == name) entry = &item;
      const std::string& sname = e.secret->name;
      const std::string& skey = e.secret->key;
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

  // A variable read from the host under another name: the settings key of
  // that name (the operator materialises the host's variable there).
  void check_from_host(const Object& o, const Node* env, const model::EnvEntry& e,
                       const std::string& subject) {
    const Node* ref = nullptr;
    if (env->is_sequence())
      for (const auto& item : env->items)
        if (item.is_mapping() && scalar(item.find("name")) == e.name)
          ref = at(&item, {"valueFrom", "configMapKeyRef"});
    const Node* key = ref ? ref->find("key") : nullptr;
    if (!key || scalar(key) != e.host())
      error("env-from-host", o, key ? key : ref ? ref : env,
            subject + ": " + e.name + " must come from key " + e.host() +
                " of a ConfigMap (valueFrom.configMapKeyRef), the host's variable the spec names");
  }

  // The container's command or args as the kubelet passes them: Kubernetes
  // expands $(VAR) there and reads $$ as $, where compose and Quadlet pass
  // the text as is; every word must reach the container exactly as the
  // spec wrote it (templates escape with k8s_arg).
  void check_argv(const Object& o, const Node& c,
                  const std::optional<std::vector<std::string>>& argv, const char* key,
                  const std::string& subject) {
    const Node* list = c.find(key);
    if (!argv || !list) return;  // absent: the image's own (not checked here)
    const std::vector<std::string>& want = *argv;
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
      const std::string& spec_word = want[i];
      if (expands || passed != spec_word)
        error("k8s-argv", o, &list->items[i],
              subject + ": " + key + " word " + std::to_string(i + 1) + " reaches the container as " +
                  (expands ? "an expansion of $(...)" : "'" + passed + "'") + "; the spec's is '" +
                  spec_word + "' (write $$( for a literal $( )");
    }
  }

  void check_probes(const Object& o, const Node& c, const Module& m, const std::string& subject) {
    if (!m.health) return;
    using Slot = std::pair<const char*, const std::optional<model::Probe>*>;
    for (auto [kind, slot] : {Slot{"liveness", &m.health->liveness},
                              Slot{"readiness", &m.health->readiness},
                              Slot{"startup", &m.health->startup}}) {
      if (!*slot) continue;
      const model::Probe& probe = **slot;
      std::string key = std::string(kind) + "Probe";
      const Node* p = c.find(key);
      std::string port = probe.port ? std::to_string(*probe.port) : "null";
      std::string want = probe.kind == model::ProbeKind::Http
                             ? "httpGet " + probe.path + " on port " + port
                         : probe.kind == model::ProbeKind::Tcp ? "tcpSocket on port " + port
                                                               : "exec " + words(probe.command);
      if (!p) {
        error("k8s-probes", o, &c, subject + ": " + key + " is missing; the spec's is " + want);
        continue;
      }
      bool ok = false;
      if (probe.kind == model::ProbeKind::Http) {
        const Node* g = p->find("httpGet");
        ok = g && scalar(g->find("path")) == probe.path && scalar(g->find("port")) == port;
      } else if (probe.kind == model::ProbeKind::Tcp) {
        const Node* t = p->find("tcpSocket");
        ok = t && scalar(t->find("port")) == port;
      } else {
        const Node* cmd = at(p, {"exec", "command"});
        ok = cmd && cmd->is_sequence() && cmd->items.size() == probe.command.size();
        for (size_t i = 0; ok && i < cmd->items.size(); ++i)
          ok = cmd->items[i].value == probe.command[i];
      }
      if (!ok) error("k8s-probes", o, p, subject + ": " + key + " is not the spec's " + want);
    }
  }

  void check_resources(const Object& o, const Node& c, const Module& m, const std::string& subject) {
    // A host device: 1 of its device plugin's extended resource, requested
    // and limited (rule k8s-devices).
    for (const auto& d : m.devices) {
      if (!d.k8s_resource) continue;
      for (const char* k8s : {"requests", "limits"}) {
        const Node* have = at(&c, {"resources", k8s, d.k8s_resource->c_str()});
        if (!have || model::Quantity::read(scalar(have)).value() != 1.0L)
          error("k8s-devices", o, have ? have : &c,
                subject + ": resources." + k8s + "." + *d.k8s_resource + " is " +
                    (have ? scalar(have) : "missing") + "; host device " + d.device.host +
                    " needs 1 (targets.k8s.device_resources)");
      }
    }
    if (!m.resources) return;
    using Res = std::pair<const char*, const model::Resource*>;
    for (auto [res, r] : {Res{"cpu", &m.resources->cpu}, Res{"memory", &m.resources->memory}}) {
      using Field = std::pair<const char*, const std::optional<model::Quantity>*>;
      for (auto [k8s, q] : {Field{"requests", &r->request}, Field{"limits", &r->limit}}) {
        if (!*q) continue;
        const std::string& want = (*q)->text();
        const Node* have = at(&c, {"resources", k8s, res});
        if (scalar(have) != want)
          error("k8s-resources", o, have ? have : &c,
                subject + ": resources." + k8s + "." + res + " is " +
                    (have ? scalar(have) : "missing") + "; the spec's is " + want);
      }
    }
  }

  // A config file gen could not read leaves its ConfigMap to the operator.
  void check_config_files(const Object& o, const Node& spec, const Module& m,
                          const std::string& subject) {
    for (const auto& mt : m.mounts) {
      if ((mt.kind != model::MountKind::Config && mt.kind != model::MountKind::ConfigDir) ||
          !mt.host)
        continue;
      const std::string& path = mt.host->path;
      const model::ConfigFile* file = project_.find_config_file(path);
      if (file && (file->text || file->entries)) continue;
      const Node* where = &spec;
      if (const Node* vols = spec.find("volumes"); vols && vols->is_sequence())
        for (const auto& v : vols->items)
          if (scalar(v.find("name")) == mt.name) where = &v;
      auto& d = artifact_warning(
          diags_, "k8s-config-file", o.path, *o.file, where->loc.line, where->loc.column,
          subject + (mt.kind == model::MountKind::ConfigDir ? ": config directory " : ": config file ") + path +
              " (relative to the spec) could not be read, so "
              "ConfigMap " +
              o.name + "-files is not generated; create it before deploying");
      d.help = mt.kind == model::MountKind::ConfigDir
                   ? "keep its files readable UTF-8 text, together at most 1 MB, and run gen again"
                   : "add the file beside the spec and run gen again";
    }
  }

  const FileSet& files_;
  const model::Project& project_;
  Diagnostics& diags_;
  std::set<std::string> has_workload_;  // module names with a checked workload
  std::set<std::string> public_services_;  // `<module>-public` Services seen
  bool namespace_seen_ = false;
  bool default_deny_ = false;
  std::map<std::string, const Module*> modules_;  // the modules that run, by name
  std::map<std::string, PolicyFacts> policies_;   // NetworkPolicies by name
  std::map<std::string, ServiceFacts> services_;  // Services by name
  std::map<std::string, Labels> pod_labels_;      // workloads' pod labels, by module
  std::multimap<std::pair<std::string, std::string>, RouteSeen> routes_seen_;  // (host, path)
  std::map<std::string, ScalingFacts> autoscalers_, budgets_;  // HPAs, PDBs by name
  std::map<std::string, std::string> workload_kind_;  // module -> the kind of its workload
  std::string anchor_path_;
  const OutputFile* anchor_ = nullptr;
};

}  // namespace

void verify_k8s(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  // Kubernetes cannot hand a host device to a pod without a device plugin:
  // a device with no plugin resource (targets.k8s.device_resources) has no
  // faithful manifest, so the target is refused at the device in the spec
  // rather than rendered without it. A setup step
  // carries its owner's devices; the owner reports them.
  for (const auto& m : project.modules) {
    if (m.setup_of || model::workload_of(m) == Workload::None) continue;
    for (const auto& d : m.devices)
      if (!d.k8s_resource)  // rule target-support refuses this first
        diags.error("k8s-devices", d.loc,
                    "module " + m.name + " is given host device " + d.device.host +
                        ", which Kubernetes hands over only through a device plugin; "
                        "targets.k8s.device_resources names none for it")
            .help = "name the plugin's extended resource under targets.k8s.device_resources";
  }
  K8sVerifier(files, project, diags).run();
}

}  // namespace gen::verify
