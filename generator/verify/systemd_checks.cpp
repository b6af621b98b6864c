#include "verify/systemd_checks.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "values/engine_size.h"
#include "values/ipv4.h"
#include "verify/artifact.h"
#include "verify/host_access.h"
#include "util/text.h"

namespace gen::verify {

namespace {

using unit::Position;

// One setting as found in the unit: its text and where it is.
struct Fact {
  std::string value;
  Position at;
};

// What a unit says about its container, whichever flavor wrote it. Later
// facts win (podman and docker take the last of a repeated flag).
struct ContainerFacts {
  Position anchor;  // where a missing setting is reported
  std::string anchor_text;  // "[Container]" or "ExecStart="
  std::vector<Fact> user, group, group_add, read_only, cap_drop, cap_add, no_new_privs, publish,
      volumes, secrets, health_cmd, privileged, networks, labels, hostname, aliases;
  // Host access (verify/host_access.h): Fact::value is "<what>=<value>" for
  // namespaces ("pid=host"), the text as written otherwise.
  std::vector<Fact> namespaces, devices, unconfined, mounts;
  // Process details: --init / RunInit=, --interactive, --tty, --add-host / AddHost=,
  // --platform.
  std::vector<Fact> init, interactive, tty, add_hosts, platform;
  // Kernel settings: --shm-size, --ulimit, --sysctl (Quadlet ShmSize=,
  // Ulimit=, Sysctl= where a later Podman has them).
  std::vector<Fact> shm_size, ulimits, sysctls;
};



std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) return out;
    start = p + 1;
  }
}

bool waived(const model::Module& module, const char* rule) { return module.waives(rule); }

const std::string& module_name(const model::Module& module) { return module.name; }

// Flags of `podman run` / `docker run` that take a value as the next word.
bool takes_value(const std::string& flag) {
  static const std::set<std::string> flags = {
      "--name", "--user", "-u", "--group-add", "--tmpfs", "--cap-drop", "--cap-add",
      "--security-opt", "--publish", "-p", "--volume", "-v", "--env-file", "--env", "-e",
      "--secret", "--network", "--net", "--health-cmd", "--health-interval", "--health-timeout",
      "--health-start-period", "--health-retries", "--health-on-failure", "--stop-signal",
      "--stop-timeout", "--log-driver", "--log-opt", "--cpus", "--memory", "-m", "--workdir", "-w",
      "--entrypoint", "--cidfile", "--cgroups", "--sdnotify", "--mount", "--label", "-l",
      "--hostname", "-h", "--pull", "--restart", "--ulimit", "--device", "--add-host", "--dns",
      "--ip", "--pod", "--userns", "--annotation", "--memory-reservation", "--cpu-shares",
      "--platform", "--expose", "--pid", "--ipc", "--uts", "--cgroupns", "--seccomp-policy", "--shm-size", "--tz", "--uidmap", "--gidmap", "--env-merge",
      "--health-startup-cmd", "--requires", "--sysctl", "--pidfile", "--network-alias", "--stop-time"};
  return flags.count(flag) > 0;
}

void add_fact(ContainerFacts& f, const std::string& flag, const std::string& value, Position at) {
  if (flag == "--user" || flag == "-u") {
    auto parts = split(value, ':');
    f.user.push_back({parts[0], at});
    if (parts.size() > 1) f.group.push_back({parts[1], at});
  } else if (flag == "--group-add") {
    f.group_add.push_back({value, at});
  } else if (flag == "--read-only") {
    f.read_only.push_back({value, at});
  } else if (flag == "--cap-drop") {
    for (const auto& c : split(value, ',')) f.cap_drop.push_back({c, at});
  } else if (flag == "--cap-add") {
    for (const auto& c : split(value, ',')) f.cap_add.push_back({c, at});
  } else if (flag == "--security-opt") {
    std::string v = ascii_lower(value);
    if (v.rfind("no-new-privileges", 0) == 0) {
      std::string rest = v.substr(std::string("no-new-privileges").size());
      bool on = rest.empty() || unit::is_true(rest.substr(1));
      f.no_new_privs.push_back({on ? "true" : "false", at});
    }
    if (!unconfined_option(value).empty()) f.unconfined.push_back({value, at});
  } else if (flag == "--publish" || flag == "-p") {
    f.publish.push_back({value, at});
  } else if (flag == "--volume" || flag == "-v") {
    f.volumes.push_back({value, at});
  } else if (flag == "--secret") {
    f.secrets.push_back({value, at});
  } else if (flag == "--label" || flag == "-l") {
    f.labels.push_back({value, at});
  } else if (flag == "--hostname" || flag == "-h") {
    f.hostname.push_back({value, at});
  } else if (flag == "--network-alias") {
    f.aliases.push_back({value, at});
  } else if (flag == "--health-cmd") {
    f.health_cmd.push_back({value, at});
  } else if (flag == "--privileged") {
    f.privileged.push_back({value, at});
  } else if (flag == "--network" || flag == "--net") {
    f.networks.push_back({value, at});
  } else if (flag == "--pid" || flag == "--ipc" || flag == "--uts" || flag == "--cgroupns" ||
             flag == "--userns") {
    f.namespaces.push_back({flag.substr(2) + "=" + value, at});
  } else if (flag == "--device") {
    f.devices.push_back({value, at});
  } else if (flag == "--mount") {
    f.mounts.push_back({value, at});
  } else if (flag == "--init") {
    f.init.push_back({value, at});
  } else if (flag == "--interactive" || flag == "-i") {
    f.interactive.push_back({value, at});
  } else if (flag == "--tty" || flag == "-t") {
    f.tty.push_back({value, at});
  } else if (flag == "--add-host") {
    f.add_hosts.push_back({value, at});
  } else if (flag == "--shm-size") {
    f.shm_size.push_back({value, at});
  } else if (flag == "--ulimit") {
    f.ulimits.push_back({value, at});
  } else if (flag == "--sysctl") {
    f.sysctls.push_back({value, at});
  } else if (flag == "--platform") {
    f.platform.push_back({value, at});
  }
}

// Reads `<engine> run` options from words[start...]; with `stop_at_image`
// the first word that is not an option ends them (it is the image).
void read_flags(ContainerFacts& f, const std::vector<unit::Word>& words, size_t start,
                bool stop_at_image) {
  for (size_t i = start; i < words.size(); ++i) {
    const std::string& w = words[i].text;
    if (w.size() < 2 || w[0] != '-') {
      if (stop_at_image) return;
      continue;
    }
    size_t eq = w.find('=');
    if (w.rfind("--", 0) == 0 && eq != std::string::npos) {
      add_fact(f, w.substr(0, eq), w.substr(eq + 1), words[i].at);
    } else if (takes_value(w) && i + 1 < words.size()) {
      add_fact(f, w, words[i + 1].text, words[i + 1].at);
      ++i;
    } else {
      add_fact(f, w, "true", words[i].at);
    }
  }
}

void report_split_problem(const UnitSite& at, const unit::Problem& p) {
  at.error("systemd-syntax", p.at, p.message);
}

// ------------------------------------------------------------------ checks

const Fact* last(const std::vector<Fact>& facts) { return facts.empty() ? nullptr : &facts.back(); }

void check_id(const UnitSite& at, const ContainerFacts& f, const std::vector<Fact>& facts,
              const char* what, const char* setting, std::optional<int64_t> expected,
              const model::Module& module) {
  std::string name = module_name(module);
  const Fact* fact = last(facts);
  if (!fact) {
    at.error("non-root-user", f.anchor,
             "module '" + name + "' sets no " + what + " (" + setting + "), so its container runs "
             "with the image's " + what + " (often root)")
        .help = std::string("set ") + setting + " to the spec's numeric " + what + " id";
    return;
  }
  if (!is_digits(fact->value)) {
    at.error("non-root-user", fact->at,
             "module '" + name + "' sets " + what + " '" + fact->value + "' by name; the contract "
             "needs a numeric id");
    return;
  }
  if (fact->value == "0" || std::stoll(fact->value) == 0) {
    at.error("non-root-user", fact->at, "module '" + name + "' runs with " + what + " 0 (root)");
    return;
  }
  if (expected && std::to_string(*expected) != fact->value)
    at.error("non-root-user", fact->at,
             "module '" + name + "' runs with " + what + " " + fact->value + ", the spec says " +
                 std::to_string(*expected));
}

void check_identity(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  if (waived(module, "non-root-user")) return;
  const auto& user = module.user;
  check_id(at, f, f.user, "user", f.anchor_text == "[Container]" ? "User=" : "--user",
           user ? std::optional<int64_t>(user->uid) : std::nullopt, module);
  check_id(at, f, f.group, "group", f.anchor_text == "[Container]" ? "Group=" : "--user",
           user ? std::optional<int64_t>(user->gid) : std::nullopt, module);
  for (const auto& g : f.group_add)
    if (!is_digits(g.value) || std::stoll(g.value) == 0)
      at.error("non-root-user", g.at,
               "module '" + module_name(module) + "' adds supplementary group '" + g.value +
                   "'; the contract needs numeric groups other than 0");
  if (!user) return;
  for (int64_t g : user->groups) {
    if (g == user->gid) continue;
    std::string want = std::to_string(g);
    bool found = std::any_of(f.group_add.begin(), f.group_add.end(),
                             [&](const Fact& x) { return x.value == want; });
    if (!found)
      at.error("non-root-user", f.anchor,
               "module '" + module_name(module) + "' does not add supplementary group " + want +
                   " that the spec gives it");
  }
}

void check_flag_true(const UnitSite& at, const ContainerFacts& f, const std::vector<Fact>& facts,
                     const char* rule, const std::string& what, const std::string& setting,
                     const model::Module& module) {
  const Fact* fact = last(facts);
  if (!fact) {
    at.error(rule, f.anchor, "module '" + module_name(module) + "' " + what + ": " + setting +
                                 " is missing");
    return;
  }
  if (!unit::is_true(fact->value))
    at.error(rule, fact->at, "module '" + module_name(module) + "' " + what + ": " + setting +
                                 " is '" + fact->value + "'");
}

void check_caps(const UnitSite& at, const ContainerFacts& f, const std::string& setting,
                const model::Module& module, bool quadlet) {
  bool all = std::any_of(f.cap_drop.begin(), f.cap_drop.end(),
                         [](const Fact& c) { return ascii_lower(c.value) == "all"; });
  if (!all)
    at.error("cap-drop-all", f.cap_drop.empty() ? f.anchor : f.cap_drop.back().at,
             "module '" + module_name(module) + "' does not drop every capability (" + setting +
                 ")");
  // Only the capabilities the spec grants under a waiver, and all of them.
  std::vector<std::string> added, missing;
  for (const auto& c : f.cap_add) added.push_back(c.value);
  for (size_t i : ungranted_capabilities(&module, added, missing))
    at.error("cap-drop-all", f.cap_add[i].at,
             "module '" + module_name(module) + "' adds capability '" + added[i] +
                 "' back, which the spec does not grant under a waiver of no-added-capabilities");
  for (const auto& cap : missing)
    at.error("granted-privileges", f.anchor,
             "module '" + module_name(module) + "' does not add capability " + cap +
                 ", which the spec grants under its waiver of no-added-capabilities")
        .help = quadlet ? "AddCapability=" + cap : "--cap-add " + cap;
}

// A writable root only where the spec grants it, and then exactly that.
void check_root(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                bool quadlet) {
  if (!granted_writable_root(&module)) {
    check_flag_true(at, f, f.read_only, "read-only-root", "has a writable root filesystem",
                    quadlet ? "ReadOnly=true" : "--read-only", module);
    return;
  }
  const Fact* fact = last(f.read_only);
  if (!fact || unit::is_true(fact->value))
    at.error("granted-privileges", fact ? fact->at : f.anchor,
             "module '" + module_name(module) + "' does not run with the writable root "
             "filesystem the spec asks for under its waiver of read-only-rootfs")
        .help = quadlet ? "ReadOnly=false" : "--read-only=false";
}

// Exactly the devices the spec grants under a waiver of no-host-devices,
// each read with the spec's grammar.
void check_devices(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  std::vector<std::string> texts;
  for (const auto& d : f.devices) texts.push_back(d.value);
  std::vector<values::Device> missing;
  for (size_t i : ungranted_devices(&module, texts, missing))
    at.error("no-devices", f.devices[i].at,
             "module '" + module_name(module) + "' is given host device " + texts[i] +
                 ", which the spec does not grant under a waiver of no-host-devices");
  for (const auto& d : missing)
    at.error("granted-privileges", f.anchor,
             "module '" + module_name(module) + "' is not given host device " + d.text() +
                 ", which the spec grants under its waiver of no-host-devices");
}

bool is_loopback(const std::string& ip) {
  return ip == "::1" || ip == "localhost" || ip.rfind("127.", 0) == 0;
}

void check_ports(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  if (waived(module, "loopback-ports")) return;
  for (const auto& p : f.publish) {
    std::string v = p.value;
    std::string ip;
    if (!v.empty() && v[0] == '[') {  // [::1]:8080:80
      size_t close = v.find(']');
      ip = close == std::string::npos ? v : v.substr(1, close - 1);
    } else {
      auto parts = split(v, ':');
      if (parts.size() >= 3) ip = parts[0];
    }
    if (!is_loopback(ip))
      at.error("loopback-ports", p.at,
               "module '" + module_name(module) + "' publishes '" + p.value + "' on " +
                   (ip.empty() ? std::string("every host address") : "'" + ip + "'") +
                   ", not on loopback")
          .help = "bind published ports to 127.0.0.1 (the spec's bind address)";
  }
}

// Routes (issue 21): in a routed project the edge proxy is the only unit
// publishing host port 80 or 443 (PublishPort= / --publish ip:host:container).
void check_edge_ports(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                      bool routed) {
  if (!routed || module.edge) return;
  for (const auto& p : f.publish) {
    std::string v = p.value.substr(0, p.value.find('/'));
    if (!v.empty() && v[0] == '[') v = v.substr(std::min(v.size(), v.find(']') + 1));
    auto parts = split(v, ':');
    std::string host;
    if (parts.size() >= 2) host = parts[parts.size() - 2];
    if (host == "80" || host == "443")
      at.error("edge-ports", p.at,
               "module '" + module_name(module) + "' publishes host port " + host +
                   ", which the routes' edge proxy alone serves")
          .help = "route to the module (routes:) instead of publishing 80 or 443";
  }
}

void check_read_only_mounts(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  if (waived(module, "read-only-conf")) return;
  for (const auto& mount : module.mounts) {
    if (!mount.read_only) continue;
    const std::string& target = mount.target;
    // A secret of the engine's store (`NAME,type=mount,target=PATH`) is a
    // read-only file by construction; under docker it is a bind below.
    if (mount.kind == model::MountKind::Secret && mount.secret) {
      bool mounted = false;
      for (const auto& v : f.secrets) {
        auto parts = split(v.value, ',');
        mounted |= parts[0] == *mount.secret &&
                   std::find(parts.begin(), parts.end(), "type=mount") != parts.end() &&
                   std::find(parts.begin(), parts.end(), "target=" + target) != parts.end();
      }
      if (mounted) continue;
    }
    const Fact* found = nullptr;
    for (const auto& v : f.volumes) {
      auto parts = split(v.value, ':');
      if (parts.size() >= 2 && parts[1] == target) found = &v;
    }
    if (!found) {
      at.error("read-only-conf", f.anchor,
               "module '" + module_name(module) + "' does not mount " + target +
                   " (read-only in the spec)");
      continue;
    }
    auto parts = split(found->value, ':');
    bool ro = false;
    if (parts.size() >= 3) {
      auto opts = split(parts[2], ',');
      ro = std::find(opts.begin(), opts.end(), "ro") != opts.end();
    }
    if (!ro)
      at.error("read-only-conf", found->at,
               "module '" + module_name(module) + "' mounts " + target +
                   " writable; the spec makes it read-only")
          .help = "add the ro option: <source>:" + target + ":ro";
  }
}

// Each anonymous mount: a volume of the container's own at its target
// (`-v /path`, Volume=/path: no source, so no named volume or host path
// shares the data), writable.
void check_anonymous_volumes(const UnitSite& at, const ContainerFacts& f,
                             const model::Module& module, bool quadlet) {
  for (const auto& mount : module.mounts) {
    if (mount.kind != model::MountKind::Anonymous) continue;
    const Fact* found = nullptr;
    for (const auto& v : f.volumes) {
      auto parts = split(v.value, ':');
      if ((parts.size() == 1 && parts[0] == mount.target) ||
          (parts.size() >= 2 && parts[1] == mount.target))
        found = &v;
    }
    const std::string want = (quadlet ? "Volume=" : "--volume ") + mount.target;
    if (!found)
      at.error("anonymous-volumes", f.anchor,
               "module '" + module_name(module) + "' does not mount an anonymous volume at " +
                   mount.target)
          .help = want;
    else if (found->value != mount.target)
      at.error("anonymous-volumes", found->at,
               "module '" + module_name(module) + "' mounts " + found->value + " at " +
                   mount.target + "; the spec asks for a volume of the container's own "
                   "(anonymous), writable")
          .help = want;
  }
}

void check_health(const UnitSite& at, const ContainerFacts& f, const std::string& setting,
                  const model::Module& module) {
  if (!module.long_running() || !module.health) return;
  if (waived(module, "health-check")) return;
  const Fact* hc = last(f.health_cmd);
  if (!hc) {
    at.error("health-check", f.anchor,
             "module '" + module_name(module) + "' is long-running but its unit has no health "
             "check (" + setting + ")");
    return;
  }
  std::string v = ascii_lower(hc->value);
  if (v.empty() || v == "none" || v == "[\"none\"]")
    at.error("health-check", hc->at,
             "module '" + module_name(module) + "' disables its health check");
}

void check_isolation(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  if (!waived(module, "no-privileged"))
    for (const auto& p : f.privileged)
      if (unit::is_true(p.value))
        at.error("no-privileged", p.at, "module '" + module_name(module) + "' runs privileged");
  if (!waived(module, "no-host-network"))
    for (const auto& n : f.networks)
      if (ascii_lower(n.value) == "host")
        at.error("no-host-network", n.at,
                 "module '" + module_name(module) + "' uses the host's network namespace");
}

// Host access no spec key asks for (docs/systemd.md, "Verify").
void check_host_access(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  const std::string& name = module_name(module);
  for (const auto& n : f.namespaces)
    if (is_host_mode(n.value.substr(n.value.find('=') + 1)))
      at.error("no-host-namespaces", n.at,
               "module '" + name + "' shares a host namespace (" + n.value + ")");
  check_devices(at, f, module);
  for (const auto& u : f.unconfined)
    at.error("no-unconfined", u.at,
             "module '" + name + "' runs with " +
                 (unconfined_option(u.value).empty() ? u.value : unconfined_option(u.value)));
  auto check_bind = [&](const std::string& source, unit::Position where) {
    std::string danger = host_bind_danger(source);
    if (danger.empty() || spec_binds(&module, source)) return;
    bool socket = danger.rfind("the container engine", 0) == 0;
    at.error(socket ? "no-engine-socket" : "host-binds", where,
             "module '" + name + "' mounts " + source + ", " + danger);
  };
  for (const auto& v : f.volumes) check_bind(bind_source(v.value), v.at);
  for (const auto& m : f.mounts) check_bind(mount_bind_source(m.value), m.at);
}

// Every container label of the spec (labels and container_labels), as
// `KEY=VALUE` (a later one for the same key wins, as podman reads them).
void check_labels(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                  bool quadlet) {
  for (const auto& [key, value] : module.container_labels) {
    const Fact* last = nullptr;
    for (const auto& l : f.labels)
      if (l.value.rfind(key + "=", 0) == 0 || l.value == key) last = &l;
    if (last && last->value == key + "=" + value) continue;
    at.error("container-labels", last ? last->at : f.anchor,
             "module '" + module_name(module) + "' has " +
                 (last ? "label " + last->value : "no label " + key) + "; the spec's is " + key +
                 "=" + value)
        .help = quadlet ? "Label=\"" + key + "=" + value + "\""
                        : "--label \"" + key + "=" + value + "\"";
  }
}

// The spec's host name (the last one given wins), and every name the
// module is reached by as a network alias.
void check_host_aliases(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                        bool quadlet) {
  const Fact* hostname = f.hostname.empty() ? nullptr : &f.hostname.back();
  if (module.hostname ? !(hostname && hostname->value == *module.hostname) : hostname != nullptr)
    at.error("host-aliases", hostname ? hostname->at : f.anchor,
             "module '" + module_name(module) + "' has " +
                 (hostname ? "host name " + hostname->value : std::string("no host name")) +
                 "; the spec's is " + module.hostname.value_or("none (the engine's default)"));
  for (const auto& alias : module.aliases) {
    bool found = false;
    for (const auto& a : f.aliases) found = found || a.value == alias;
    if (!found)
      at.error("host-aliases", f.anchor,
               "module '" + module_name(module) + "' is not reached as " + alias +
                   ", as the spec says (hostname or aliases)")
          .help = quadlet ? "NetworkAlias=" + alias : "--network-alias " + alias;
  }
}

// Egress (issue 21): the unit joins the routed network exactly when the
// module needs a way out (model::Module::routes_out); its other networks
// are internal (their own units are checked in verify_systemd).
void check_route_out(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                  const std::vector<std::string>& routed_networks) {
  // The engine's network (no-host-network); or no routed network in the
  // project (resolve adds one whenever a module routes out).
  if (module.network_mode || routed_networks.empty()) return;
  const Fact* on = nullptr;
  for (const auto& n : f.networks)
    if (std::find(routed_networks.begin(), routed_networks.end(), n.value) !=
        routed_networks.end()) on = &n;
  if (module.routes_out() && !on)
    at.error("egress-output", f.anchor,
             "module '" + module_name(module) + "' is not on the network that routes out (" +
                 routed_networks.front() + "), so its " +
                 (module.egress.empty() ? "published ports" : "egress") +
                 " cannot leave the host");
  if (!module.routes_out() && on)
    at.error("egress-output", on->at,
             "module '" + module_name(module) + "' has no egress in the spec but joins " +
                 on->value + ", which routes out of the host")
        .help = "a module without egress sits on internal networks only";
}

// One network a container joins, as Network= or --network writes it:
// Podman's NAME[:OPTIONS] (Quadlet: FILE.network[:OPTIONS]) or Docker's
// name=NAME,OPTIONS; ip: the value of its ip= option, if any.
struct NetworkJoin {
  std::string network;
  std::optional<std::string> ip;
};

NetworkJoin network_join(const std::string& value) {
  NetworkJoin j;
  std::string options;
  if (value.rfind("name=", 0) == 0) {
    options = value;
  } else {
    size_t colon = value.find(':');
    j.network = value.substr(0, colon);
    if (colon != std::string::npos) options = value.substr(colon + 1);
  }
  for (const auto& o : split(options, ',')) {
    if (o.rfind("name=", 0) == 0) j.network = o.substr(5);
    if (o.rfind("ip=", 0) == 0) j.ip = o.substr(3);
  }
  return j;
}

// Static addresses (issue 20): the container joins each network the spec
// gives it an address on with that address (Quadlet Network=FILE:ip=,
// Podman --network NAME:ip=, Docker --network name=NAME,ip=), and asks for
// no address the spec does not give. Addresses compare parsed.
void check_static_addresses(const UnitSite& at, const ContainerFacts& f,
                            const model::Module& module, const model::Project& project,
                            bool quadlet) {
  // The network key a Network=/--network value names: a unit file or a
  // runtime name of a network gen creates.
  auto key_of = [&](const std::string& network) -> std::string {
    for (const auto& n : project.networks) {
      if (n.external) continue;
      if (network == n.name || network == n.key + ".network") return n.key;
    }
    return "";
  };
  std::map<std::string, const Fact*> given;  // network key -> the join with ip=
  for (const auto& n : f.networks) {
    NetworkJoin j = network_join(n.value);
    if (!j.ip) continue;
    std::string key = key_of(j.network);
    const values::Ipv4* want = key.empty() ? nullptr : module.address_on(key);
    auto got = values::Ipv4::parse(*j.ip);
    if (!want || !got.address || *got.address != *want) {
      at.error("static-addresses", n.at,
               "module '" + module_name(module) + "' asks for address " + *j.ip +
                   " on network " + j.network + "; the spec's is " +
                   (want ? want->text() : std::string("none (the engine's choice)")));
    }
    if (!key.empty()) given[key] = &n;
  }
  for (const auto& a : module.addresses) {
    if (given.count(a.network)) continue;
    const model::Network* n = project.find_network(a.network);
    std::string ref = quadlet ? a.network + ".network" : n ? n->name : a.network;
    at.error("static-addresses", f.anchor,
             "module '" + module_name(module) + "' joins network " + ref +
                 " without its static address " + a.address.text() + ", as the spec gives it")
        .help = quadlet ? "Network=" + ref + ":ip=" + a.address.text()
                        : "--network " + ref + ":ip=" + a.address.text() +
                              " (Docker: --network name=" + ref + ",ip=" + a.address.text() + ")";
  }
}

// The spec's process details (issue 20): an init, stdin, a terminal where
// it asks for them, and each extra_hosts entry as HOST:IP.
void check_process(const UnitSite& at, const ContainerFacts& f, const model::Module& module,
                   bool quadlet) {
  struct Flag {
    bool want;
    const std::vector<Fact>* facts;
    const char* setting;
  };
  const Flag flags[] = {{module.init, &f.init, quadlet ? "RunInit=true" : "--init"},
                        {module.stdin_open, &f.interactive, "--interactive"},
                        {module.tty, &f.tty, "--tty"}};
  for (const auto& flag : flags) {
    const Fact* fact = last(*flag.facts);
    if (flag.want && (!fact || !unit::is_true(fact->value)))
      at.error("process-details", fact ? fact->at : f.anchor,
               "module '" + module_name(module) + "' does not set " + flag.setting +
                   ", which the spec asks for");
  }
  for (const auto& h : module.extra_hosts) {
    const std::string want = h.host + ":" + h.ip;
    bool found = std::any_of(f.add_hosts.begin(), f.add_hosts.end(),
                             [&](const Fact& x) { return x.value == want; });
    if (!found)
      at.error("process-details", f.anchor,
               "module '" + module_name(module) + "' does not map host name " + h.host + " to " +
                   h.ip + ", as the spec does")
          .help = quadlet ? "AddHost=" + want : "--add-host " + want;
  }
  if (module.platform) {
    const Fact* fact = last(f.platform);
    const std::string want = module.platform->text();
    if (!fact || fact->value != want)
      at.error("process-details", fact ? fact->at : f.anchor,
               "module '" + module_name(module) + "' does not run platform " + want +
                   ", which the spec asks for")
          .help = quadlet ? "PodmanArgs=--platform=" + want : "--platform " + want;
  }
}

// The spec's kernel settings (issue 20): /dev/shm's size (any size podman
// reads), each ulimit as NAME=SOFT:HARD (NAME=N when both are N), each
// sysctl as NAME=VALUE.
void check_kernel(const UnitSite& at, const ContainerFacts& f, const model::Module& module) {
  const std::string& name = module_name(module);
  if (module.shm_size) {
    const Fact* fact = last(f.shm_size);
    auto want = module.shm_size->bytes();
    if (!fact || values::engine_bytes(fact->value) != want)
      at.error("kernel-limits", fact ? fact->at : f.anchor,
               "module '" + name + "' does not set /dev/shm's size to " +
                   module.shm_size->text() + ", as the spec does")
          .help = "--shm-size " + std::to_string(want.value_or(0));
  }
  auto has = [](const std::vector<Fact>& facts, const std::string& a, const std::string& b) {
    return std::any_of(facts.begin(), facts.end(),
                       [&](const Fact& x) { return x.value == a || x.value == b; });
  };
  for (const auto& u : module.ulimits) {
    std::string both = u.name + "=" + std::to_string(u.soft);
    if (!has(f.ulimits, u.text(), u.soft == u.hard ? both : u.text()))
      at.error("kernel-limits", f.anchor,
               "module '" + name + "' does not set ulimit " + u.text() + ", as the spec does")
          .help = "--ulimit " + u.text();
  }
  for (const auto& sc : module.sysctls) {
    std::string want = sc.name + "=" + sc.value;
    if (!has(f.sysctls, want, want))
      at.error("kernel-limits", f.anchor,
               "module '" + name + "' does not set sysctl " + want + ", as the spec does")
          .help = "--sysctl " + want;
  }
}

void check_all(const UnitSite& at, const ContainerFacts& f, const model::Module& module, bool quadlet,
               bool routed) {
  check_host_access(at, f, module);
  check_identity(at, f, module);
  check_root(at, f, module, quadlet);
  check_caps(at, f, quadlet ? "DropCapability=all" : "--cap-drop all", module, quadlet);
  check_flag_true(at, f, f.no_new_privs, "no-new-privileges", "may gain privileges",
                  quadlet ? "NoNewPrivileges=true" : "--security-opt no-new-privileges", module);
  check_ports(at, f, module);
  check_edge_ports(at, f, module, routed);
  check_read_only_mounts(at, f, module);
  check_anonymous_volumes(at, f, module, quadlet);
  check_health(at, f, quadlet ? "HealthCmd=" : "--health-cmd", module);
  check_isolation(at, f, module);
  check_labels(at, f, module, quadlet);
  check_host_aliases(at, f, module, quadlet);
  check_process(at, f, module, quadlet);
  check_kernel(at, f, module);
}

std::vector<Fact> facts_of(const unit::UnitFile& u, const char* key) {
  std::vector<Fact> out;
  for (const auto* e : u.all("Container", key)) out.push_back({e->value, e->position_of(0)});
  return out;
}

// A space-separated list setting (DropCapability=CAP_A CAP_B).
std::vector<Fact> word_facts_of(const UnitSite& at, const unit::UnitFile& u, const char* key) {
  std::vector<Fact> out;
  for (const auto* e : u.all("Container", key)) {
    std::vector<unit::Word> words;
    unit::Problem p;
    if (!unit::split_words(*e, words, p)) {
      report_split_problem(at, p);
      continue;
    }
    for (auto& w : words) out.push_back({w.text, w.at});
  }
  return out;
}

}  // namespace

Diagnostic& UnitSite::error(const char* rule, unit::Position at, std::string message) const {
  return artifact_error(diags, rule, path, file, at.line, at.column, std::move(message));
}

void check_quadlet_container(const UnitSite& at, const unit::UnitFile& u,
                             const model::Module& module, bool routed,
                             const std::vector<std::string>& routed_networks,
                             const model::Project& project) {
  const unit::Section* section = u.section("Container");
  if (!section) {
    at.error("systemd-unit", {1, 1},
             "module '" + module_name(module) + "' has no [Container] section, so Quadlet "
             "generates no service for it");
    return;
  }
  ContainerFacts f;
  f.anchor = section->at;
  f.anchor_text = "[Container]";
  if (!u.last("Container", "Image"))
    at.error("systemd-unit", f.anchor,
             "module '" + module_name(module) + "' has no Image= in [Container]");
  f.user = facts_of(u, "User");
  f.group = facts_of(u, "Group");
  f.group_add = facts_of(u, "GroupAdd");
  f.read_only = facts_of(u, "ReadOnly");
  f.cap_drop = word_facts_of(at, u, "DropCapability");
  f.cap_add = word_facts_of(at, u, "AddCapability");
  f.no_new_privs = facts_of(u, "NoNewPrivileges");
  f.publish = facts_of(u, "PublishPort");
  f.volumes = facts_of(u, "Volume");
  f.secrets = facts_of(u, "Secret");
  f.labels = word_facts_of(at, u, "Label");
  f.health_cmd = facts_of(u, "HealthCmd");
  f.networks = facts_of(u, "Network");
  f.hostname = facts_of(u, "HostName");
  f.aliases = facts_of(u, "NetworkAlias");
  for (auto& n : facts_of(u, "UserNS")) f.namespaces.push_back({"userns=" + n.value, n.at});
  f.devices = facts_of(u, "AddDevice");
  f.init = facts_of(u, "RunInit");
  f.add_hosts = facts_of(u, "AddHost");
  // Kernel settings written as Quadlet keys (Podman 5) count too; gen
  // writes PodmanArgs= (Podman 4.3 has none of these keys).
  f.shm_size = facts_of(u, "ShmSize");
  f.ulimits = facts_of(u, "Ulimit");
  f.sysctls = facts_of(u, "Sysctl");
  f.mounts = facts_of(u, "Mount");
  for (auto& p : facts_of(u, "SeccompProfile"))
    if (p.value == "unconfined") f.unconfined.push_back({"seccomp=unconfined", p.at});
  for (auto& p : facts_of(u, "SecurityLabelDisable"))
    if (unit::is_true(p.value)) f.unconfined.push_back({"label=disable", p.at});
  for (auto& p : facts_of(u, "Unmask")) f.unconfined.push_back({"unmask=" + p.value, p.at});
  // PodmanArgs= come after Quadlet's own flags on podman's command line, so
  // they override the keys above.
  for (const auto* e : u.all("Container", "PodmanArgs")) {
    std::vector<unit::Word> words;
    unit::Problem p;
    if (!unit::split_words(*e, words, p)) {
      report_split_problem(at, p);
      continue;
    }
    read_flags(f, words, 0, false);
  }
  check_all(at, f, module, true, routed);
  check_route_out(at, f, module, routed_networks);
  check_static_addresses(at, f, module, project, true);
}

void check_service_unit(const UnitSite& at, const unit::UnitFile& u,
                        const model::Module& module, const std::string& engine, bool routed,
                        const std::vector<std::string>& routed_networks,
                        const model::Project& project) {
  const unit::Section* service = u.section("Service");
  if (!service) {
    at.error("systemd-unit", {1, 1}, "module '" + module_name(module) + "' has no [Service] section");
    return;
  }
  // The ExecStart= that runs the container: `<engine> run ...`.
  for (const auto* e : u.all("Service", "ExecStart")) {
    std::vector<unit::Word> words;
    unit::Problem p;
    if (!unit::split_words(*e, words, p)) {
      report_split_problem(at, p);
      return;
    }
    if (words.empty()) continue;
    std::string bin = words[0].text;
    while (!bin.empty() && std::string("@-:+!").find(bin[0]) != std::string::npos) bin.erase(0, 1);
    std::string base = bin.substr(bin.find_last_of('/') == std::string::npos ? 0
                                                                              : bin.find_last_of('/') + 1);
    size_t run = 1;
    if (run < words.size() && words[run].text == "container") ++run;
    if (base != engine || run >= words.size() || words[run].text != "run") continue;
    ContainerFacts f;
    f.anchor = e->at;
    f.anchor_text = "ExecStart=";
    read_flags(f, words, run + 1, true);
    check_all(at, f, module, false, routed);
    check_route_out(at, f, module, routed_networks);
    check_static_addresses(at, f, module, project, false);
    return;
  }
  at.error("systemd-unit", service->at,
           "module '" + module_name(module) + "' has no ExecStart= that runs its container with `" +
               engine + " run`");
}

void check_setup_order(const UnitSite& at, const unit::UnitFile& u, const model::Module& module,
                       const model::Project& project) {
  std::string awaited;
  if (!module.setup.empty()) awaited = module.setup.back();
  if (module.setup_of)
    if (const model::Module* owner = project.find_module(*module.setup_of))
      for (size_t i = 1; i < owner->setup.size(); ++i)
        if (owner->setup[i] == module.name) awaited = owner->setup[i - 1];
  if (module.setup_of) {
    const unit::Entry* type = u.last("Service", "Type");
    if (!type || type->value != "oneshot")
      at.error("systemd-setup-steps", type ? type->at : unit::Position{1, 1},
               "setup step '" + module.name + "' must be Type=oneshot in [Service], so what "
               "waits for it starts once it has completed");
  }
  if (awaited.empty()) return;
  const std::string want = awaited + ".service";
  for (const char* key : {"Requires", "After"}) {
    bool found = false;
    for (const auto* e : u.all("Unit", key)) {
      std::vector<unit::Word> words;
      unit::Problem p;
      if (!unit::split_words(*e, words, p)) continue;
      for (const auto& w : words) found = found || w.text == want;
    }
    if (!found)
      at.error("systemd-setup-steps", {1, 1},
               "module '" + module.name + "' must wait for setup step " + want + " (" + key +
                   "=" + want + " in [Unit])");
  }
}

}  // namespace gen::verify
