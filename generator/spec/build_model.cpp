#include "spec/build_model.h"

#include "yaml/ids.h"
#include "yaml/path.h"
#include "yaml/scalar.h"
#include "spec/formats.h"

namespace gen::spec {
namespace {

using yaml::Entry;
using yaml::Node;
using yaml::ScalarType;
namespace ids = yaml::ids;

bool is_null(const Node& n) {
  return n.is_null() || (n.is_scalar() && yaml::scalar_type(n) == ScalarType::Null);
}

const Entry* entry(const Node* m, const char* key) {
  if (!m || !m->is_mapping()) return nullptr;
  for (const auto& e : m->entries)
    if (e.key.value == key && !is_null(e.value)) return &e;
  return nullptr;
}

const Node* value(const Node* m, const char* key) {
  const Entry* e = entry(m, key);
  return e ? &e->value : nullptr;
}

LString key_of(const Entry& e) { return LString{e.key.value, e.key.loc}; }

// Any non-null scalar, as written (numbers included: `cpu: 1`, `PORT: 8000`).
std::optional<LString> text(const Node* n) {
  if (!n || !n->is_scalar() || is_null(*n)) return std::nullopt;
  return LString{n->value, n->loc};
}

std::optional<LInt> integer(const Node* n) {
  if (!n || !n->is_scalar() || yaml::scalar_type(*n) != ScalarType::Int) return std::nullopt;
  int64_t v = 0;
  if (yaml::parse_int(n->value, v) != yaml::IntParse::Ok) return std::nullopt;
  return LInt{v, n->loc};
}

std::optional<LBool> boolean(const Node* n) {
  if (!n || !n->is_scalar() || yaml::scalar_type(*n) != ScalarType::Bool) return std::nullopt;
  return LBool{*yaml::parse_bool(n->value), n->loc};
}

std::optional<Duration> duration(const Node* n) {
  auto t = text(n);
  if (!t) return std::nullopt;
  auto parsed = values::Duration::parse(t->value);
  if (!parsed) return std::nullopt;
  return Duration{std::move(*parsed), t->loc};
}

std::vector<LString> strings(const Node* n) {
  std::vector<LString> out;
  if (!n || !n->is_sequence()) return out;
  for (const auto& item : n->items)
    if (auto t = text(&item)) out.push_back(*t);
  return out;
}

std::optional<LStrings> words(const Node* n) {
  if (!n || !n->is_sequence()) return std::nullopt;
  return LStrings{strings(n), n->loc};
}

class Builder {
 public:
  Builder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  Spec build(const Node& root) {
    Spec s;
    s.file = file_;
    if (auto v = integer(value(&root, "version"))) s.version = *v;
    if (auto p = text(value(&root, "project"))) s.project = *p;
    s.metadata = metadata(value(&root, "metadata"));
    s.defaults = defaults(value(&root, "defaults"));
    for_entries(value(&root, "networks"), [&](const Entry& e) {
      Network n;
      n.key = key_of(e);
      n.name = text(value(&e.value, "name"));
      n.external = boolean(value(&e.value, "external"));
      n.internal = boolean(value(&e.value, "internal"));
      n.subnet = text(value(&e.value, "subnet"));
      if (n.subnet) n.subnet_parsed = values::Cidr::parse(n.subnet->value);
      n.gateway = text(value(&e.value, "gateway"));
      if (n.gateway) n.gateway_parsed = values::Ipv4::parse(n.gateway->value);
      s.networks.push_back(n);
    });
    for_entries(value(&root, "volumes"), [&](const Entry& e) {
      Volume v;
      v.key = key_of(e);
      v.name = text(value(&e.value, "name"));
      v.external = boolean(value(&e.value, "external"));
      v.size = text(value(&e.value, "size"));
      s.volumes.push_back(v);
    });
    // Room for every module at once: a module is kilobytes, and growing the
    // list by doubling held both copies at the front end's peak
    // (bench/README.md).
    if (const Node* modules = value(&root, "modules"); modules && modules->is_mapping())
      s.modules.reserve(modules->entries.size());
    for_entries(value(&root, "modules"), [&](const Entry& e) { s.modules.push_back(module(e)); });
    for_entries(value(&root, "profiles"),
                [&](const Entry& e) { s.profiles.push_back(profile(e)); });
    const Node* targets = value(&root, "targets");
    const Node* compose = value(targets, "compose");
    s.compose.layout = text(value(compose, "layout"));
    s.compose.project_name = text(value(compose, "project_name"));
    const Node* k8s = value(targets, "k8s");
    s.k8s.namespace_ = text(value(k8s, "namespace"));
    s.k8s.pull_secrets = strings(value(k8s, "pull_secrets"));
    s.k8s.pull_policy = text(value(k8s, "pull_policy"));
    s.k8s.storage_class = text(value(k8s, "storage_class"));
    s.k8s.expose = text(value(k8s, "expose"));
    for_entries(value(k8s, "device_resources"), [&](const Entry& e) {
      if (auto v = text(&e.value)) s.k8s.device_resources.emplace_back(key_of(e), *v);
    });
    if (const Entry* r = entry(k8s, "routes")) {
      s.k8s.routes.api = text(value(&r->value, "api"));
      s.k8s.routes.class_ = text(value(&r->value, "class"));
      s.k8s.routes.gateway = text(value(&r->value, "gateway"));
      s.k8s.routes.gateway_namespace = text(value(&r->value, "gateway_namespace"));
      s.k8s.routes.edge_namespace = text(value(&r->value, "edge_namespace"));
      s.k8s.routes.loc = r->key.loc;
    }
    routes(root, s);
    const Node* systemd = value(targets, "systemd");
    s.systemd.flavor = text(value(systemd, "flavor"));
    s.systemd.engine = text(value(systemd, "engine"));
    return s;
  }

 private:
  template <typename F>
  void for_entries(const Node* m, F f) {
    if (!m || !m->is_mapping()) return;
    for (const auto& e : m->entries) f(e);
  }

  Diagnostic& error(const char* id, const Node& at, std::string message) {
    Diagnostic& d = diags_.error(id, at.loc, std::move(message));
    d.range = at.range();
    return d;
  }

  void routes(const Node& root, Spec& s) {
    if (const Node* list = value(&root, "routes"); list && list->is_sequence())
      for (const auto& item : list->items) {
        auto host = text(value(&item, "host"));
        auto module = text(value(&item, "module"));
        if (!host || !module) continue;  // the schema reported it
        Route r;
        r.host = *host;
        r.module = *module;
        r.path = text(value(&item, "path"));
        r.port = integer(value(&item, "port"));
        const Node* tls = value(&item, "tls");
        if (auto secret = text(value(tls, "secret")))
          r.tls = RouteTls{RouteTls::Kind::Secret, *secret};
        else if (auto issuer = text(value(tls, "issuer")))
          r.tls = RouteTls{RouteTls::Kind::Issuer, *issuer};
        r.loc = item.loc;
        s.routes.push_back(std::move(r));
      }
    for_entries(value(&root, "tls_secrets"), [&](const Entry& e) {
      TlsSecret t;
      t.name = key_of(e);
      t.cert = text(value(&e.value, "cert"));
      t.key = text(value(&e.value, "key"));
      s.tls_secrets.push_back(std::move(t));
    });
  }

  Metadata metadata(const Node* m) {
    Metadata md;
    md.description = text(value(m, "description"));
    md.source = text(value(m, "source"));
    md.vendor = text(value(m, "vendor"));
    md.licenses = text(value(m, "licenses"));
    md.documentation = text(value(m, "documentation"));
    return md;
  }

  std::optional<User> user(const Node* m) {
    if (!m || !m->is_mapping()) return std::nullopt;
    User u;
    u.uid = integer(value(m, "uid"));
    u.gid = integer(value(m, "gid"));
    if (const Node* g = value(m, "groups"); g && g->is_sequence())
      for (const auto& item : g->items)
        if (auto v = integer(&item)) u.groups.push_back(*v);
    u.name = text(value(m, "name"));
    u.group_name = text(value(m, "group_name"));
    u.loc = m->loc;
    return u;
  }

  HealthTimings timings(const Node* m) {
    HealthTimings t;
    t.interval = duration(value(m, "interval"));
    t.timeout = duration(value(m, "timeout"));
    t.start_period = duration(value(m, "start_period"));
    t.retries = integer(value(m, "retries"));
    return t;
  }

  Defaults defaults(const Node* m) {
    Defaults d;
    if (const Entry* e = entry(m, "user")) {
      d.user = user(&e->value);
      if (d.user) d.user->loc = e->key.loc;
    }
    d.restart = text(value(m, "restart"));
    d.bind = text(value(m, "bind"));
    d.health = timings(value(m, "health"));
    d.stop_signal = text(value(m, "stop_signal"));
    d.stop_grace = duration(value(m, "stop_grace"));
    d.workdir = text(value(m, "workdir"));
    d.registry = text(value(m, "registry"));
    d.image_tag = text(value(m, "image_tag"));
    return d;
  }

  std::optional<Build> build(const Entry* e) {
    if (!e || !e->value.is_mapping()) return std::nullopt;
    const Node* m = &e->value;
    Build b;
    b.stack = text(value(m, "stack"));
    b.dockerfile = text(value(m, "dockerfile"));
    b.target = text(value(m, "target"));
    b.context = text(value(m, "context"));
    b.from = text(value(m, "from"));
    b.builder = text(value(m, "builder"));
    b.install = text(value(m, "install"));
    b.venv = text(value(m, "venv"));
    b.serve = text(value(m, "serve"));
    b.base = text(value(m, "base"));
    b.image = text(value(m, "image"));
    for_entries(value(m, "args"), [&](const Entry& a) {
      if (auto v = text(&a.value)) b.args.emplace_back(key_of(a), *v);
    });
    b.packages = strings(value(m, "packages"));
    b.build_packages = strings(value(m, "build_packages"));
    if (const Node* mf = value(m, "manifests")) b.manifests = strings(mf);
    b.sources = strings(value(m, "sources"));
    b.loc = e->key.loc;
    return b;
  }

  std::vector<Port> ports(const Node* n) {
    std::vector<Port> out;
    if (!n || !n->is_sequence()) return out;
    for (const auto& item : n->items) {
      auto container = integer(value(&item, "container"));
      if (!container) continue;
      Port p;
      p.container = *container;
      p.host = integer(value(&item, "host"));
      p.bind = text(value(&item, "bind"));
      p.protocol = text(value(&item, "protocol"));
      p.name = text(value(&item, "name"));
      p.loc = item.loc;
      out.push_back(p);
    }
    return out;
  }

  std::vector<Egress> egress(const Node* n) {
    std::vector<Egress> out;
    if (!n || !n->is_sequence()) return out;
    for (const auto& item : n->items) {
      auto cidr = text(value(&item, "cidr"));
      if (!cidr) continue;
      Egress eg;
      eg.cidr = *cidr;
      eg.parsed = values::Cidr::parse(cidr->value);
      if (const Node* ports = value(&item, "ports"); ports && ports->is_sequence())
        for (const auto& p : ports->items)
          if (auto port = integer(&p)) eg.ports.push_back(*port);
      eg.protocol = text(value(&item, "protocol"));
      eg.loc = item.loc;
      out.push_back(std::move(eg));
    }
    return out;
  }

  std::vector<EnvVar> env(const Node* m, const std::string& path) {
    std::vector<EnvVar> out;
    for_entries(m, [&](const Entry& e) {
      if (auto v = env_var(e, yaml::path_key(path, e.key.value))) out.push_back(*v);
    });
    return out;
  }

  std::optional<EnvVar> env_var(const Entry& e, const std::string& path) {
    EnvVar v;
    v.name = key_of(e);
    v.loc = e.key.loc;
    if (e.value.is_scalar() || e.value.is_null()) {
      v.kind = EnvVar::Kind::Value;
      v.value = text(&e.value);
      if (!v.value) v.value = LString{"", e.value.loc};
      return v;
    }
    if (!e.value.is_mapping()) return std::nullopt;
    const Node* m = &e.value;
    v.description = text(value(m, "description"));
    v.example = text(value(m, "example"));
    // Exactly one of these says what the variable is; `build` may add a
    // default or required.
    static const char* const kWhat[] = {"value",  "default",  "required",
                                        "secret", "optional", "from_host"};
    const Entry* build_entry = entry(m, "build");
    const Entry* what = nullptr;
    for (const auto& item : m->entries) {
      const std::string& k = item.key.value;
      bool is_what = false;
      for (const char* w : kWhat) is_what = is_what || k == w;
      if (!is_what) continue;
      if (build_entry && (k == "secret" || k == "optional" || k == "value" || k == "from_host")) {
        error(ids::kConflictingKeys, item.key,
              path + ": 'build' and '" + k + "' cannot be combined")
            .help = k == "secret"
                        ? "build-time values end up in image layers; pass secrets at run time"
                        : "a build-time variable takes a default, or required";
        return std::nullopt;
      }
      if (what) {
        error(ids::kConflictingKeys, item.key,
              path + ": '" + what->key.value + "' and '" + k + "' cannot be combined")
            .help = "a variable is one of: value, default, required, from_host, secret or optional";
        return std::nullopt;
      }
      what = &item;
    }
    if (entry(m, "build")) {
      v.kind = EnvVar::Kind::Build;
      v.value = text(value(m, "default"));
      return v;
    }
    if (!what) {
      const Node& at = m->entries.empty() ? e.key : m->entries.front().key;
      error(ids::kMissingKey, at, path + ": say what the variable is").help =
          "add one of value, default, required, from_host, secret, optional or build";
      return std::nullopt;
    }
    const std::string& w = what->key.value;
    if (w == "value") {
      v.kind = EnvVar::Kind::Value;
      v.value = text(&what->value);
    } else if (w == "default") {
      v.kind = EnvVar::Kind::Default;
      v.value = text(&what->value);
    } else if (w == "required") {
      v.kind = EnvVar::Kind::Required;
    } else if (w == "from_host") {
      v.kind = EnvVar::Kind::Required;  // required, under the host's name
      v.from_host = text(&what->value);
    } else if (w == "optional") {
      v.kind = EnvVar::Kind::Optional;
    } else {
      v.kind = EnvVar::Kind::Secret;
      if (what->value.is_mapping()) {
        v.secret_name = text(value(&what->value, "name"));
        v.secret_key = text(value(&what->value, "key"));
      }
    }
    return v;
  }

  // `shorthand`: the health section itself, whose conflicts only we can see
  // (a probe's own are reported by the validator).
  std::optional<Probe> probe(const Node* m, const std::string& path, bool shorthand = false) {
    if (!m || !m->is_mapping()) return std::nullopt;
    const Entry* kinds[] = {entry(m, "http"), entry(m, "command"), entry(m, "tcp")};
    const Entry* chosen = nullptr;
    for (const Entry* k : kinds) {
      if (!k) continue;
      if (chosen) {
        if (!shorthand) return std::nullopt;
        error(ids::kConflictingKeys, k->key,
              path + ": '" + chosen->key.value + "' and '" + k->key.value + "' cannot be combined")
            .help = "give one of http, command or tcp";
        return std::nullopt;
      }
      chosen = k;
    }
    if (!chosen) return std::nullopt;
    Probe p;
    p.loc = chosen->key.loc;
    if (chosen == kinds[0]) {
      p.kind = Probe::Kind::Http;
      if (auto t = text(&chosen->value)) p.http_path = *t;
      p.port = integer(value(m, "port"));
    } else if (chosen == kinds[1]) {
      p.kind = Probe::Kind::Command;
      p.command = strings(&chosen->value);
    } else {
      p.kind = Probe::Kind::Tcp;
      p.port = integer(&chosen->value);
    }
    return p;
  }

  std::optional<Health> health(const Entry* e, const std::string& path) {
    if (!e || !e->value.is_mapping()) return std::nullopt;
    const Node* m = &e->value;
    Health h;
    h.loc = e->key.loc;
    // Inline shorthand (`health: {http: /healthz}`) is the same as `check:`.
    auto inline_probe = probe(m, path, true);
    h.check = probe(value(m, "check"), path + ".check");
    if (inline_probe && h.check) {
      const Entry* c = entry(m, "check");
      error(ids::kConflictingKeys, c->key,
            path + ": 'check' and the shorthand '" + entry_name(m) + "' cannot be combined")
          .help = "give the probe once";
    } else if (inline_probe) {
      h.check = inline_probe;
    }
    if (const Entry* port = entry(m, "port"); port && !entry(m, "http")) {
      error(ids::kInvalidValue, port->key,
            path + ": 'port' belongs to the http shorthand, which is not used here")
          .help = "put the port inside the probe, e.g. liveness: {http: /livez, port: 8080}";
    }
    h.liveness = probe(value(m, "liveness"), path + ".liveness");
    h.readiness = probe(value(m, "readiness"), path + ".readiness");
    h.startup = probe(value(m, "startup"), path + ".startup");
    h.smoke = strings(value(m, "smoke"));
    h.timings = timings(m);
    return h;
  }

  static std::string entry_name(const Node* m) {
    for (const char* k : {"http", "command", "tcp"})
      if (m->find(k)) return k;
    return "";
  }

  std::vector<Mount> mounts(const Node* n) {
    std::vector<Mount> out;
    if (!n || !n->is_sequence()) return out;
    static const std::pair<const char*, Mount::Kind> kKinds[] = {
        {"tmpfs", Mount::Kind::Tmpfs},   {"anonymous", Mount::Kind::Anonymous},
        {"own", Mount::Kind::Own},
        {"volume", Mount::Kind::Volume}, {"from", Mount::Kind::From},
        {"config", Mount::Kind::Config}, {"config_dir", Mount::Kind::ConfigDir},
        {"secret", Mount::Kind::Secret}, {"bind", Mount::Kind::Bind}};
    for (const auto& item : n->items) {
      const Entry* which = nullptr;
      Mount mt;
      int found = 0;
      for (const auto& [key, kind] : kKinds) {
        if (const Entry* e = entry(&item, key)) {
          which = e;
          mt.kind = kind;
          ++found;
        }
      }
      if (found != 1) continue;  // reported by the validator
      auto source = text(&which->value);
      if (!source) continue;
      mt.source = *source;
      mt.loc = item.loc;
      if (mt.kind == Mount::Kind::Tmpfs || mt.kind == Mount::Kind::Anonymous) {
        mt.target = mt.source;
      } else if (mt.kind == Mount::Kind::Secret && !value(&item, "target")) {
        mt.target = mt.source;  // the default target, /run/secrets/<secret>
        mt.target.value = "/run/secrets/" + mt.source.value;
      } else {
        auto target = text(value(&item, "target"));
        if (!target) continue;
        mt.target = *target;
      }
      mt.path = text(value(&item, "path"));
      mt.file = text(value(&item, "file"));
      mt.read_only = boolean(value(&item, "read_only"));
      mt.size = text(value(&item, "size"));
      out.push_back(mt);
    }
    return out;
  }

  std::optional<Resources> resources(const Entry* e) {
    if (!e || !e->value.is_mapping()) return std::nullopt;
    Resources r;
    r.loc = e->key.loc;
    auto pair = [&](const Node* n) {
      Quantity q;
      if (!n) return q;
      if (n->is_sequence() && n->items.size() == 2) {
        q.request = text(&n->items[0]);
        q.limit = text(&n->items[1]);
      } else if (n->is_mapping()) {
        q.request = text(value(n, "request"));
        q.limit = text(value(n, "limit"));
      }
      return q;
    };
    r.cpu = pair(value(&e->value, "cpu"));
    r.memory = pair(value(&e->value, "memory"));
    return r;
  }

  Module module(const Entry& e) {
    const std::string path = yaml::path_key("modules", e.key.value);
    const Node* m = &e.value;
    Module mod;
    mod.name = key_of(e);
    mod.loc = e.key.loc;
    mod.kind = text(value(m, "kind"));
    mod.description = text(value(m, "description"));
    mod.image = text(value(m, "image"));
    mod.build = build(entry(m, "build"));
    mod.command = words(value(m, "command"));
    mod.entrypoint = words(value(m, "entrypoint"));
    mod.workdir = text(value(m, "workdir"));
    if (const Entry* u = entry(m, "user")) {
      mod.user = user(&u->value);
      if (mod.user) mod.user->loc = u->key.loc;
    }
    mod.ports = ports(value(m, "ports"));
    mod.env = env(value(m, "env"), path + ".env");
    mod.health = health(entry(m, "health"), path + ".health");
    mod.mounts = mounts(value(m, "mounts"));
    if (const Entry* st = entry(m, "state"); st && st->value.is_mapping()) {
      if (auto target = text(value(&st->value, "target"))) {
        State s;
        s.target = *target;
        s.size = text(value(&st->value, "size"));
        s.loc = st->key.loc;
        mod.state = s;
      }
    }
    if (const Entry* sc = entry(m, "schedule"); sc && sc->value.is_mapping()) {
      if (auto cron = text(value(&sc->value, "cron"))) {
        Schedule s;
        s.cron = *cron;
        s.parsed = values::Cron::parse(cron->value);
        s.time_zone = text(value(&sc->value, "time_zone"));
        s.concurrency = text(value(&sc->value, "concurrency"));
        const Node* history = value(&sc->value, "history");
        s.successful = integer(value(history, "successful"));
        s.failed = integer(value(history, "failed"));
        s.loc = sc->key.loc;
        mod.schedule = std::move(s);
      }
    }
    if (const Node* steps = value(m, "setup"); steps && steps->is_sequence())
      for (const auto& item : steps->items) {
        auto name = text(value(&item, "name"));
        auto command = words(value(&item, "command"));
        if (!name || !command) continue;
        mod.setup.push_back(SetupStep{*name, *command, text(value(&item, "image")), item.loc});
      }
    for_entries(value(m, "depends_on"), [&](const Entry& d) {
      if (auto c = text(&d.value)) mod.depends_on.push_back(Dependency{key_of(d), *c});
    });
    mod.resources = resources(entry(m, "resources"));
    mod.stop_signal = text(value(m, "stop_signal"));
    mod.stop_grace = duration(value(m, "stop_grace"));
    mod.drain = duration(value(m, "drain"));
    mod.restart = text(value(m, "restart"));
    mod.image_tag = text(value(m, "image_tag"));
    if (const Entry* r = entry(m, "replicas"); r && r->value.is_mapping()) {
      auto min = integer(value(&r->value, "min"));
      auto max = integer(value(&r->value, "max"));
      if (min && max)
        mod.autoscale = Autoscale{*min, *max, integer(value(&r->value, "cpu")),
                                  integer(value(&r->value, "memory")), r->key.loc};
    } else {
      mod.replicas = integer(value(m, "replicas"));
    }
    mod.networks = strings(value(m, "networks"));
    mod.talks_to = strings(value(m, "talks_to"));
    mod.hostname = text(value(m, "hostname"));
    mod.aliases = strings(value(m, "aliases"));
    if (const Entry* eg = entry(m, "egress")) {
      mod.egress_loc = eg->key.loc;
      mod.egress = egress(&eg->value);
    }
    auto pairs = [&](const char* key, std::vector<std::pair<LString, LString>>& out) {
      for_entries(value(m, key), [&](const Entry& e) {
        if (auto v = text(&e.value)) out.emplace_back(key_of(e), *v);
      });
    };
    pairs("labels", mod.labels);
    pairs("container_labels", mod.container_labels);
    pairs("annotations", mod.annotations);
    mod.logs = text(value(m, "logs"));
    for_entries(value(m, "waive"), [&](const Entry& w) {
      if (auto r = text(&w.value)) mod.waivers.push_back(Waiver{key_of(w), *r});
    });
    mod.privileged = boolean(value(m, "privileged"));
    mod.network_mode = text(value(m, "network_mode"));
    mod.cap_add = words(value(m, "cap_add"));
    mod.devices = words(value(m, "devices"));
    mod.read_only = boolean(value(m, "read_only"));
    mod.init = boolean(value(m, "init"));
    mod.stdin_open = boolean(value(m, "stdin_open"));
    mod.tty = boolean(value(m, "tty"));
    pairs("extra_hosts", mod.extra_hosts);
    mod.shm_size = text(value(m, "shm_size"));
    if (const Entry* u = entry(m, "ulimits")) {
      mod.ulimits_loc = u->key.loc;
      for_entries(&u->value, [&](const Entry& e) {
        // A single number is soft and hard; {soft, hard} each.
        if (auto both = integer(&e.value)) {
          mod.ulimits.push_back(Ulimit{key_of(e), *both, *both});
        } else {
          auto soft = integer(value(&e.value, "soft"));
          auto hard = integer(value(&e.value, "hard"));
          if (soft && hard) mod.ulimits.push_back(Ulimit{key_of(e), *soft, *hard});
        }
      });
    }
    if (const Entry* s = entry(m, "sysctls")) mod.sysctls_loc = s->key.loc;
    pairs("sysctls", mod.sysctls);
    for_entries(value(m, "addresses"), [&](const Entry& a) {
      if (auto v = text(&a.value))
        mod.addresses.push_back(Address{key_of(a), *v, values::Ipv4::parse(v->value)});
    });
    mod.platform = text(value(m, "platform"));

    if (e.value.is_mapping()) {
      const Entry* image = entry(m, "image");
      const Entry* build = entry(m, "build");
      bool base = mod.kind && mod.kind->value == "base";
      if (image && build) {
        const Entry& second = image->key.loc < build->key.loc ? *build : *image;
        error(ids::kConflictingKeys, second.key, path + ": 'image' and 'build' cannot be combined")
            .help = "run a ready image with image, or build one with build (build.image names it)";
      } else if (base && !build) {
        error(ids::kMissingKey, e.key, "missing required key 'build' in " + path).help =
            "a module of kind base is an image other modules build FROM";
      } else if (build && build->value.is_mapping()) {
        const Entry* stack = entry(&build->value, "stack");
        const Entry* own = entry(&build->value, "dockerfile");
        const Entry* target = entry(&build->value, "target");
        const std::string bpath = path + ".build";
        if (stack && own) {
          const Entry& second = stack->key.loc < own->key.loc ? *own : *stack;
          error(ids::kConflictingKeys, second.key,
                bpath + ": 'stack' and 'dockerfile' cannot be combined")
              .help = "let gen write the Dockerfile (stack), or use the project's own (dockerfile)";
        } else if (!stack && !own) {
          error(ids::kMissingKey, build->key, "missing key 'stack' or 'dockerfile' in " + bpath)
              .help = "give stack: NAME (gen writes the Dockerfile) or dockerfile: PATH (yours)";
        } else if (target && !own) {
          error(ids::kConflictingKeys, target->key,
                bpath + ": 'target' names a stage of an own dockerfile, and there is none")
              .help = "gen's stack Dockerfiles build their last stage; drop target";
        }
      } else if (!image && !build) {
        error(ids::kMissingKey, e.key, "missing key 'image' or 'build' in " + path).help =
            "run a ready image with image: NAME:TAG, or build one with build: {stack: ...}";
      }
    }
    return mod;
  }

  Profile profile(const Entry& e) {
    const Node* m = &e.value;
    const std::string path = yaml::path_key("profiles", e.key.value);
    Profile p;
    p.name = key_of(e);
    p.loc = e.key.loc;
    p.env_file = text(value(m, "env_file"));
    p.image_tag = text(value(m, "image_tag"));
    p.registry = text(value(m, "registry"));
    p.bind = text(value(m, "bind"));
    for_entries(value(m, "modules"), [&](const Entry& pm) {
      ProfileModule o;
      o.module = key_of(pm);
      o.replicas = integer(value(&pm.value, "replicas"));
      o.env = env(value(&pm.value, "env"),
                  yaml::path_key(yaml::path_key(path + ".modules", pm.key.value), "env"));
      o.resources = resources(entry(&pm.value, "resources"));
      p.modules.push_back(o);
    });
    return p;
  }

  const std::string& file_;
  Diagnostics& diags_;
};

}  // namespace

Spec build_model(const yaml::Node& root, const std::string& file, Diagnostics& diags) {
  return Builder(file, diags).build(root);
}

}  // namespace gen::spec
