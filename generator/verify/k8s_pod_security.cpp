#include "verify/k8s_pod_security.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "values/capability.h"
#include "values/sysctl.h"
#include "verify/artifact.h"
#include "verify/host_access.h"
#include "verify/yaml_doc.h"

namespace gen::verify {

namespace {

using model::Module;
using yaml::Node;

const char* kProfile = "the restricted Pod Security Standard";
const char* kContract = "gen's contract";

// Volume sources the restricted profile allows.
const std::set<std::string> kAllowedVolumes = {"configMap", "csi",       "downwardAPI",
                                               "emptyDir",  "ephemeral", "persistentVolumeClaim",
                                               "projected", "secret"};

// A sysctl outside the safe set (values::safe_sysctls) is accepted only
// where the module waives unsafe-sysctls and sets exactly that one.
bool unsafe_sysctl_granted(const Module* m, const std::string& name) {
  if (!m || !m->waives("unsafe-sysctls")) return false;
  return std::any_of(m->sysctls.begin(), m->sysctls.end(),
                     [&](const model::Sysctl& s) { return s.name == name; });
}
bool unsafe_sysctls(const Module* m) {
  return m && m->waives("unsafe-sysctls") &&
         std::any_of(m->sysctls.begin(), m->sysctls.end(),
                     [](const model::Sysctl& s) { return !values::is_safe_sysctl(s.name); });
}

// What a module's waivers relax, each only when the spec asks for what the
// rule forbids (pod_security_level says the same as a level).
bool runs_as_root(const Module* m) { return m && m->waives("non-root-user"); }
bool runs_privileged(const Module* m) {
  return m && m->waives("no-privileged") && m->privileged;
}
bool uses_host_network(const Module* m) {
  return m && m->waives("no-host-network") && m->network_mode == std::string("host");
}

bool plain(const Node* n, const char* text) {
  return n && n->is_scalar() && !n->quoted && n->value == text;
}

std::string show(const Node* n) {
  if (!n) return "nothing";
  if (n->is_null()) return "null";
  if (n->is_scalar()) return n->quoted ? "\"" + n->value + "\"" : n->value;
  return n->is_sequence() ? "a list" : "a mapping";
}

class Checker {
 public:
  Checker(const PodTemplate& pod, const Module* module, Diagnostics& diags)
      : pod_(pod),
        module_(module),
        diags_(diags),
        as_root_(runs_as_root(module)),
        privileged_(runs_privileged(module)),
        host_network_(uses_host_network(module)) {}

  void run() {
    const Node* spec = pod_.spec;
    if (!spec || !spec->is_mapping()) {
      error("k8s-pod-security-context", pod_.owner, "has no pod spec to check");
      return;
    }
    check_pod_level(*spec);
    for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
      const Node* cs = spec->find(list);
      if (!cs || !cs->is_sequence()) continue;
      for (const auto& c : cs->items) check_container(list, c);
    }
    check_volumes(*spec);
  }

 private:
  void error(const std::string& rule, const Node* at, const std::string& message) {
    const Node* where = at ? at : pod_.owner;
    int line = where ? where->loc.line : 0, col = where ? where->loc.column : 0;
    auto& d = artifact_error(diags_, rule, pod_.path, *pod_.file, line, col,
                             pod_.subject + ": " + message);
    d.help = "gen's built-in template sets this; keep it in the override";
  }

  // `field` of mapping `m` must be the plain scalar `want`; `where` names
  // the mapping in messages ("securityContext").
  void require(const std::string& rule, const Node& m, const char* field, const char* want,
               const std::string& where, const std::string& why = kProfile) {
    const Node* v = m.find(field);
    if (plain(v, want)) return;
    if (!v)
      error(rule, &m, where + "." + field + " is missing; " + why + " requires " + want);
    else
      error(rule, v, where + "." + field + " is " + show(v) + "; " + why + " requires " + want);
  }

  void require_number(const std::string& rule, const Node& m, const char* field, int64_t want,
                      const std::string& where, const std::string& why) {
    const Node* v = m.find(field);
    std::string text = std::to_string(want);
    if (plain(v, text.c_str())) return;
    if (!v)
      error(rule, &m, where + "." + field + " is missing; " + why + " requires " + text);
    else
      error(rule, v, where + "." + field + " is " + show(v) + "; " + why + " requires " + text);
  }

  void forbid_true(const std::string& rule, const Node& m, const char* field,
                   const std::string& where) {
    const Node* v = m.find(field);
    if (v && !plain(v, "false"))
      error(
          rule, v,
          where + "." + field + " is " + show(v) + "; " + kProfile + " requires it unset or false");
  }

  void check_seccomp(const Node& sc, const std::string& where, bool required) {
    const Node* p = sc.find("seccompProfile");
    if (!p) {
      if (required)
        error("k8s-seccomp", &sc,
              where + ".seccompProfile is missing; " + kProfile + " requires type RuntimeDefault");
      return;
    }
    const Node* type = p->is_mapping() ? p->find("type") : nullptr;
    if (plain(type, "RuntimeDefault") || plain(type, "Localhost")) return;
    error("k8s-seccomp", type ? type : p,
          where + ".seccompProfile.type is " + show(type) + "; " + kProfile +
              " requires RuntimeDefault (or Localhost)");
  }

  // seLinuxOptions, appArmorProfile, windowsOptions.hostProcess, procMount:
  // the baseline controls a securityContext can weaken.
  void check_baseline(const Node& sc, const std::string& where) {
    if (const Node* se = sc.find("seLinuxOptions"); se && se->is_mapping()) {
      for (const char* f : {"user", "role"})
        if (const Node* v = se->find(f))
          error("k8s-baseline", v,
                where + ".seLinuxOptions." + f + " is set; " + kProfile +
                    " forbids custom SELinux users and roles");
      if (const Node* t = se->find("type")) {
        static const std::set<std::string> ok = {"", "container_t", "container_init_t",
                                                 "container_kvm_t", "container_engine_t"};
        if (!t->is_scalar() || !ok.count(t->value))
          error("k8s-baseline", t,
                where + ".seLinuxOptions.type is " + show(t) + "; " + kProfile +
                    " allows only the container_* types");
      }
    }
    if (const Node* a = sc.find("appArmorProfile"); a && a->is_mapping())
      if (const Node* t = a->find("type"); plain(t, "Unconfined"))
        error("k8s-baseline", t,
              where + ".appArmorProfile.type is Unconfined; " + kProfile + " forbids it");
    if (const Node* w = sc.find("windowsOptions"); w && w->is_mapping())
      if (const Node* h = w->find("hostProcess"); h && !plain(h, "false"))
        error("k8s-baseline", h,
              where + ".windowsOptions.hostProcess is " + show(h) + "; " + kProfile +
                  " forbids host processes");
    if (const Node* pm = sc.find("procMount"); pm && !plain(pm, "Default"))
      error("k8s-baseline", pm,
            where + ".procMount is " + show(pm) + "; " + kProfile + " allows only Default");
  }

  void check_pod_level(const Node& spec) {
    for (const char* f : {"hostNetwork", "hostPID", "hostIPC"}) {
      const Node* v = spec.find(f);
      if (host_network_ && std::string_view(f) == "hostNetwork" && plain(v, "true")) continue;
      if (v && !plain(v, "false"))
        error("k8s-host-namespaces", v,
              std::string("spec.") + f + " is " + show(v) + "; " + kProfile +
                  " forbids sharing the host's namespaces");
    }
    require("k8s-service-account-token", spec, "automountServiceAccountToken", "false", "spec",
            kContract);

    const Node* sc = spec.find("securityContext");
    if (!sc || !sc->is_mapping()) {
      error("k8s-pod-security-context", sc ? sc : &spec,
            "the pod has no securityContext; " + std::string(kProfile) +
                " requires runAsNonRoot and a seccomp profile at pod level");
      return;
    }
    const std::string where = "securityContext";
    if (!as_root_) require("k8s-run-as-non-root", *sc, "runAsNonRoot", "true", where);
    check_user(*sc, where, true);
    if (module_ && module_->user) {
      const model::User& user = *module_->user;
      require_number("k8s-groups", *sc, "fsGroup", user.gid, where, "the module's gid");
      check_groups(*sc, user.groups, where);
    }
    check_seccomp(*sc, where, true);
    check_baseline(*sc, where);
    if (const Node* sys = sc->find("sysctls"); sys && sys->is_sequence())
      for (const auto& s : sys->items) {
        std::string name =
            s.is_mapping()
                ? (s.find("name") && s.find("name")->is_scalar() ? s.find("name")->value : "")
                : "";
        if (!values::is_safe_sysctl(name) && !unsafe_sysctl_granted(module_, name))
          error("k8s-baseline", &s,
                where + ".sysctls sets '" + name + "'; " + kProfile +
                    " allows only the safe sysctls");
      }
  }

  void check_user(const Node& sc, const std::string& where, bool required) {
    const Node* uid = sc.find("runAsUser");
    if (plain(uid, "0") && !as_root_) {
      error("k8s-run-as-user", uid, where + ".runAsUser is 0; " + kProfile + " forbids root");
      uid = nullptr;  // reported; do not also report it as the wrong uid
    }
    // A module that waives non-root-user and sets no user runs as the
    // image's own user: no uid to compare.
    if (!module_ || !module_->user) return;
    const model::User& user = *module_->user;
    if (uid || (required && !sc.find("runAsUser")))
      require_number("k8s-run-as-user", sc, "runAsUser", user.uid, where, "the module's uid");
    if (required || sc.find("runAsGroup"))
      require_number("k8s-run-as-user", sc, "runAsGroup", user.gid, where, "the module's gid");
  }

  void check_groups(const Node& sc, const std::vector<int64_t>& want, const std::string& where) {
    const Node* v = sc.find("supplementalGroups");
    std::vector<std::string> have;
    if (v && v->is_sequence())
      for (const auto& item : v->items)
        have.push_back(item.quoted ? "\"" + item.value + "\"" : item.value);
    std::vector<std::string> expected;
    for (int64_t g : want) expected.push_back(std::to_string(g));
    bool same = have == expected && (!v || v->is_sequence() || v->is_null());
    if (same) return;
    std::string list;
    for (const auto& g : expected) list += (list.empty() ? "" : ", ") + g;
    error("k8s-groups", v ? v : &sc,
          where + ".supplementalGroups is " + (v ? show(v) : "missing") +
              "; the module's groups are [" + list + "]");
  }

  void check_container(const std::string& list, const Node& c) {
    std::string cname = c.is_mapping() && c.find("name") ? scalar(c.find("name")) : "?";
    std::string where = list + "[" + cname + "].securityContext";
    if (const Node* ports = c.is_mapping() ? c.find("ports") : nullptr;
        ports && ports->is_sequence())
      for (const auto& p : ports->items)
        if (const Node* hp = p.is_mapping() ? p.find("hostPort") : nullptr; hp && !plain(hp, "0"))
          error("k8s-host-ports", hp,
                list + "[" + cname + "].ports.hostPort is " + show(hp) + "; " + kProfile +
                    " forbids host ports");
    const Node* sc = c.is_mapping() ? c.find("securityContext") : nullptr;
    if (!sc || !sc->is_mapping()) {
      error("k8s-pod-security-context", sc ? sc : &c,
            list + "[" + cname + "] has no securityContext; " + kProfile +
                " requires allowPrivilegeEscalation false and capabilities drop ALL");
      return;
    }
    // A privileged container always escalates (the API refuses privileged
    // with allowPrivilegeEscalation false).
    if (!privileged_) {
      require("k8s-privilege-escalation", *sc, "allowPrivilegeEscalation", "false", where);
      forbid_true("k8s-privileged", *sc, "privileged", where);
    }
    if (granted_writable_root(module_))
      require("k8s-read-only-root", *sc, "readOnlyRootFilesystem", "false", where,
              "the spec's waiver of read-only-rootfs");
    else
      require("k8s-read-only-root", *sc, "readOnlyRootFilesystem", "true", where, kContract);
    // runAsNonRoot may come from the pod, but never be switched off here.
    if (const Node* v = sc->find("runAsNonRoot"); v && !plain(v, "true") && !as_root_)
      error("k8s-run-as-non-root", v,
            where + ".runAsNonRoot is " + show(v) + "; " + kProfile + " requires true");
    check_user(*sc, where, false);
    check_seccomp(*sc, where, false);
    check_baseline(*sc, where);
    check_capabilities(*sc, where);
  }

  void check_capabilities(const Node& sc, const std::string& where) {
    const Node* caps = sc.find("capabilities");
    const Node* drop = caps && caps->is_mapping() ? caps->find("drop") : nullptr;
    bool all = false;
    if (drop && drop->is_sequence())
      for (const auto& d : drop->items) all = all || (d.is_scalar() && d.value == "ALL");
    if (!all)
      error("k8s-capabilities",
            drop   ? drop
            : caps ? caps
                   : &sc,
            where + ".capabilities.drop does not contain ALL; " + kProfile +
                " requires dropping every capability");
    // Exactly the capabilities the spec grants under a waiver of
    // no-added-capabilities (none without one).
    const Node* add = caps && caps->is_mapping() ? caps->find("add") : nullptr;
    std::vector<std::string> added, missing;
    std::vector<const Node*> at;
    if (add && add->is_sequence()) {
      for (const auto& a : add->items) {
        added.push_back(a.is_scalar() ? a.value : show(&a));
        at.push_back(&a);
      }
    } else if (add && !add->is_null()) {
      added.push_back(show(add));
      at.push_back(add);
    }
    for (size_t i : ungranted_capabilities(module_, added, missing))
      error("k8s-capabilities", at[i],
            where + ".capabilities.add adds " + added[i] +
                "; gen's contract adds no capability the spec does not grant under a waiver of "
                "no-added-capabilities");
    for (const auto& cap : missing)
      error("k8s-capabilities", add ? add : caps ? caps : &sc,
            where + ".capabilities.add does not add " + cap +
                ", which the spec grants under its waiver of no-added-capabilities");
  }

  void check_volumes(const Node& spec) {
    const Node* vols = spec.find("volumes");
    if (!vols || !vols->is_sequence()) return;
    for (const auto& v : vols->items) {
      if (!v.is_mapping()) continue;
      std::string vname = scalar(v.find("name"));
      for (const auto& e : v.entries) {
        if (e.key.value == "name" || kAllowedVolumes.count(e.key.value)) continue;
        error("k8s-volume-types", &e.key,
              "volume '" + vname + "' is of type " + e.key.value + "; " + kProfile +
                  " allows only configMap, csi, downwardAPI, emptyDir, ephemeral, "
                  "persistentVolumeClaim, projected and secret volumes");
      }
    }
  }

  const PodTemplate& pod_;
  const Module* module_;
  Diagnostics& diags_;
  // What the module's waivers relax (pod_security_level says the same as a level).
  const bool as_root_;       // non-root-user: runAsNonRoot not required, uid 0 allowed
  const bool privileged_;    // no-privileged with privileged: true
  const bool host_network_;  // no-host-network with network_mode: host
};

}  // namespace

PodSecurityLevel pod_security_level(const Module& module) {
  const int caps = values::capabilities_level(granted_capabilities(&module));
  if (runs_privileged(&module) || uses_host_network(&module) || caps == 2 ||
      unsafe_sysctls(&module))
    return PodSecurityLevel::Privileged;
  if (runs_as_root(&module) || caps == 1) return PodSecurityLevel::Baseline;
  return PodSecurityLevel::Restricted;
}

const char* pod_security_name(PodSecurityLevel level) {
  switch (level) {
    case PodSecurityLevel::Privileged:
      return "privileged";
    case PodSecurityLevel::Baseline:
      return "baseline";
    case PodSecurityLevel::Restricted:
      break;
  }
  return "restricted";
}

void check_pod_security(const PodTemplate& pod, const Module* module, Diagnostics& diags) {
  Checker(pod, module, diags).run();
}

}  // namespace gen::verify
