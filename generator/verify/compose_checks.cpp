#include "verify/compose_checks.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "model/edge.h"
#include "values/ipv4.h"
#include "verify/artifact.h"
#include "verify/host_access.h"
#include "verify/yaml_doc.h"
#include "values/engine_size.h"
#include "util/text.h"

namespace gen::verify {

namespace {

using model::Module;
using yaml::Node;

// What one check needs to report: where, and which template made it.
struct ComposeSite {
  const std::string& path;
  const OutputFile& file;
  Diagnostics& diags;

  Diagnostic& error(const char* rule, const SourceLocation& at, std::string message) const {
    return artifact_error(diags, rule, path, file, at.line, at.column, std::move(message));
  }
  Diagnostic& error(const char* rule, const Node& at, std::string message) const {
    return error(rule, at.loc, std::move(message));
  }
};

bool waived(const Module* module, const std::string& rule) {
  return module && module->waives(rule);
}


std::vector<std::string> scalars_of(const Node* seq) {
  std::vector<std::string> out;
  if (seq && seq->is_sequence())
    for (const auto& item : seq->items) out.push_back(scalar(&item));
  return out;
}

void check_user(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                const Module* module) {
  if (waived(module, "non-root-user")) return;
  const Node* user = service.find("user");
  if (!user) {
    at.error("non-root-user", key,
             "service '" + svc + "' sets no user, so it runs as the image's user (often root)")
        .help = "set user: \"<uid>:<gid>\" with numbers other than 0";
    return;
  }
  std::string u = scalar(user);
  size_t colon = u.find(':');
  std::string uid = u.substr(0, colon), gid = colon == std::string::npos ? "" : u.substr(colon + 1);
  if (!is_digits(uid) || (colon != std::string::npos && !is_digits(gid))) {
    at.error("non-root-user", *user,
             "service '" + svc + "' runs as '" + u + "', not a numeric uid:gid")
        .help = "a name can map to root in some images; use numbers";
    return;
  }
  auto zero = [](const std::string& n) {
    return std::all_of(n.begin(), n.end(), [](char c) { return c == '0'; });
  };
  if (zero(uid) || (!gid.empty() && zero(gid))) {
    at.error("non-root-user", *user, "service '" + svc + "' runs as root (" + u + ")");
    return;
  }
  if (module && module->user) {
    std::string want = module->user->spec();
    if (u != want)
      at.error("non-root-user", *user,
               "service '" + svc + "' runs as " + u + "; the spec says " + want);
  }
}

void check_isolation(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                     const Module* module) {
  const Node* ro = service.find("read_only");
  if (granted_writable_root(module)) {
    if (!ro || scalar(ro) != "false")
      at.error("granted-privileges", ro ? *ro : key,
               "service '" + svc + "' does not run with the writable root filesystem the spec "
               "asks for under its waiver of read-only-rootfs")
          .help = "set read_only: false";
  } else if (!is_true(ro)) {
    at.error("read-only-root", ro ? *ro : key,
             "service '" + svc + "' does not run with a read-only root filesystem")
        .help = "set read_only: true and give writable paths a tmpfs or a mount";
  }

  const Node* drop = service.find("cap_drop");
  auto dropped = scalars_of(drop);
  if (std::find(dropped.begin(), dropped.end(), "ALL") == dropped.end())
    at.error("cap-drop-all", drop ? *drop : key,
             "service '" + svc + "' does not drop all capabilities")
        .help = "set cap_drop: [ALL]";
  // Only the capabilities the spec grants under a waiver, and all of them.
  const Node* add = service.find("cap_add");
  if (add && !add->is_sequence() && !add->is_null())
    at.error("cap-drop-all", *add, "service '" + svc + "' adds capabilities back (cap_add)");
  const std::vector<std::string> added = scalars_of(add);
  std::vector<std::string> missing;
  for (size_t i : ungranted_capabilities(module, added, missing))
    at.error("cap-drop-all", add->items[i],
             "service '" + svc + "' adds capability " + added[i] + " back (cap_add), which the "
             "spec does not grant under a waiver of no-added-capabilities");
  for (const auto& cap : missing)
    at.error("granted-privileges", add ? *add : key,
             "service '" + svc + "' does not add capability " + cap +
                 ", which the spec grants under its waiver of no-added-capabilities");

  const Node* sec = service.find("security_opt");
  auto opts = scalars_of(sec);
  bool nnp = false;
  for (const auto& o : opts)
    if (o == "no-new-privileges:true" || o == "no-new-privileges" || o == "no-new-privileges=true")
      nnp = true;
  if (!nnp)
    at.error("no-new-privileges", sec ? *sec : key,
             "service '" + svc + "' does not set no-new-privileges")
        .help = "set security_opt: [\"no-new-privileges:true\"]";

  const Node* priv = service.find("privileged");
  if (is_true(priv) && !waived(module, "no-privileged"))
    at.error("no-privileged", *priv, "service '" + svc + "' runs privileged");
  const Node* net = service.find("network_mode");
  if (net && scalar(net) == "host" && !waived(module, "no-host-network"))
    at.error("no-host-network", *net, "service '" + svc + "' uses the host's network namespace");
}

// `devices`: exactly the devices the spec grants under a waiver of
// no-host-devices, each read with the spec's grammar (the short form, or the
// long form's source, target and permissions).
void check_devices(const ComposeSite& at, const std::string& svc, const Node& service,
                   const Module* module) {
  const Node* devices = service.find("devices");
  std::vector<const Node*> items;
  std::vector<std::string> texts;
  if (devices && devices->is_sequence()) {
    for (const auto& item : devices->items) {
      std::string text = scalar(&item);
      if (item.is_mapping()) {
        text = scalar(item.find("source"));
        if (const Node* t = item.find("target")) text += ":" + scalar(t);
        if (const Node* p = item.find("permissions")) text += ":" + scalar(p);
      }
      items.push_back(&item);
      texts.push_back(text);
    }
  } else if (devices && !devices->is_null()) {
    at.error("no-devices", *devices, "service '" + svc + "' is given host devices (devices)");
  }
  std::vector<values::Device> missing;
  for (size_t i : ungranted_devices(module, texts, missing))
    at.error("no-devices", *items[i],
             "service '" + svc + "' is given host device " + texts[i] +
                 ", which the spec does not grant under a waiver of no-host-devices");
  for (const auto& d : missing)
    at.error("granted-privileges", devices ? *devices : service,
             "service '" + svc + "' is not given host device " + d.text() +
                 ", which the spec grants under its waiver of no-host-devices");
}

// Host access no spec key asks for (docs/compose.md, "Verify"): the host's
// namespaces, devices, unconfined profiles, and binds of the host's root or
// an engine socket unless the spec mounts exactly that path under a waiver.
void check_host_access(const ComposeSite& at, const std::string& svc, const Node& service,
                       const Module* module) {
  for (const char* k : {"pid", "ipc", "uts", "cgroup", "userns_mode"})
    if (const Node* v = service.find(k); v && is_host_mode(scalar(v)))
      at.error("no-host-namespaces", *v,
               "service '" + svc + "' shares the host's " + k + " namespace (" + k + ": host)");
  if (const Node* v = service.find("device_cgroup_rules");
      v && !v->is_null() && !(v->is_sequence() && v->items.empty()))
    at.error("no-devices", *v,
             "service '" + svc + "' is given host devices (device_cgroup_rules)");
  check_devices(at, svc, service, module);
  if (const Node* sec = service.find("security_opt"); sec && sec->is_sequence())
    for (const auto& o : sec->items)
      if (std::string why = unconfined_option(scalar(&o)); !why.empty())
        at.error("no-unconfined", o, "service '" + svc + "' runs with " + why);
  const Node* vols = service.find("volumes");
  if (!vols || !vols->is_sequence()) return;
  for (const auto& item : vols->items) {
    std::string source;
    if (item.is_mapping()) {
      std::string type = scalar(item.find("type"));
      source = scalar(item.find("source"));
      if (type != "bind" && !(type.empty() && !source.empty() && source[0] == '/')) continue;
    } else {
      source = bind_source(scalar(&item));
    }
    std::string danger = host_bind_danger(source);
    if (danger.empty() || spec_binds(module, source)) continue;
    bool socket = danger.rfind("the container engine", 0) == 0;
    at.error(socket ? "no-engine-socket" : "host-binds", item,
             "service '" + svc + "' mounts " + source + ", " + danger);
  }
}

void check_ports(const ComposeSite& at, const std::string& svc, const Node& service, const Module* module) {
  if (waived(module, "loopback-ports")) return;
  const Node* ports = service.find("ports");
  if (!ports || !ports->is_sequence()) return;
  for (const auto& p : ports->items) {
    std::string ip, shown;
    if (p.is_mapping()) {
      ip = scalar(p.find("host_ip"));
      shown = "host_ip " + (ip.empty() ? std::string("(none)") : ip);
    } else {
      shown = scalar(&p);
      ip = port_host_ip(shown);
    }
    if (!is_loopback(ip))
      at.error("loopback-ports", p,
               "service '" + svc + "' publishes port " + shown +
                   (ip.empty() ? " on every interface" : " on a non-loopback address"))
          .help = "bind published ports to 127.0.0.1 (\"127.0.0.1:8100:5000\")";
  }
}

// Routes (issue 21): in a routed project the edge proxy is the only
// service publishing host port 80 or 443.
void check_edge_ports(const ComposeSite& at, const std::string& svc, const Node& service,
                      const Module* module, const model::Project& project) {
  if (project.routes.empty() || (module && module->edge)) return;
  const Node* ports = service.find("ports");
  if (!ports || !ports->is_sequence()) return;
  for (const auto& p : ports->items) {
    std::string host = p.is_mapping() ? scalar(p.find("published")) : published_port(scalar(&p));
    if (host == "80" || host == "443")
      at.error("edge-ports", p,
               "service '" + svc + "' publishes host port " + host +
                   ", which the routes' edge proxy (" + model::kEdgeModule + ") alone serves")
          .help = "route to the module (routes:) instead of publishing 80 or 443";
  }
}

void check_health(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                  const Module* module) {
  if (!module || !module->long_running() || waived(module, "health-check")) return;
  if (!module->health) return;  // the check stage already reported it
  const model::HealthTimings& want = module->health->timings;
  const Node* hc = service.find("healthcheck");
  if (!hc || !hc->is_mapping()) {
    at.error("health-check", hc ? *hc : key, "service '" + svc + "' has no health check").help =
        "the image's HEALTHCHECK is not enough: compose must know when it is healthy";
    return;
  }
  const Node* test = hc->find("test");
  auto words = scalars_of(test);
  bool none =
      (test && test->is_scalar() && scalar(test).empty()) || (!words.empty() && words[0] == "NONE");
  if (is_true(hc->find("disable")) || !test || none) {
    at.error("health-check", *hc, "service '" + svc + "' disables its health check");
    return;
  }
  const std::pair<const char*, const model::Duration*> timings[] = {
      {"interval", &want.interval}, {"timeout", &want.timeout}, {"start_period", &want.start_period}};
  for (const auto& [k, duration] : timings) {
    const Node* v = hc->find(k);
    const std::string& expect = duration->text;
    if (!v || scalar(v) != expect)
      at.error("health-check", v ? *v : *hc,
               "service '" + svc + "' health check " + k + " is " +
                   (v ? scalar(v) : std::string("unset")) + "; the spec says " + expect);
  }
  const Node* r = hc->find("retries");
  std::string expect = std::to_string(want.retries);
  if (!r || scalar(r) != expect)
    at.error("health-check", r ? *r : *hc,
             "service '" + svc + "' health check retries is " +
                 (r ? scalar(r) : std::string("unset")) + "; the spec says " + expect);
}

// A value as compose uses it after its own interpolation, for comparing
// with the spec: `$$` is a literal `$` (gen escapes every `$` of a spec
// value that way).
std::string unescape_dollars(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '$') ++i;
  }
  return out;
}

// A volumes item's target and whether it is read-only.
bool mount_of(const Node& item, std::string& target, bool& read_only) {
  if (item.is_mapping()) {
    target = unescape_dollars(scalar(item.find("target")));
    read_only = is_true(item.find("read_only"));
    return !target.empty();
  }
  std::string s = scalar(&item);
  // source:target[:mode]; a named volume or path has no ':' of its own here.
  size_t a = s.find(':');
  if (a == std::string::npos) return false;
  size_t b = s.find(':', a + 1);
  target =
      unescape_dollars(s.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1));
  std::string mode = b == std::string::npos ? "" : s.substr(b + 1);
  read_only = false;
  size_t start = 0;
  while (start <= mode.size()) {
    size_t end = mode.find(',', start);
    if (end == std::string::npos) end = mode.size();
    if (mode.substr(start, end - start) == "ro") read_only = true;
    start = end + 1;
  }
  return true;
}

void check_read_only_mounts(const ComposeSite& at, const std::string& svc, const Node& key,
                            const Node& service, const Module* module) {
  if (!module || waived(module, "read-only-conf")) return;
  const Node* vols = service.find("volumes");
  for (const auto& m : module->mounts) {
    using model::MountKind;
    if (m.kind != MountKind::Own && m.kind != MountKind::From && m.kind != MountKind::Config &&
        m.kind != MountKind::ConfigDir)
      continue;
    if (!m.read_only) continue;
    const std::string& target = m.target;
    const Node* found = nullptr;
    bool ro = false;
    if (vols && vols->is_sequence())
      for (const auto& item : vols->items) {
        std::string t;
        bool r = false;
        if (mount_of(item, t, r) && t == target) {
          found = &item;
          ro = r;
        }
      }
    if (!found)
      at.error("read-only-conf", vols ? *vols : key,
               "service '" + svc + "' does not mount " + target + " (read-only)");
    else if (!ro)
      at.error("read-only-conf", *found,
               "service '" + svc + "' mounts " + target + " writable; it must be read-only")
          .help = "add :ro (or read_only: true)";
  }
}

// Each anonymous mount: a volume of its own at its target (the short form
// is the path alone; the long form a volume without source), writable.
// A named volume or a bind there would share or expose the data.
void check_anonymous_volumes(const ComposeSite& at, const std::string& svc, const Node& key,
                             const Node& service, const Module* module) {
  if (!module) return;
  const Node* vols = service.find("volumes");
  for (const auto& m : module->mounts) {
    if (m.kind != model::MountKind::Anonymous) continue;
    const Node* found = nullptr;
    bool anonymous = false, ro = false;
    if (vols && vols->is_sequence())
      for (const auto& item : vols->items) {
        std::string target;
        bool r = false, alone = false;
        if (item.is_mapping()) {
          std::string type = scalar(item.find("type"));
          alone = (type.empty() || type == "volume") && scalar(item.find("source")).empty();
        } else if (std::string s = scalar(&item); s.find(':') == std::string::npos) {
          target = unescape_dollars(s);
          alone = true;
        }
        if (target.empty() && !mount_of(item, target, r)) continue;
        if (target != m.target) continue;
        found = &item;
        anonymous = alone;
        ro = r;
      }
    if (!found)
      at.error("anonymous-volumes", vols ? *vols : key,
               "service '" + svc + "' does not mount an anonymous volume at " + m.target)
          .help = "volumes: [" + m.target + "]";
    else if (!anonymous)
      at.error("anonymous-volumes", *found,
               "service '" + svc + "' mounts a named volume or a host path at " + m.target +
                   "; the spec asks for a volume of the container's own (anonymous)")
          .help = "volumes: [" + m.target + "]";
    else if (ro)
      at.error("anonymous-volumes", *found,
               "service '" + svc + "' mounts its anonymous volume at " + m.target +
                   " read-only; the spec's is writable");
  }
}

// The value of `name` in an environment mapping or KEY=VALUE list; nullptr
// when it is not set there.
const Node* env_value(const Node* env, const std::string& name, std::string& value) {
  if (!env) return nullptr;
  if (env->is_mapping()) {
    const Node* v = env->find(name);
    if (v) value = scalar(v);
    return v;
  }
  if (env->is_sequence())
    for (const auto& item : env->items) {
      std::string s = scalar(&item);
      if (s == name) return nullptr;  // passed through from the environment
      if (s.rfind(name + "=", 0) == 0) {
        value = s.substr(name.size() + 1);
        return &item;
      }
    }
  return nullptr;
}

void check_secrets(const ComposeSite& at, const std::string& svc, const Node& service,
                   const Module* module) {
  if (!module || waived(module, "no-secret-values")) return;
  const Node* env = service.find("environment");
  for (const auto& e : module->env) {
    if (e.kind != model::EnvKind::Secret) continue;
    const std::string& name = e.name;
    std::string value;
    const Node* v = env_value(env, name, value);
    if (!v || v->is_null()) continue;
    // Only a reference to the variable itself: ${NAME}, ${NAME:?...}, ${NAME:-}.
    bool reference = value.rfind("${" + name, 0) == 0 && value.back() == '}' &&
                     (value.size() == name.size() + 3 || value[name.size() + 2] == ':' ||
                      value[name.size() + 2] == '?' || value[name.size() + 2] == '-');
    if (!reference)
      at.error("no-secret-values", *v,
               "service '" + svc + "' writes a value for secret " + name +
                   "; secrets are passed by reference only")
          .help = name + ": ${" + name + ":?set outside repo}";
  }
}

// A variable read from the host under another name: the service
// interpolates that name (${HOST:?...}), env file or not.
void check_from_host(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                     const Module* module) {
  if (!module) return;
  const Node* env = service.find("environment");
  for (const auto& e : module->env) {
    if (!e.from_host) continue;
    std::string value;
    const Node* v = env_value(env, e.name, value);
    const std::string want = "${" + *e.from_host;
    const bool reads = v && !v->is_null() && value.rfind(want, 0) == 0 && value.back() == '}' &&
                       std::string(":?}").find(value[want.size()]) != std::string::npos;
    if (!reads)
      at.error("env-from-host", v ? *v : env ? *env : key,
               "service '" + svc + "' does not read " + e.name + " from the host's " +
                   *e.from_host + ", as the spec says")
          .help = e.name + ": ${" + *e.from_host + ":?set outside repo}";
  }
}

// The runtime name the spec gives top-level `kind` (volumes or networks)
// entry `key`: project-scoped for what gen creates, the shared name for an
// external one (model::Project computed both); nullptr for an unknown key.
struct ExpectedName {
  std::string name;
  bool external = false;
};
std::optional<ExpectedName> expected_name(const model::Project& project, const std::string& kind,
                                          const std::string& key) {
  if (kind == "networks") {
    if (const model::Network* n = project.find_network(key)) return ExpectedName{n->name, n->external};
    if (project.egress_network && key == project.egress_network->key)
      return ExpectedName{project.egress_network->name, false};
    return std::nullopt;
  }
  if (const model::Volume* v = project.find_volume(key)) return ExpectedName{v->name, v->external};
  for (const auto& m : project.modules)
    if (m.state && m.state->volume == key) return ExpectedName{m.state->name, false};
  return std::nullopt;
}

// Named volumes and networks carry the names the spec resolves to: scoped
// to the project (issue 22, case 13) unless external, so an override cannot
// make two projects share one database volume.
void check_names(const ComposeSite& at, const Node& doc, const model::Project& project) {
  for (const char* kind : {"volumes", "networks"}) {
    const Node* top = doc.find(kind);
    if (!top || !top->is_mapping()) continue;
    for (const auto& entry : top->entries) {
      auto want = expected_name(project, kind, entry.key.value);
      if (!want) continue;
      const Node* name = entry.value.is_mapping() ? entry.value.find("name") : nullptr;
      std::string got = name ? unescape_dollars(scalar(name)) : "";
      std::string expect = want->name;
      // ${VAR} in an external name is written ${VAR:?...}: compare up to it.
      bool same = got == expect || (want->external && expect.find('$') != std::string::npos &&
                                    got.find('$') != std::string::npos);
      if (!same)
        at.error("project-scoped-names", name ? *name : entry.key,
                 std::string(kind).substr(0, std::string(kind).size() - 1) + " '" +
                     entry.key.value + "' is named '" + got + "'; the spec names it '" + expect +
                     "'")
            .help = want->external ? "an external name is used as the spec writes it"
                                   : "what gen creates is named <project>_<key>, so projects on one "
                                     "host do not share it";
      if (!want->external && is_true(entry.value.is_mapping() ? entry.value.find("external") : nullptr))
        at.error("project-scoped-names", entry.key,
                 entry.key.value + " is marked external; the spec has gen create it");
    }
  }
}

// Egress (issue 21): a service joins the routed network exactly when its
// module routes_out(), so a module without egress has no way out of the
// host. Whether compose's default network routes out is known only once the
// document is: a module without egress on it, or on the routed network, is
// left in `joins` for check_networks.
void check_service_egress(const ComposeSite& at, const std::string& svc, const Node& key,
                          const Node& service, const Module* module, const model::Project& project,
                          std::vector<ComposeDocumentCheck::NetworkJoin>& joins) {
  if (!module || module->kind == model::ModuleKind::Base) return;
  if (service.find("network_mode")) return;  // no-host-network and isolation checks
  const std::string routed = project.egress_network ? project.egress_network->key : "";
  std::vector<const Node*> keys;
  const Node* nets = service.find("networks");
  if (nets && nets->is_sequence())
    for (const auto& item : nets->items) keys.push_back(&item);
  else if (nets && nets->is_mapping())
    for (const auto& e : nets->entries) keys.push_back(&e.key);
  bool on_routed = false, on_default = false;
  auto joins_network = [&](const std::string& net) {
    if (!routed.empty() && net == routed)
      on_routed = true;
    else if (net == "default")
      on_default = true;
  };
  if (keys.empty()) joins_network("default");
  for (const Node* k : keys) joins_network(scalar(k));
  const Node& where = nets ? *nets : key;
  if (module->routes_out() && !on_routed && !routed.empty())
    at.error("egress-output", where,
             "service '" + svc + "' is not on network '" + routed + "', so its " +
                 (module->egress.empty() ? "published ports" : "egress") + " cannot leave the host")
        .help = "join the network that routes out";
  if (!module->routes_out() && (on_routed || on_default))
    joins.push_back({svc, where.loc, on_routed});
}

// Egress (issue 21): every network gen creates is internal as the model
// says (compose's default too), the routed network is not; and no module
// without egress joins one that routes out (`joins`, from check_service_egress).
void check_networks(const ComposeSite& at, const Node& doc, const model::Project& project,
                    const std::vector<ComposeDocumentCheck::NetworkJoin>& joins) {
  const Node* top = doc.find("networks");
  auto internal = [](const Node* n) {
    return n && n->is_mapping() && is_true(n->find("internal"));
  };
  const std::string routed = project.egress_network ? project.egress_network->key : "";
  if (top && top->is_mapping())
    for (const auto& entry : top->entries) {
      const std::string& key = entry.key.value;
      const model::Network* n = project.find_network(key);
      bool want_internal = key == "default" ? true : n && !n->external ? n->internal : false;
      bool known = key == "default" || (n && !n->external) || (!routed.empty() && key == routed);
      if (known && internal(&entry.value) != want_internal)
        at.error("egress-output", entry.key,
                 "network '" + key + "' " +
                     (want_internal ? "routes out of the host; the spec makes it internal"
                                    : "is internal; the modules with egress need its route out"))
            .help = want_internal ? "set `internal: true` on it" : "remove `internal: true`";
    }
  // compose's default network routes out unless declared internal; the
  // spec's own are checked above against what the spec says of them.
  const bool default_open = !internal(top && top->is_mapping() ? top->find("default") : nullptr);
  for (const auto& j : joins)
    if (j.routed || default_open)
      at.error("egress-output", j.where,
               "service '" + j.service + "' has no egress in the spec but joins network '" +
                   (j.routed ? routed : std::string("default")) + "', which routes out of the host")
          .help = "a module without egress sits on internal networks only";
}

// Static addresses (issue 20) compare parsed, so 172.28.0.010 cannot pass.
bool same_ip(const Node* v, const values::Ipv4* want) {
  if (!v || !want) return !v && !want;
  auto got = values::Ipv4::parse(scalar(v));
  return got.address && *got.address == *want;
}

// Static addresses (issue 20): each network gen creates carries the spec's
// subnet and gateway in `ipam.config` and no other.
void check_subnets(const ComposeSite& at, const Node& doc, const model::Project& project) {
  const Node* top = doc.find("networks");
  if (top && top->is_mapping())
    for (const auto& entry : top->entries) {
      const model::Network* n = project.find_network(entry.key.value);
      bool ours = n && !n->external;
      const Node* ipam = entry.value.is_mapping() ? entry.value.find("ipam") : nullptr;
      const Node* config = ipam && ipam->is_mapping() ? ipam->find("config") : nullptr;
      const Node* first = config && config->is_sequence() && !config->items.empty()
                              ? &config->items.front()
                              : nullptr;
      const Node* subnet = first && first->is_mapping() ? first->find("subnet") : nullptr;
      const Node* gateway = first && first->is_mapping() ? first->find("gateway") : nullptr;
      auto block = subnet ? values::Cidr::parse(scalar(subnet)) : values::Cidr::Result{};
      const std::optional<values::Cidr> want = ours ? n->subnet : std::nullopt;
      bool subnet_ok = want ? block.cidr && *block.cidr == *want : !subnet;
      const values::Ipv4* want_gw = ours && n->gateway ? &*n->gateway : nullptr;
      if (!subnet_ok || (config && config->is_sequence() && config->items.size() > 1))
        at.error("static-addresses", subnet ? *subnet : entry.key,
                 "network '" + entry.key.value + "' has " +
                     (subnet ? "subnet " + scalar(subnet) : std::string("no subnet")) +
                     "; the spec's is " + (want ? want->text() : "none (the engine's choice)"))
            .help = want ? "ipam: {config: [{subnet: " + want->text() + "}]}"
                         : "remove ipam from it";
      else if (!same_ip(gateway, want_gw))
        at.error("static-addresses", gateway ? *gateway : entry.key,
                 "network '" + entry.key.value + "' has " +
                     (gateway ? "gateway " + scalar(gateway) : std::string("no gateway")) +
                     "; the spec's is " + (want_gw ? want_gw->text() : "none (the engine's)"));
    }
}

// Static addresses (issue 20): a service has its module's ipv4_address on
// each network the spec gives one, and none where it gives none.
void check_addresses(const ComposeSite& at, const std::string& svc, const Node& key,
                     const Node& service, const Module* module) {
  if (!module) return;
  const Node* nets = service.find("networks");
  std::map<std::string, const Node*> given;  // network key -> its ipv4_address
  if (nets && nets->is_mapping())
    for (const auto& e : nets->entries)
      if (const Node* ip = e.value.is_mapping() ? e.value.find("ipv4_address") : nullptr)
        given[e.key.value] = ip;
  for (const auto& a : module->addresses)
    if (!given.count(a.network))
      at.error("static-addresses", nets ? *nets : key,
               "service '" + svc + "' has no ipv4_address on network " + a.network +
                   "; the spec's is " + a.address.text())
          .help = "networks: {" + a.network + ": {ipv4_address: " + a.address.text() + "}}";
  for (const auto& [net, ip] : given)
    if (!same_ip(ip, module->address_on(net)))
      at.error("static-addresses", *ip,
               "service '" + svc + "' has ipv4_address " + scalar(ip) + " on network " + net +
                   "; the spec's is " +
                   (module->address_on(net) ? module->address_on(net)->text()
                                            : std::string("none (the engine's choice)")));
}

// Every container label of the spec, with its value (compose reads `$$` as
// `$`), in the service's `labels` mapping.
void check_labels(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                  const Module* module) {
  if (!module) return;
  const Node* labels = service.find("labels");
  for (const auto& [name, value] : module->container_labels) {
    const Node* have = labels && labels->is_mapping() ? labels->find(name) : nullptr;
    std::string escaped;
    for (char c : value) escaped += c == '$' ? std::string("$$") : std::string(1, c);
    if (have && have->is_scalar() && have->value == escaped) continue;
    at.error("container-labels", have ? *have : labels ? *labels : key,
             "service '" + svc + "' has " +
                 (have ? "label " + name + "=" + scalar(have) : "no label " + name) +
                 "; the spec's is " + name + "=" + value);
  }
}

// The module's host name, and every name it is reached by as an alias on
// each network it joins (compose's default one when the spec names none).
void check_host_aliases(const ComposeSite& at, const std::string& svc, const Node& key,
                        const Node& service, const Module* module) {
  if (!module) return;
  const Node* hostname = service.find("hostname");
  const bool same = module->hostname ? hostname && hostname->is_scalar() &&
                                          hostname->value == *module->hostname
                                    : hostname == nullptr;
  if (!same)
    at.error("host-aliases", hostname ? *hostname : key,
             "service '" + svc + "' has " +
                 (hostname ? "hostname " + scalar(hostname) : std::string("no hostname")) +
                 "; the spec's is " + module->hostname.value_or("none (the engine's default)"));
  if (module->aliases.empty()) return;
  const Node* networks = service.find("networks");
  std::vector<std::string> joined = module->networks;
  if (joined.empty()) joined.push_back("default");
  for (const auto& net : joined) {
    const Node* entry = networks && networks->is_mapping() ? networks->find(net) : nullptr;
    std::vector<std::string> have = scalars_of(entry && entry->is_mapping() ? entry->find("aliases")
                                                                           : nullptr);
    for (const auto& alias : module->aliases)
      if (std::find(have.begin(), have.end(), alias) == have.end())
        at.error("host-aliases", entry ? *entry : networks ? *networks : key,
                 "service '" + svc + "' is not reached as " + alias + " on network " + net +
                     ", as the spec says (hostname or aliases)")
            .help = "networks: {" + net + ": {aliases: [" + alias + "]}}";
  }
}

// The spec's process details (issue 20): init, stdin_open and tty true where
// it asks for them, and each extra_hosts entry with its IP, in the list
// ("host:ip", "host=ip") or mapping form compose reads.
void check_process(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                   const Module* module) {
  if (!module) return;
  const std::pair<const char*, bool> flags[] = {
      {"init", module->init}, {"stdin_open", module->stdin_open}, {"tty", module->tty}};
  for (const auto& [name, want] : flags) {
    const Node* v = service.find(name);
    if (want && !is_true(v))
      at.error("process-details", v ? *v : key,
               "service '" + svc + "' does not set " + name + ": true, which the spec asks for");
  }
  if (module->platform) {
    const Node* v = service.find("platform");
    if (scalar(v) != module->platform->text())
      at.error("process-details", v ? *v : key,
               "service '" + svc + "' does not run platform " + module->platform->text() +
                   ", which the spec asks for")
          .help = "platform: " + module->platform->text();
  }
  const Node* hosts = service.find("extra_hosts");
  for (const auto& h : module->extra_hosts) {
    bool found = false;
    if (hosts && hosts->is_mapping()) {
      found = scalar(hosts->find(h.host)) == h.ip;
    } else if (hosts && hosts->is_sequence()) {
      for (const auto& item : hosts->items) {
        std::string text = scalar(&item);
        found |= text == h.host + ":" + h.ip || text == h.host + "=" + h.ip ||
                 text == h.host + ":[" + h.ip + "]";
      }
    }
    if (!found)
      at.error("process-details", hosts ? *hosts : key,
               "service '" + svc + "' does not map host name " + h.host + " to " + h.ip +
                   " (extra_hosts), as the spec does");
  }
}

// The spec's kernel settings (issue 20): shm_size in any size compose reads
// (bytes, or a number with b, k, m, g), each ulimit with its soft and hard
// limits (one number is both), each sysctl with its value (mapping or
// NAME=VALUE list).
void check_kernel(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                  const Module* module) {
  if (!module) return;
  if (module->shm_size) {
    const Node* v = service.find("shm_size");
    auto want = module->shm_size->bytes();
    auto got = v ? values::engine_bytes(scalar(v)) : std::nullopt;
    if (!got || got != want)
      at.error("kernel-limits", v ? *v : key,
               "service '" + svc + "' does not set shm_size to " + module->shm_size->text() +
                   " (" + std::to_string(want.value_or(0)) + " bytes), as the spec does");
  }
  const Node* limits = service.find("ulimits");
  for (const auto& u : module->ulimits) {
    const Node* v = limits && limits->is_mapping() ? limits->find(u.name) : nullptr;
    std::string soft = std::to_string(u.soft), hard = std::to_string(u.hard);
    bool ok = v && ((v->is_scalar() && u.soft == u.hard && scalar(v) == soft) ||
                    (v->is_mapping() && scalar(v->find("soft")) == soft &&
                     scalar(v->find("hard")) == hard));
    if (!ok)
      at.error("kernel-limits", v ? *v : limits ? *limits : key,
               "service '" + svc + "' does not limit " + u.name + " to soft " + soft +
                   ", hard " + hard + " (ulimits), as the spec does");
  }
  const Node* sysctls = service.find("sysctls");
  for (const auto& sc : module->sysctls) {
    bool found = false;
    if (sysctls && sysctls->is_mapping()) {
      found = sysctls->find(sc.name) && scalar(sysctls->find(sc.name)) == sc.value;
    } else if (sysctls && sysctls->is_sequence()) {
      for (const auto& item : sysctls->items) found |= scalar(&item) == sc.name + "=" + sc.value;
    }
    if (!found)
      at.error("kernel-limits", sysctls ? *sysctls : key,
               "service '" + svc + "' does not set sysctl " + sc.name + " to " + sc.value +
                   ", as the spec does");
  }
}

// Every secret mount: granted to the service at its target, and declared at
// the top level (check_secret_declarations, once the document is complete).
void check_secret_files(const ComposeSite& at, const std::string& svc, const Node& key,
                        const Node& service, const Module* module,
                        std::vector<ComposeDocumentCheck::SecretMount>& mounts) {
  if (!module) return;
  const Node* grants = service.find("secrets");
  for (const auto& m : module->mounts) {
    if (m.kind != model::MountKind::Secret || !m.secret) continue;
    const std::string& name = *m.secret;
    bool granted = false;
    if (grants && grants->is_sequence())
      for (const auto& g : grants->items)
        if (g.is_mapping() && scalar(g.find("source")) == name &&
            scalar(g.find("target")) == m.target)
          granted = true;
    if (!granted)
      at.error("compose-secret-files", grants ? *grants : key,
               "service '" + svc + "' does not mount secret " + name + " at " + m.target)
          .help = "secrets: [{source: " + name + ", target: " + m.target + "}]";
    mounts.push_back({svc, key.loc, name, m.host.has_value()});
  }
}

// Each secret a service mounts is declared at the top level from its file,
// or external when the operator creates it.
void check_secret_declarations(const ComposeSite& at, const Node& doc,
                               const std::vector<ComposeDocumentCheck::SecretMount>& mounts) {
  const Node* top = doc.find("secrets");
  for (const auto& m : mounts) {
    const Node* decl = top && top->is_mapping() ? top->find(m.secret) : nullptr;
    const bool declared = decl && decl->is_mapping() &&
                          (m.host ? decl->find("file") != nullptr
                                  : scalar(decl->find("external")) == "true");
    if (!declared)
      at.error("compose-secret-files", decl ? decl->loc : m.where,
               "secret " + m.secret + " of service '" + m.service +
                   "' is not declared at the top level " +
                   (m.host ? "with its file" : "as external"));
  }
}

}  // namespace

bool is_loopback(const std::string& address) {
  std::string a = address;
  if (a.size() > 1 && a.front() == '[' && a.back() == ']') a = a.substr(1, a.size() - 2);
  if (a == "::1" || a == "localhost") return true;
  // 127.0.0.0/8 as a dotted quad.
  if (a.rfind("127.", 0) != 0) return false;
  int parts = 0;
  size_t start = 0;
  while (start <= a.size()) {
    size_t end = a.find('.', start);
    if (end == std::string::npos) end = a.size();
    std::string p = a.substr(start, end - start);
    if (!is_digits(p) || p.size() > 3 || std::stoi(p) > 255) return false;
    ++parts;
    start = end + 1;
  }
  return parts == 4;
}

// The host port of a short-syntax port ("[ip:]host:container[/proto]"),
// "" when none is published.
std::string published_port(const std::string& port) {
  std::string p = port.substr(0, port.find('/'));
  if (!p.empty() && p.front() == '[') {
    size_t close = p.find(']');
    p = close == std::string::npos ? "" : p.substr(close + 1);
    if (!p.empty() && p.front() == ':') p.erase(0, 1);
  }
  size_t last = p.rfind(':');
  if (last == std::string::npos) return "";
  std::string head = p.substr(0, last);
  size_t colon = head.rfind(':');
  return colon == std::string::npos ? head : head.substr(colon + 1);
}

std::string port_host_ip(const std::string& port) {
  std::string p = port.substr(0, port.find('/'));
  if (!p.empty() && p.front() == '[') {
    size_t close = p.find(']');
    return close == std::string::npos ? "" : p.substr(1, close - 1);
  }
  size_t first = p.find(':');
  if (first == std::string::npos) return "";
  size_t second = p.find(':', first + 1);
  if (second == std::string::npos) return "";  // host:container
  return p.substr(0, first);
}

// A built module's service builds what the spec says (compose-build): the
// project's own Dockerfile, relative to the context as compose reads it, and
// its stage; or, for a stack, the Dockerfile gen wrote for the module (in its
// output directory) with no stage of another file. Derived from the model,
// not from the template.
void check_build(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                 const Module* module) {
  if (!module || !module->image.built || !module->build) return;
  const Node* build = service.find("build");
  if (!build || !build->is_mapping()) {
    at.error("compose-build", build ? *build : key,
             "service '" + svc + "' does not build its image, yet the spec builds module '" +
                 module->name + "'")
        .help = "give the service build: {context, dockerfile}";
    return;
  }
  const Node* dockerfile = build->find("dockerfile");
  const Node* target = build->find("target");
  const std::string file = std::filesystem::path(scalar(dockerfile)).lexically_normal().generic_string();
  const model::Build& b = *module->build;
  if (b.own()) {
    const std::string want = std::filesystem::path(b.dockerfile->path)
                                 .lexically_normal()
                                 .lexically_relative(std::filesystem::path(b.context.path).lexically_normal())
                                 .generic_string();
    if (file != want)
      at.error("compose-build", dockerfile ? *dockerfile : *build,
               "service '" + svc + "' builds " + (file.empty() ? "no dockerfile" : file) +
                   "; the spec builds " + b.dockerfile->path + " (" + want + " from its context)");
    const std::string stage = scalar(target);
    if (stage != b.target.value_or(""))
      at.error("compose-build", target ? *target : *build,
               "service '" + svc + "' builds stage '" + stage + "'; the spec builds " +
                   (b.target ? "stage '" + *b.target + "'" : std::string("the last stage")));
    return;
  }
  // A setup step in its module's image builds that module's Dockerfile.
  const std::string& owner = module->setup_of ? *module->setup_of : module->name;
  const std::filesystem::path written(file);
  if (written.filename() != "Dockerfile" || written.parent_path().filename() != owner)
    at.error("compose-build", dockerfile ? *dockerfile : *build,
             "service '" + svc + "' builds " + (file.empty() ? "no dockerfile" : file) +
                 ", not the Dockerfile gen writes for module '" + owner + "' (" + owner +
                 "/Dockerfile)");
  if (target)
    at.error("compose-build", *target,
             "service '" + svc + "' builds a stage of gen's Dockerfile ('" + scalar(target) +
                 "'); the runtime stage is the last");
}

// Compose has no scheduler: a scheduled job must stay out of `up` (in a
// profile) and run on demand, or it would run once at every start.
void check_schedule(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                    const Module* module, const model::Project& project) {
  if (!module) return;
  // A setup step of a scheduled job runs only before the job's runs.
  const Module* owner = module->setup_of ? project.find_module(*module->setup_of) : nullptr;
  const Module* scheduled = module->schedule ? module : owner && owner->schedule ? owner : nullptr;
  if (!scheduled) return;
  if (scalars_of(service.find("profiles")).empty())
    at.error("schedule-output", key,
             "service '" + svc + "' runs on a schedule (cron " + scheduled->schedule->cron.text() +
                 (scheduled == module ? "" : ", as a setup step of " + scheduled->name) +
                 ") but is in no profile, so `up` would start it at once")
        .help = "keep `profiles: [scheduled]`: it runs with `docker compose run --rm " +
                scheduled->name + "`";
}

// Setup steps: a module waits for its last step to complete, each step for
// the one before it (service_completed_successfully), and a step runs once
// (restart: "no"), so `up` runs the steps in order before the module.
void check_setup(const ComposeSite& at, const std::string& svc, const Node& key, const Node& service,
                 const Module* module, const model::Project& project) {
  if (!module) return;
  if (module->setup_of) {
    const Node* restart = service.find("restart");
    if (scalar(restart) != "no")
      at.error("compose-setup-steps", restart ? *restart : key,
               "setup step '" + svc + "' must run once (restart: \"no\")");
  }
  // What this service waits for: its own last step, else (a step) the one before it.
  std::string awaited;
  if (!module->setup.empty()) awaited = module->setup.back();
  if (module->setup_of) {
    const Module* owner = project.find_module(*module->setup_of);
    if (owner)
      for (size_t i = 1; i < owner->setup.size(); ++i)
        if (owner->setup[i] == svc) awaited = owner->setup[i - 1];
  }
  if (awaited.empty()) return;
  const Node* deps = service.find("depends_on");
  const Node* dep = deps && deps->is_mapping() ? deps->find(awaited) : nullptr;
  const Node* cond = dep && dep->is_mapping() ? dep->find("condition") : nullptr;
  if (scalar(cond) != "service_completed_successfully")
    at.error("compose-setup-steps", cond ? *cond : deps ? *deps : key,
             "service '" + svc + "' must wait for setup step '" + awaited +
                 "' to complete (depends_on condition service_completed_successfully)");
}

ComposeDocumentCheck::ComposeDocumentCheck(const std::string& path, const OutputFile& file,
                                           const model::Project& project, Diagnostics& diags,
                                           std::set<std::string>& seen)
    : path_(path), file_(file), project_(project), diags_(diags), seen_(seen) {}

void ComposeDocumentCheck::service(const yaml::Entry& entry) {
  ComposeSite at{path_, file_, diags_};
  const std::string& svc = entry.key.value;
  const Node& key = entry.key;
  const Node& service = entry.value;
  if (!service.is_mapping()) {
    at.error("compose-services", key, "service '" + svc + "' is not a mapping");
    return;
  }
  const Module* module = project_.find_module(svc);
  if (module) seen_.insert(svc);
  check_service_egress(at, svc, key, service, module, project_, joins_);
  check_addresses(at, svc, key, service, module);
  check_user(at, svc, key, service, module);
  check_build(at, svc, key, service, module);
  check_isolation(at, svc, key, service, module);
  check_ports(at, svc, service, module);
  check_edge_ports(at, svc, service, module, project_);
  check_host_access(at, svc, service, module);
  check_health(at, svc, key, service, module);
  check_read_only_mounts(at, svc, key, service, module);
  check_anonymous_volumes(at, svc, key, service, module);
  check_secrets(at, svc, service, module);
  check_secret_files(at, svc, key, service, module, secrets_);
  check_schedule(at, svc, key, service, module, project_);
  check_setup(at, svc, key, service, module, project_);
  check_labels(at, svc, key, service, module);
  check_host_aliases(at, svc, key, service, module);
  check_from_host(at, svc, key, service, module);
  check_process(at, svc, key, service, module);
  check_kernel(at, svc, key, service, module);
}

void ComposeDocumentCheck::finish(const yaml::Node& doc) {
  ComposeSite at{path_, file_, diags_};
  const Node* services = doc.is_mapping() ? doc.find("services") : nullptr;
  if (!services || !services->is_mapping()) {
    at.error("compose-services", doc, "the compose file has no services mapping");
    return;
  }
  for (const auto& entry : services->entries) service(entry);
  check_names(at, doc, project_);
  check_networks(at, doc, project_, joins_);
  check_subnets(at, doc, project_);
  check_secret_declarations(at, doc, secrets_);
}

}  // namespace gen::verify
