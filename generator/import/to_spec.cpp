#include "import/to_spec.h"

#include "import/peers.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "check/own_dockerfile.h"
#include "check/labels.h"
#include "check/secret_detect.h"
#include "import/compose_file.h"
#include "import/compose_values.h"
#include "import/environment.h"
#include "spec/formats.h"
#include "spec/starter.h"
#include "values/capability.h"
#include "values/device.h"
#include "values/engine_size.h"
#include "values/sysctl.h"
#include "values/ipv4.h"
#include "values/platform.h"

namespace gen::import {

namespace fs = std::filesystem;

namespace {

std::string q(const std::string& s) { return nlohmann::json(s).dump(); }

std::string one_line(const std::string& s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  if (out.size() > 100) out = out.substr(0, 97) + "...";
  return out;
}

std::string where(const SourceLocation& l) {
  return l.file.str() + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

bool has_control(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

bool is_abs_path(const std::string& s) {
  if (s.empty() || s[0] != '/') return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && std::string("._+@=~/-").find(c) == std::string::npos)
      return false;
  return true;
}

bool is_loopback(const std::string& ip) { return ip.rfind("127.", 0) == 0 || ip == "::1"; }

// One module's spec text, key by key in the spec's order, each with the
// comments that show what compose said.
struct Module {
  std::string compose_name;
  std::string name;
  SourceLocation loc;
  bool job = false;
  std::vector<std::string> comments;  // above the module
  std::map<std::string, std::vector<std::string>> keys;  // key -> lines (indented 4)
  std::vector<std::pair<std::string, std::string>> waive;  // rule -> reason
  std::vector<int> container_ports;
  bool health = false;
  bool health_disabled = false;
  bool has_user = false;
  std::string restart;  // as mapped
  std::vector<std::pair<std::string, std::string>> depends;  // compose name -> condition
  std::vector<SourceLocation> depends_loc;
  std::vector<std::pair<std::string, SourceLocation>> links;  // compose name, where
  std::vector<std::string> env_names;
  bool own_dockerfile = false;  // build.dockerfile written
  std::string image_user;       // "{uid: N, gid: N}" from its Dockerfile's numeric USER
  const yaml::Node* service = nullptr;  // its compose mapping
  // Variables with a scalar value, as compose gives them (secrets too: a
  // connection URL names its peer): name, value, where.
  struct EnvValue {
    std::string name, value;
    SourceLocation loc;
  };
  std::vector<EnvValue> env_values;
  std::vector<std::string> env_peers;  // compose names its variables reach (peers.h)
};

const char* const kKeyOrder[] = {"kind", "image", "build", "command", "entrypoint", "workdir",
                                 "user", "ports", "env", "health", "mounts", "depends_on",
                                 "talks_to", "container_labels", "annotations", "resources",
                                 "stop_signal", "stop_grace", "restart", "replicas", "networks",
                                 "addresses", "hostname", "aliases", "privileged", "network_mode",
                                 "cap_add", "devices", "read_only", "init", "stdin_open", "tty",
                                 "extra_hosts", "shm_size", "ulimits", "sysctls", "platform"};

// A compose mapping, or a list of KEY<sep>VALUE strings (extra_hosts,
// sysctls): add(key, value, at) per entry, in order; false when it is
// neither.
template <typename F>
bool for_each_pair(const yaml::Node& v, const char* seps, F add) {
  if (v.is_mapping()) {
    for (const auto& e : v.entries)
      add(e.key.value, e.value.is_scalar() ? e.value.value : "", e.key.loc);
    return true;
  }
  if (!v.is_sequence()) return false;
  for (const auto& i : v.items) {
    if (!i.is_scalar()) continue;
    size_t sep = i.value.find_first_of(seps);
    add(i.value.substr(0, sep), sep == std::string::npos ? "" : i.value.substr(sep + 1), i.loc);
  }
  return true;
}

class Mapper {
 public:
  Mapper(const LoadedCompose& c, const ImportOptions& o, Diagnostics& d)
      : compose_(c), options_(o), diags_(d) {
    std::error_code ec;
    fs::path dir = fs::path(o.spec_path).parent_path();
    spec_dir_ = fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal();
    if (spec_dir_.filename().empty()) spec_dir_ = spec_dir_.parent_path();  // "/x/" -> "/x"
  }

  ImportResult run();

 private:
  using Handler = void (Mapper::*)(Module&, const yaml::Node& value, const yaml::Node& service);
  struct KeyRule {
    Handler map;       // nullptr: dropped with `why` and `todo`
    const char* why;
    const char* todo;
  };
  static const std::map<std::string, KeyRule>& service_keys();

  void drop(const SourceLocation& at, const std::string& what, const std::string& why,
            const std::string& todo) {
    Diagnostic& d = diags_.warning(ids::kDropped, at, what + " is dropped: " + why);
    d.help = todo;
    ++result_.drops;
  }
  // A change made for the contract: a comment in the module and a note.
  void change(Module& m, const SourceLocation& at, const std::string& original,
              const std::string& becomes, const std::string& rule) {
    m.comments.push_back("compose: " + one_line(original) + " (" + where(at) + ") -> " + becomes +
                         " [" + rule + "]");
    Diagnostic d;
    d.rule_id = ids::kContract;
    d.severity = Severity::Note;
    d.range = SourceRange::at(at);
    d.message = "service " + m.compose_name + ": " + one_line(original) + " -> " + becomes +
                " (rule " + rule + ")";
    diags_.add(std::move(d));
    ++result_.changes;
  }
  void waive(Module& m, const std::string& rule, const std::string& reason) {
    for (const auto& w : m.waive)
      if (w.first == rule) return;
    m.waive.push_back({rule, "imported from compose: " + one_line(reason)});
    ++result_.waivers;
  }

  std::string module_name(const std::string& compose_name);
  std::string volume_name(const std::string& compose_name, const SourceLocation& at);
  std::string relative_path(const std::string& abs, bool& inside) const;

  void map_image(Module&, const yaml::Node&, const yaml::Node&);
  void map_build(Module&, const yaml::Node&, const yaml::Node&);
  void map_words(Module&, const yaml::Node&, const std::string& key);
  void map_command(Module& m, const yaml::Node& v, const yaml::Node&) { map_words(m, v, "command"); }
  void map_entrypoint(Module& m, const yaml::Node& v, const yaml::Node&) { map_words(m, v, "entrypoint"); }
  void map_environment(Module&, const yaml::Node&, const yaml::Node&);
  void map_env_file(Module&, const yaml::Node&, const yaml::Node&);
  void add_env(Module&, const std::string& name, const yaml::Node* value, const SourceLocation& at);
  void map_ports(Module&, const yaml::Node&, const yaml::Node&);
  void map_expose(Module&, const yaml::Node&, const yaml::Node&);
  void map_volumes(Module&, const yaml::Node&, const yaml::Node&);
  void map_tmpfs(Module&, const yaml::Node&, const yaml::Node&);
  void map_secrets(Module&, const yaml::Node&, const yaml::Node&);
  void write_objects(std::ostringstream& out, const std::string& kind,
                     const std::vector<std::pair<std::string, std::string>>& objects,
                     const yaml::Node* defs, const std::string& project);
  void map_configs(Module&, const yaml::Node&, const yaml::Node&);
  void map_healthcheck(Module&, const yaml::Node&, const yaml::Node&);
  void map_depends_on(Module&, const yaml::Node&, const yaml::Node&);
  void map_links(Module&, const yaml::Node&, const yaml::Node&);
  void map_labels(Module& m, const yaml::Node& v, const yaml::Node&) {
    map_tags(m, v, "labels", "container_labels");
  }
  void map_annotations(Module& m, const yaml::Node& v, const yaml::Node&) {
    map_tags(m, v, "annotations", "annotations");
  }
  void map_tags(Module&, const yaml::Node&, const std::string& key, const std::string& to);
  void map_restart(Module&, const yaml::Node&, const yaml::Node&);
  void map_user(Module&, const yaml::Node&, const yaml::Node&);
  void map_working_dir(Module&, const yaml::Node&, const yaml::Node&);
  void map_stop_signal(Module&, const yaml::Node&, const yaml::Node&);
  void map_stop_grace(Module&, const yaml::Node&, const yaml::Node&);
  void map_deploy(Module&, const yaml::Node&, const yaml::Node&);
  void map_networks(Module&, const yaml::Node&, const yaml::Node&);
  void map_ipam(const std::string& network, const yaml::Node& ipam,
                std::vector<std::string>& attrs);
  void map_network_mode(Module&, const yaml::Node&, const yaml::Node&);
  void map_hostname(Module&, const yaml::Node&, const yaml::Node&);
  // A name others reach `m` by (hostname, a network alias): kept when it is
  // a name the spec takes and leads to `m` only; its own name is dropped quietly.
  bool reach_name(Module& m, const std::string& name, const SourceLocation& at, const char* what);
  void map_privileged(Module&, const yaml::Node&, const yaml::Node&);
  void map_cap_add(Module&, const yaml::Node&, const yaml::Node&);
  void map_devices(Module&, const yaml::Node&, const yaml::Node&);
  void map_flag(Module&, const yaml::Node&, const yaml::Node&, const char* key);
  void map_init(Module& m, const yaml::Node& v, const yaml::Node& s) { map_flag(m, v, s, "init"); }
  void map_stdin_open(Module& m, const yaml::Node& v, const yaml::Node& s) {
    map_flag(m, v, s, "stdin_open");
  }
  void map_tty(Module& m, const yaml::Node& v, const yaml::Node& s) { map_flag(m, v, s, "tty"); }
  void map_extra_hosts(Module&, const yaml::Node&, const yaml::Node&);
  void map_shm_size(Module&, const yaml::Node&, const yaml::Node&);
  void map_ulimits(Module&, const yaml::Node&, const yaml::Node&);
  void map_sysctls(Module&, const yaml::Node&, const yaml::Node&);
  void map_platform(Module&, const yaml::Node&, const yaml::Node&);
  void map_read_only(Module&, const yaml::Node&, const yaml::Node&) {}  // checked per service
  void map_covered(Module&, const yaml::Node&, const yaml::Node&) {}    // the contract does it
  void map_resources_key(Module&, const yaml::Node&, const yaml::Node&) {}  // in map_limits

  void map_limits(Module&, const yaml::Node& service);
  void add_mount(Module& m, const VolumeMount& v);
  void finish(Module&, const yaml::Node& service);
  void infer_peers();
  void add_inferred_port(Module& peer, int port, const std::string& why, const SourceLocation& at);

  const LoadedCompose& compose_;
  const ImportOptions& options_;
  Diagnostics& diags_;
  fs::path spec_dir_;
  ImportResult result_;
  std::map<std::string, std::string> names_;        // compose service -> module
  std::set<std::string> used_names_;
  std::map<std::string, std::string> volumes_;      // compose volume -> spec volume
  std::map<std::string, std::string> secrets_;      // compose secret -> spec secret
  std::map<std::string, std::vector<std::string>> volume_writers_;
  std::set<std::string> networks_used_;
  std::map<std::string, std::string> reached_;  // hostname or alias -> module taking it
  std::vector<Module> modules_;
};

const std::map<std::string, Mapper::KeyRule>& Mapper::service_keys() {
  static const std::map<std::string, KeyRule> table{
      {"image", {&Mapper::map_image, "", ""}},
      {"build", {&Mapper::map_build, "", ""}},
      {"command", {&Mapper::map_command, "", ""}},
      {"entrypoint", {&Mapper::map_entrypoint, "", ""}},
      {"environment", {&Mapper::map_environment, "", ""}},
      {"env_file", {&Mapper::map_env_file, "", ""}},
      {"ports", {&Mapper::map_ports, "", ""}},
      {"expose", {&Mapper::map_expose, "", ""}},
      {"volumes", {&Mapper::map_volumes, "", ""}},
      {"tmpfs", {&Mapper::map_tmpfs, "", ""}},
      {"configs", {&Mapper::map_configs, "", ""}},
      {"healthcheck", {&Mapper::map_healthcheck, "", ""}},
      {"depends_on", {&Mapper::map_depends_on, "", ""}},
      {"restart", {&Mapper::map_restart, "", ""}},
      {"user", {&Mapper::map_user, "", ""}},
      {"working_dir", {&Mapper::map_working_dir, "", ""}},
      {"stop_signal", {&Mapper::map_stop_signal, "", ""}},
      {"stop_grace_period", {&Mapper::map_stop_grace, "", ""}},
      {"deploy", {&Mapper::map_deploy, "", ""}},
      {"mem_limit", {&Mapper::map_resources_key, "", ""}},
      {"mem_reservation", {&Mapper::map_resources_key, "", ""}},
      {"cpus", {&Mapper::map_resources_key, "", ""}},
      {"networks", {&Mapper::map_networks, "", ""}},
      {"network_mode", {&Mapper::map_network_mode, "", ""}},
      {"privileged", {&Mapper::map_privileged, "", ""}},
      {"cap_add", {&Mapper::map_cap_add, "", ""}},
      {"cap_drop", {&Mapper::map_covered, "", ""}},
      {"read_only", {&Mapper::map_read_only, "", ""}},
      {"profiles", {&Mapper::map_covered, "", ""}},
      {"secrets", {&Mapper::map_secrets, "", ""}},
      {"container_name", {nullptr, "gen names containers <project>-<module>",
                          "refer to the module by its name"}},
      {"hostname", {&Mapper::map_hostname, "", ""}},
      {"domainname", {nullptr, "gen sets no domain names", "refer to the module by its name"}},
      {"labels", {&Mapper::map_labels, "", ""}},
      {"annotations", {&Mapper::map_annotations, "", ""}},
      {"logging", {nullptr, "gen logs to stdout (or `logs:`); log drivers are the engine's",
                   "configure the log driver in the engine"}},
      {"links", {&Mapper::map_links, "", ""}},
      {"external_links", {nullptr, "gen only links modules of the spec", "use a network"}},
      {"extra_hosts", {&Mapper::map_extra_hosts, "", ""}},
      {"dns", {nullptr, "gen uses the engine's DNS", "configure DNS in the engine"}},
      {"dns_search", {nullptr, "gen uses the engine's DNS", "configure DNS in the engine"}},
      {"dns_opt", {nullptr, "gen uses the engine's DNS", "configure DNS in the engine"}},
      {"ulimits", {&Mapper::map_ulimits, "", ""}},
      {"sysctls", {&Mapper::map_sysctls, "", ""}},
      {"init", {&Mapper::map_init, "", ""}},
      {"platform", {&Mapper::map_platform, "", ""}},
      {"pull_policy", {nullptr, "pull policy is per target (targets.k8s.pull_policy)",
                       "set targets.k8s.pull_policy"}},
      {"tty", {&Mapper::map_tty, "", ""}},
      {"stdin_open", {&Mapper::map_stdin_open, "", ""}},
      {"devices", {&Mapper::map_devices, "", ""}},
      {"security_opt", {nullptr, "gen's templates set the security options of the contract",
                        "see docs/rules"}},
      {"shm_size", {&Mapper::map_shm_size, "", ""}},
      {"ipc", {nullptr, "gen shares no IPC namespace", "remove it"}},
      {"pid", {nullptr, "gen shares no PID namespace", "remove it"}},
      {"volumes_from", {nullptr, "gen mounts named volumes, not another container's",
                        "share a named volume (volumes:)"}},
      {"group_add", {nullptr, "supplementary groups are numeric user.groups",
                     "add the group ids under user.groups"}},
      {"scale", {nullptr, "replicas are set with deploy.replicas", "use replicas in the spec"}},
      {"gpus", {nullptr, "gen gives containers no GPUs", "run it outside gen"}},
      {"develop", {nullptr, "compose watch is a development feature", "run compose watch yourself"}},
      {"oom_score_adj", {nullptr, "gen sets no OOM score", "use resources"}},
      {"oom_kill_disable", {nullptr, "gen sets no OOM settings", "use resources"}},
      {"userns_mode", {nullptr, "gen sets no user namespace mode", "remove it"}},
      {"cgroup_parent", {nullptr, "gen sets no cgroup parent", "remove it"}},
      {"runtime", {nullptr, "gen uses the engine's default runtime", "remove it"}},
      {"mac_address", {nullptr, "gen sets no MAC address", "remove it"}},
      {"attach", {nullptr, "gen does not manage log attachment", "remove it"}},
      {"storage_opt", {nullptr, "gen sets no storage options", "remove it"}},
      {"cpu_shares", {nullptr, "gen expresses CPU as a request and a limit", "use deploy.resources"}},
      {"cpu_quota", {nullptr, "gen expresses CPU as a request and a limit", "use deploy.resources"}},
      {"cpuset", {nullptr, "gen pins no CPUs", "remove it"}},
      {"memswap_limit", {nullptr, "gen expresses memory as a request and a limit", "use deploy.resources"}},
      {"post_start", {nullptr, "gen has no lifecycle hooks", "do it in the entrypoint"}},
      {"pre_stop", {nullptr, "gen has no lifecycle hooks", "handle the stop signal"}},
  };
  return table;
}

std::string Mapper::module_name(const std::string& compose_name) {
  std::string base = spec::project_name_from(compose_name);
  std::string name = base;
  for (int i = 2; used_names_.count(name); ++i) name = base + "-" + std::to_string(i);
  used_names_.insert(name);
  return name;
}

// The spec key of a compose volume or network: the compose key itself where
// the spec allows it (db_data), so the runtime name <project>_<key> stays the
// one compose gave it and the data in it is found; else a DNS label.
std::string object_key(const std::string& compose_name) {
  if (spec::schema::formats::volume_key.matches(compose_name)) return compose_name;
  return spec::project_name_from(compose_name);
}

// The spec name of a compose volume (object_key) or secret (a DNS label),
// the same for every use and distinct from the others' in `names`.
std::string unique_name(std::map<std::string, std::string>& names, const std::string& compose_name,
                        std::string (*spell)(const std::string&)) {
  auto it = names.find(compose_name);
  if (it != names.end()) return it->second;
  std::string name = spell(compose_name);
  std::set<std::string> taken;
  for (const auto& v : names) taken.insert(v.second);
  std::string base = name;
  for (int i = 2; taken.count(name); ++i) name = base + "-" + std::to_string(i);
  names[compose_name] = name;
  return name;
}

std::string Mapper::volume_name(const std::string& compose_name, const SourceLocation&) {
  return unique_name(volumes_, compose_name, object_key);
}

std::string Mapper::relative_path(const std::string& abs, bool& inside) const {
  fs::path rel = fs::path(abs).lexically_relative(spec_dir_);
  std::string r = rel.generic_string();
  inside = !r.empty() && r.rfind("..", 0) != 0;
  if (!inside) return abs;
  return r == "." ? "." : "./" + r;
}

void Mapper::map_image(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_scalar() || v.value.empty()) return drop(v.loc, "image", "not a string", "write image: NAME:TAG");
  m.keys["image"] = {"    image: " + q(v.value)};
}

// build: the project's own Dockerfile (build.dockerfile) when it is in the
// spec's directory tree and has the stage to build; otherwise the module runs
// the image `docker compose build` tags, and the build is reported dropped.
void Mapper::map_build(Module& m, const yaml::Node& v, const yaml::Node& service) {
  const yaml::Node* image = service.find("image");
  std::string context = v.is_scalar() ? v.value : compose_.project_directory;
  const yaml::Node* dockerfile = v.is_mapping() ? v.find("dockerfile") : nullptr;
  const yaml::Node* target = v.is_mapping() ? v.find("target") : nullptr;
  if (const yaml::Node* c = v.is_mapping() ? v.find("context") : nullptr; c && c->is_scalar())
    context = c->value;
  const std::string tag = image && image->is_scalar()
                              ? image->value
                              : spec::project_name_from(compose_.project_name) + "-" +
                                    spec::project_name_from(m.compose_name);
  auto run_built_image = [&](const SourceLocation& at, const std::string& why) {
    if (image) return drop(v.loc, "build", why + "; the image given with `image:` is run instead",
                           "build and push that image with `docker compose build`, or describe "
                           "the build with build.stack or build.dockerfile (docs/spec.md)");
    m.keys["image"] = {"    # compose: build: " + q(context) + "; gen runs the image compose builds",
                       "    image: " + q(tag)};
    drop(at, "build", why + "; the module runs the image compose builds, " + tag,
         "build it with `docker compose build` (it is tagged " + tag + "), or describe the "
         "build with build.stack or build.dockerfile");
  };
  if (v.is_mapping() && v.find("dockerfile_inline"))
    return run_built_image(v.find("dockerfile_inline")->loc,
                           "gen builds from a Dockerfile file, not dockerfile_inline");
  bool inside = false;
  const std::string context_shown = relative_path(context, inside);
  if (!inside || context_shown == ".." )
    return run_built_image(v.loc, "its context " + context + " is outside the spec's directory");
  std::string file = dockerfile && dockerfile->is_scalar() ? dockerfile->value : "Dockerfile";
  const fs::path file_abs = (fs::path(context) / file).lexically_normal();
  const std::string file_shown = relative_path(file_abs.generic_string(), inside);
  const SourceLocation& file_at = dockerfile ? dockerfile->loc : v.loc;
  if (!inside) return run_built_image(file_at, "its Dockerfile is outside the spec's directory");
  auto df = check::read_own_dockerfile((spec_dir_ / "gen.yaml").generic_string(), file_shown);
  if (!df) return run_built_image(file_at, "its Dockerfile " + file_shown + " is not there");
  if (df->unreadable) return run_built_image(file_at, "its Dockerfile cannot be used: " + *df->unreadable);
  const std::string* stage_name = target && target->is_scalar() ? &target->value : nullptr;
  const dockerfile::DockerStage* stage = check::built_stage(df->parse, stage_name);
  if (!stage)
    return run_built_image(target ? target->loc : file_at,
                           df->parse.stages.empty() ? "its Dockerfile has no FROM"
                                                    : "its Dockerfile has no stage " + *stage_name);

  std::vector<std::string> lines = {"    build:", "      context: " + q(context_shown),
                                    "      dockerfile: " + q(file_shown)};
  if (stage_name) lines.push_back("      target: " + q(*stage_name));
  if (image) {
    if (image->is_scalar() && !image->value.empty())
      lines.push_back("      image: " + q(image->value));
    else
      drop(image->loc, "image", "not a string", "write image: NAME:TAG");
  }
  if (const yaml::Node* args = v.find("args"); args && args->is_mapping()) {
    std::vector<std::string> arg_lines;
    for (const auto& a : args->entries) {
      if (!a.value.is_scalar() || a.value.is_null())
        drop(a.key.loc, "build arg " + a.key.value,
             "its value comes from the environment of `docker compose build`",
             "give it a value under build.args");
      else if (check::looks_like_secret(a.key.value) || check::secret_in_text(a.value.value))
        drop(a.key.loc, "build arg " + a.key.value, "it looks like a secret, and build "
             "arguments are stored in the image's history", "pass it as a build secret");
      else
        arg_lines.push_back("        " + q(a.key.value) + ": " + q(a.value.value));
    }
    if (!arg_lines.empty()) {
      lines.push_back("      args:");
      lines.insert(lines.end(), arg_lines.begin(), arg_lines.end());
    }
  }
  for (const auto& e : v.is_mapping() ? v.entries : std::vector<yaml::Entry>{}) {
    const std::string& k = e.key.value;
    if (k == "context" || k == "dockerfile" || k == "target" || k == "args") continue;
    drop(e.key.loc, "build." + k, "gen's build takes context, dockerfile, target and args",
         "keep what it does in the Dockerfile");
  }
  m.keys["build"] = lines;
  m.own_dockerfile = true;

  // The Dockerfile's user decides what the contract can keep: a numeric
  // non-root USER becomes the module's user (unless compose gave one); root
  // or a name is a finding import cannot fix (it never edits the project's
  // files), so it is waived with the reason, and a note says what to change.
  const check::ImageUser user = check::image_user(df->parse, stage);
  if (user.kind == check::ImageUser::Kind::Numeric) {
    m.image_user = "{uid: " + std::to_string(user.uid) + ", gid: " + std::to_string(user.gid) + "}";
  } else if (user.kind != check::ImageUser::Kind::Unset) {
    waive(m, "dockerfile-user", "its Dockerfile says USER " + user.who);
    Diagnostic d;
    d.rule_id = ids::kContract;
    d.severity = Severity::Note;
    d.range = SourceRange::at(SourceLocation{df->shown, user.user->line, user.user->column});
    d.message = "service " + m.compose_name + ": USER " + user.who + " in " + df->shown +
                " -> rule dockerfile-user waived (gen import never edits the project's files)";
    d.help = "end the Dockerfile's stage with a numeric USER uid:gid and remove the waiver";
    diags_.add(std::move(d));
  }
}

void Mapper::map_words(Module& m, const yaml::Node& v, const std::string& key) {
  std::vector<std::string> words;
  if (v.is_scalar()) {
    auto w = shell_split(v.value);
    if (!w) return drop(v.loc, key, "an unterminated quote", "fix the quoting");
    words = *w;
  } else if (v.is_sequence()) {
    for (const auto& i : v.items) {
      if (!i.is_scalar()) return drop(i.loc, key, "it lists something other than strings", "list strings");
      words.push_back(i.value);
    }
  } else if (v.is_null()) {
    return;
  }
  if (words.empty()) return;
  for (const auto& w : words)
    if (has_control(w))
      return drop(v.loc, key, "a word holds a line break or control character",
                  "put the script in a file in the image and run that");
  std::string line = "    " + key + ": [";
  for (size_t i = 0; i < words.size(); ++i) line += (i ? ", " : "") + q(words[i]);
  m.keys[key] = {line + "]"};
}

void Mapper::add_env(Module& m, const std::string& name, const yaml::Node* value,
                     const SourceLocation& at) {
  for (const auto& n : m.env_names)
    if (n == name) return;  // environment wins over env_file
  if (!spec::schema::formats::env_var_name.matches(name))
    return drop(at, "environment variable '" + one_line(name) + "'",
                "not a valid variable name for gen ([A-Za-z_][A-Za-z0-9_.]*)", "rename it");
  // A name with '.' only as a value the spec writes (rule target-support).
  if (name.find('.') != std::string::npos &&
      (!value || !value->is_scalar() || check::looks_like_secret(name) ||
       (check::secret_in_text(value->value) && !check::is_secret_file_path(value->value))))
    return drop(at, "environment variable " + name,
                "a name with '.' reaches every target only as a plain value the spec writes, not "
                "set at run time or as a secret (rule target-support)",
                "give it a plain value, or rename it to letters, digits and '_'");
  m.env_names.push_back(name);
  if (value && value->is_scalar()) m.env_values.push_back({name, value->value, value->loc});
  auto& lines = m.keys["env"];
  if (lines.empty()) lines.push_back("    env:");
  if (!value || value->is_null()) {
    lines.push_back("      " + name + ": {optional: true}  # compose: taken from the environment");
    return;
  }
  std::string v = value->is_scalar() ? value->value : "";
  // `TZ: ${TIMEZONE}`: the host's variable at run time, not the value it
  // had when importing (a secret-named one stays a secret reference).
  auto ref = compose_.references.find(reference_key(value->loc));
  if (ref != compose_.references.end() && !check::looks_like_secret(name) &&
      !check::looks_like_secret(ref->second) && name.find('.') == std::string::npos) {
    lines.push_back("      " + name + ": " +
                    (ref->second == name ? std::string("{required: true}")
                                         : "{from_host: " + ref->second + "}") +
                    "  # compose: ${" + ref->second + "}");
    return;
  }
  bool secret_name = check::looks_like_secret(name);
  auto in_text = check::secret_in_text(v);
  if ((secret_name || in_text) && !check::is_secret_file_path(v)) {
    bool literal = !check::is_reference(v);
    lines.push_back("      " + name + ": {secret: true}");
    if (literal) {
      std::string what = in_text ? *in_text : "a secret-named variable";
      Diagnostic d;
      d.rule_id = ids::kContract;
      d.severity = Severity::Note;
      d.range = SourceRange::at(value->loc);
      d.message = "service " + m.compose_name + ": " + name + " holds a literal secret (" + what +
                  "); its value (from " + where(value->loc) + ") is not copied: it becomes a "
                  "secret reference";
      d.help = "set " + name + " at run time (compose: the environment; k8s: the Secret)";
      diags_.add(std::move(d));
      ++result_.changes;
      m.comments.push_back("compose: " + name + " had a literal value (" + where(value->loc) +
                           "), not copied -> {secret: true} [no-secret-values]");
    }
    return;
  }
  if (!value->is_scalar())
    return drop(value->loc, "environment " + name, "not a scalar", "write a string");
  lines.push_back("      " + name + ": " + q(v));
}

void Mapper::map_environment(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_mapping()) return drop(v.loc, "environment", "not a mapping or a list", "write NAME: value");
  for (const auto& e : v.entries) add_env(m, e.key.value, &e.value, e.key.loc);
}

void Mapper::map_env_file(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<std::pair<std::string, bool>> files;
  auto add = [&](const yaml::Node& n) {
    if (n.is_scalar()) files.push_back({n.value, true});
    if (n.is_mapping()) {
      const yaml::Node* p = n.find("path");
      const yaml::Node* r = n.find("required");
      if (p && p->is_scalar()) files.push_back({p->value, !(r && r->is_scalar() && r->value == "false")});
    }
  };
  if (v.is_sequence())
    for (const auto& i : v.items) add(i);
  else
    add(v);
  for (const auto& [path, required] : files) {
    SourceFiles sources;
    Environment env = compose_.env;
    auto vars = read_dotenv(path, path, env, required, diags_, sources);
    if (!vars) continue;
    for (const auto& var : *vars) {
      yaml::Node value;
      value.kind = yaml::Node::Kind::Scalar;
      value.value = var.value;
      value.loc = var.loc;
      add_env(m, var.name, &value, var.loc);
    }
  }
}

void Mapper::map_ports(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "ports", "not a list", "list the ports");
  for (const auto& item : v.items) {
    std::string why;
    auto ports = parse_port(item, why);
    if (!ports) {
      drop(item.loc, "port", why, "write CONTAINER, HOST:CONTAINER or the long syntax");
      continue;
    }
    for (const auto& p : *ports) {
      std::string line = "      - {container: " + std::to_string(p.container);
      if (p.host) {
        line += ", host: " + std::to_string(*p.host);
        if (is_loopback(p.host_ip)) {
          line += ", bind: " + q(p.host_ip);
        } else {
          std::string original = (p.host_ip.empty() ? "" : p.host_ip + ":") +
                                 std::to_string(*p.host) + ":" + std::to_string(p.container) +
                                 " on " + (p.host_ip.empty() ? "all interfaces" : p.host_ip);
          if (options_.keep_behaviour) {
            line += ", bind: " + q(p.host_ip.empty() ? "0.0.0.0" : p.host_ip);
            waive(m, "loopback-ports", "port " + original);
          } else {
            change(m, p.loc, "port " + original, "published on 127.0.0.1 only", "loopback-ports");
          }
        }
      }
      if (p.protocol != "tcp") line += ", protocol: " + p.protocol;
      m.container_ports.push_back(p.container);
      auto& lines = m.keys["ports"];
      if (lines.empty()) lines.push_back("    ports:");
      lines.push_back(line + "}");
    }
  }
}

void Mapper::map_expose(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "expose", "not a list", "list the ports");
  for (const auto& item : v.items) {
    std::string why;
    auto ports = parse_port(item, why);
    if (!ports) {
      drop(item.loc, "expose", why, "write a port number");
      continue;
    }
    for (const auto& p : *ports) {
      bool have = false;
      for (int c : m.container_ports) have = have || c == p.container;
      if (have) continue;
      m.container_ports.push_back(p.container);
      auto& lines = m.keys["ports"];
      if (lines.empty()) lines.push_back("    ports:");
      lines.push_back("      - {container: " + std::to_string(p.container) +
                      (p.protocol != "tcp" ? ", protocol: " + p.protocol : "") + "}");
    }
  }
}

void Mapper::add_mount(Module& m, const VolumeMount& v) {
  auto& lines = m.keys["mounts"];
  if (lines.empty()) lines.push_back("    mounts:");
  const char* what = v.kind == VolumeMount::Kind::Tmpfs ? "tmpfs option " : "volume option ";
  for (const auto& o : v.ignored) drop(v.loc, what + o, "gen mounts without it", "remove it");
  std::string ro = v.read_only ? ", read_only: true" : "";
  switch (v.kind) {
    case VolumeMount::Kind::Tmpfs: {
      std::string size;
      if (!v.tmpfs_size.empty()) {
        if (auto qn = memory_quantity(v.tmpfs_size)) size = ", size: " + q(*qn);
      }
      lines.push_back("      - {tmpfs: " + q(v.target) + size + "}");
      return;
    }
    case VolumeMount::Kind::Anonymous:
      // A volume of the container's own, writable (the spec's form has no
      // read_only: a read-only empty volume holds nothing).
      if (v.read_only)
        drop(v.loc, "read_only on the anonymous volume at " + v.target,
             "an anonymous volume is writable", "remove read_only");
      lines.push_back("      - {anonymous: " + q(v.target) + "}");
      return;
    case VolumeMount::Kind::Volume: {
      std::string name = volume_name(v.source, v.loc);
      if (!v.read_only) volume_writers_[name].push_back(m.name);
      lines.push_back("      - {volume: " + name + ", target: " + q(v.target) + ro + "}");
      return;
    }
    case VolumeMount::Kind::Bind: {
      bool inside = false;
      std::string path = relative_path(v.source, inside);
      std::string base = fs::path(v.source).filename().generic_string();
      bool socket = base.size() > 5 && base.compare(base.size() - 5, 5, ".sock") == 0;
      if (!inside || socket) {
        std::string rule = socket ? "no-engine-socket" : "host-binds";
        if (options_.keep_behaviour) {
          waive(m, "host-binds", "binds the host path " + v.source);
          if (socket) waive(m, "no-engine-socket", "mounts " + v.source);
        } else {
          change(m, v.loc, "bind " + v.source + " -> " + v.target,
                 "not mounted (a host path outside the project)", rule);
          return;
        }
      }
      lines.push_back("      - {bind: " + q(path) + ", target: " + q(v.target) + ro + "}");
      return;
    }
    case VolumeMount::Kind::Other:
      drop(v.loc, "a volume of type " + v.type_name, "gen mounts volumes, binds and tmpfs",
           "use a named volume");
      return;
  }
}

void Mapper::map_volumes(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "volumes", "not a list", "list the mounts");
  for (const auto& item : v.items) {
    std::string why;
    auto mount = parse_volume(item, why);
    if (!mount) {
      drop(item.loc, "volume", why, "write SOURCE:TARGET[:ro] or the long syntax");
      continue;
    }
    if (mount->target.find(':') != std::string::npos || has_control(mount->target)) {
      drop(item.loc, "volume", "its target is not a path gen can mount", "rename the target");
      continue;
    }
    add_mount(m, *mount);
  }
}

void Mapper::map_tmpfs(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<const yaml::Node*> items;
  if (v.is_scalar()) items.push_back(&v);
  if (v.is_sequence())
    for (const auto& i : v.items) items.push_back(&i);
  for (const yaml::Node* i : items) {
    if (!i->is_scalar()) continue;
    VolumeMount t;
    t.kind = VolumeMount::Kind::Tmpfs;
    t.loc = i->loc;
    size_t colon = i->value.find(':');
    t.target = i->value.substr(0, colon);
    // Options as the engine's --tmpfs reads them: size= is the spec's size;
    // the others (mode, uid, noexec, ...) gen sets itself.
    if (colon != std::string::npos) {
      std::string_view options = std::string_view(i->value).substr(colon + 1);
      while (!options.empty()) {
        std::string_view option = options.substr(0, options.find(','));
        options.remove_prefix(std::min(options.size(), option.size() + 1));
        if (option.rfind("size=", 0) == 0) t.tmpfs_size = std::string(option.substr(5));
        else if (!option.empty()) t.ignored.emplace_back(option.substr(0, option.find('=')));
      }
    }
    if (t.target.empty() || t.target[0] != '/') {
      drop(i->loc, "tmpfs", "not an absolute path", "write /path");
      continue;
    }
    add_mount(m, t);
  }
}

// secrets: a secret mounted as a file ({secret, file, target}); compose's
// default target /run/secrets/<source> is kept, so the program finds the file
// where it did even when the spec's name (a DNS label) differs.
void Mapper::map_secrets(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "secrets", "not a list", "list the secrets");
  const yaml::Node* top = compose_.root.find("secrets");
  for (const auto& item : v.items) {
    std::string source = item.is_scalar() ? item.value : "";
    std::string target;
    if (item.is_mapping()) {
      if (const yaml::Node* s = item.find("source"); s && s->is_scalar()) source = s->value;
      if (const yaml::Node* t = item.find("target"); t && t->is_scalar()) target = t->value;
      for (const char* k : {"uid", "gid", "mode"})
        if (const yaml::Node* x = item.find(k))
          drop(x->loc, std::string("secret ") + k, "gen mounts every secret read-only for the "
               "module's user", "remove it");
    }
    if (target.empty()) target = source;
    if (!target.empty() && target[0] != '/') target = "/run/secrets/" + target;
    const yaml::Node* def = top ? top->find(source) : nullptr;
    if (source.empty() || !def) {
      drop(item.loc, "secret " + source, "it is not declared under the top-level secrets",
           "declare it with file: or external: true");
      continue;
    }
    std::string line = "      - {secret: " + unique_name(secrets_, source, spec::project_name_from);
    const yaml::Node* file = def->find("file");
    const yaml::Node* external = def->find("external");
    if (file && file->is_scalar()) {
      bool inside = false;
      std::string path = relative_path(file->value, inside);
      if (!inside) {
        drop(file->loc, "secret " + source, "its file is outside the spec's directory tree "
             "(rule project-paths)", "move the file into the project, or create the secret and "
             "declare it external: true");
        continue;
      }
      line += ", file: " + q(path);
    } else if (!(external && external->is_scalar() && external->value == "true") &&
               !def->find("name")) {
      drop(def->loc, "secret " + source, "gen takes a secret from a file or an existing "
           "secret (environment and content secrets are not expressible)",
           "write it to a file in the project, or create it and declare it external: true");
      continue;
    }
    if (target != "/run/secrets/" + unique_name(secrets_, source, spec::project_name_from)) line += ", target: " + q(target);
    auto& lines = m.keys["mounts"];
    if (lines.empty()) lines.push_back("    mounts:");
    lines.push_back(line + "}");
  }
}

void Mapper::map_configs(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "configs", "not a list", "list the configs");
  const yaml::Node* top = compose_.root.find("configs");
  for (const auto& item : v.items) {
    std::string source = item.is_scalar() ? item.value : "";
    std::string target;
    if (item.is_mapping()) {
      if (const yaml::Node* s = item.find("source"); s && s->is_scalar()) source = s->value;
      if (const yaml::Node* t = item.find("target"); t && t->is_scalar()) target = t->value;
    }
    if (target.empty()) target = "/" + source;
    const yaml::Node* def = top ? top->find(source) : nullptr;
    const yaml::Node* file = def ? def->find("file") : nullptr;
    if (!file || !file->is_scalar()) {
      drop(item.loc, "config " + source, "gen mounts configs that are files (content, "
           "environment and external configs are not expressible)", "write the config to a file "
           "and declare it with `file:`");
      continue;
    }
    bool inside = false;
    std::string path = relative_path(file->value, inside);
    if (!inside) {
      drop(item.loc, "config " + source, "its file is outside the spec's directory tree (rule "
           "project-paths)", "move the file into the project");
      continue;
    }
    auto& lines = m.keys["mounts"];
    if (lines.empty()) lines.push_back("    mounts:");
    lines.push_back("      - {config: " + q(path) + ", target: " + q(target) + "}");
  }
}

void Mapper::map_healthcheck(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_mapping()) return drop(v.loc, "healthcheck", "not a mapping", "write test: [...]");
  if (const yaml::Node* d = v.find("disable"); d && d->is_scalar() && d->value == "true") {
    m.health_disabled = true;
    return;
  }
  const yaml::Node* test = v.find("test");
  if (!test) return drop(v.loc, "healthcheck", "it has no test", "add test: [CMD, ...]");
  std::string why;
  auto t = parse_health_test(*test, why);
  if (!t) return drop(test->loc, "healthcheck.test", why, "write [CMD, ...] or [CMD-SHELL, ...]");
  if (t->disabled) {
    m.health_disabled = true;
    return;
  }
  for (const auto& w : t->command)
    if (has_control(w))
      return drop(test->loc, "healthcheck.test", "a line break in the command",
                  "put the check in a script in the image");
  std::vector<std::string> lines{"    health:"};
  std::string cmd = "      command: [";
  for (size_t i = 0; i < t->command.size(); ++i) cmd += (i ? ", " : "") + q(t->command[i]);
  lines.push_back(cmd + "]");
  for (const char* k : {"interval", "timeout", "start_period"}) {
    const yaml::Node* d = v.find(k);
    if (!d) continue;
    auto ms = d->is_scalar() ? parse_go_duration_ms(d->value) : std::nullopt;
    if (!ms || *ms <= 0) {
      drop(d->loc, std::string("healthcheck.") + k, "not a positive duration", "write e.g. 30s");
      continue;
    }
    lines.push_back(std::string("      ") + k + ": " + format_duration(*ms));
  }
  if (const yaml::Node* r = v.find("retries")) {
    int n = r->is_scalar() ? std::atoi(r->value.c_str()) : 0;
    if (n >= 1 && n <= 100)
      lines.push_back("      retries: " + std::to_string(n));
    else
      drop(r->loc, "healthcheck.retries", "gen takes 1 to 100", "write a number from 1 to 100");
  }
  for (const auto& e : v.entries)
    if (e.key.value == "start_interval")
      drop(e.key.loc, "healthcheck.start_interval", "gen has no start interval", "remove it");
  m.keys["health"] = lines;
  m.health = true;
}

void Mapper::map_depends_on(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_mapping()) return drop(v.loc, "depends_on", "not a list or a mapping", "list services");
  for (const auto& e : v.entries) {
    std::string cond = "service_started";
    if (const yaml::Node* c = e.value.find("condition"); c && c->is_scalar()) cond = c->value;
    std::string mapped = cond == "service_healthy" ? "healthy"
                         : cond == "service_completed_successfully" ? "completed"
                         : cond == "service_started" ? "started" : "";
    if (mapped.empty()) {
      drop(e.key.loc, "depends_on condition " + cond, "unknown condition", "use service_started, "
           "service_healthy or service_completed_successfully");
      continue;
    }
    m.depends.push_back({e.key.value, mapped});
    m.depends_loc.push_back(e.key.loc);
  }
}

// labels and annotations (a mapping, or a list of KEY=VALUE): compose labels
// are container labels (compose and Podman, any value); compose annotations
// become Kubernetes annotations. A key gen cannot carry is dropped.
void Mapper::map_tags(Module& m, const yaml::Node& v, const std::string& key,
                      const std::string& to) {
  std::vector<std::pair<std::string, std::string>> pairs;
  auto add = [&](const std::string& k, const std::string& value, const SourceLocation& at) {
    const bool reserved = check::reserved_label_prefix(k) != nullptr;
    if (!spec::schema::formats::label_key.matches(k) || reserved)
      return drop(at, key + " " + one_line(k),
                  reserved ? "gen and the engines set this key" : "not a valid label key",
                  "use a key of your own domain (example.com/name)");
    if (value.find_first_of("\r\n") != std::string::npos)
      return drop(at, key + " " + k, "its value spans lines", "write it on one line");
    pairs.push_back({k, value});
  };
  if (v.is_mapping()) {
    for (const auto& e : v.entries) add(e.key.value, e.value.is_scalar() ? e.value.value : "", e.key.loc);
  } else if (v.is_sequence()) {
    for (const auto& i : v.items) {
      if (!i.is_scalar()) continue;
      size_t eq = i.value.find('=');
      add(i.value.substr(0, eq), eq == std::string::npos ? "" : i.value.substr(eq + 1), i.loc);
    }
  } else {
    return drop(v.loc, key, "not a mapping or a list", "write KEY: VALUE");
  }
  if (pairs.empty()) return;
  std::vector<std::string> lines{"    " + to + ":"};
  for (const auto& [k, value] : pairs) lines.push_back("      " + q(k) + ": " + q(value));
  m.keys[to] = lines;
}

// links: [SERVICE, SERVICE:ALIAS]: the service connects to SERVICE (talks_to,
// so NetworkPolicies let it through); the alias is a host name (not mapped).
void Mapper::map_links(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_sequence()) return drop(v.loc, "links", "not a list", "list services");
  for (const auto& item : v.items) {
    if (!item.is_scalar() || item.value.empty()) {
      drop(item.loc, "link", "not a service name", "write SERVICE or SERVICE:ALIAS");
      continue;
    }
    size_t colon = item.value.find(':');
    if (colon != std::string::npos && item.value.substr(colon + 1) != item.value.substr(0, colon))
      drop(item.loc, "the link alias " + item.value.substr(colon + 1),
           "modules reach each other by module name", "use the module name as host name");
    m.links.push_back({item.value.substr(0, colon), item.loc});
  }
}

void Mapper::map_restart(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::string r = v.is_scalar() ? v.value : "";
  if (r.rfind("on-failure", 0) == 0) {
    if (r.size() > 10) drop(v.loc, "the retry count of " + r, "gen restarts without a limit", "remove it");
    r = "on-failure";
  }
  if (r != "no" && r != "always" && r != "on-failure" && r != "unless-stopped")
    return drop(v.loc, "restart " + one_line(r), "unknown policy", "use always or unless-stopped");
  m.restart = r;
}

void Mapper::map_user(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::string u = v.is_scalar() ? v.value : "";
  std::string uid = u.substr(0, u.find(':'));
  std::string gid = u.find(':') == std::string::npos ? uid : u.substr(u.find(':') + 1);
  auto numeric = [](const std::string& s) {
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return true;
  };
  m.has_user = true;
  if (numeric(uid) && numeric(gid) && std::atoi(uid.c_str()) != 0) {
    m.keys["user"] = {"    user: {uid: " + std::to_string(std::atoi(uid.c_str())) +
                      ", gid: " + std::to_string(std::atoi(gid.c_str())) + "}"};
    return;
  }
  if (options_.keep_behaviour) {
    waive(m, "non-root-user", "user: " + u);
    if (!(numeric(uid) && numeric(gid)))
      drop(v.loc, "user " + u, "gen takes numeric ids; the image's default user runs",
           "write the numeric uid:gid");
    else
      m.keys["user"] = {"    user: {uid: " + std::to_string(std::atoi(uid.c_str())) +
                        ", gid: " + std::to_string(std::atoi(gid.c_str())) + "}"};
    return;
  }
  change(m, v.loc, "user: " + u, "user {uid: 1000, gid: 1000}", "non-root-user");
  m.keys["user"] = {"    user: {uid: 1000, gid: 1000}"};
}

void Mapper::map_working_dir(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_scalar() || !is_abs_path(v.value))
    return drop(v.loc, "working_dir", "gen takes an absolute path of letters, digits and ._+@=~/-",
                "rename the directory");
  m.keys["workdir"] = {"    workdir: " + q(v.value)};
}

void Mapper::map_stop_signal(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::string s = v.is_scalar() ? v.value : "";
  if (s.rfind("SIG", 0) != 0) s = "SIG" + s;
  bool ok = s.size() > 3;
  for (size_t i = 3; i < s.size(); ++i)
    ok = ok && (std::isupper(static_cast<unsigned char>(s[i])) || std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '+');
  if (!ok) return drop(v.loc, "stop_signal", "not a signal name", "write e.g. SIGTERM");
  m.keys["stop_signal"] = {"    stop_signal: " + s};
}

void Mapper::map_stop_grace(Module& m, const yaml::Node& v, const yaml::Node&) {
  auto ms = v.is_scalar() ? parse_go_duration_ms(v.value) : std::nullopt;
  if (!ms || *ms <= 0) return drop(v.loc, "stop_grace_period", "not a duration", "write e.g. 30s");
  m.keys["stop_grace"] = {"    stop_grace: " + format_duration(*ms)};
}

void Mapper::map_deploy(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_mapping()) return drop(v.loc, "deploy", "not a mapping", "write deploy: {...}");
  for (const auto& e : v.entries) {
    const std::string& k = e.key.value;
    if (k == "replicas") {
      int n = e.value.is_scalar() ? std::atoi(e.value.value.c_str()) : -1;
      if (n >= 0 && n <= 1000)
        m.keys["replicas"] = {"    replicas: " + std::to_string(n)};
      else
        drop(e.key.loc, "deploy.replicas", "gen takes 0 to 1000", "write a number");
    } else if (k == "resources") {
      for (const auto& r : e.value.entries)
        if (r.key.value != "limits" && r.key.value != "reservations")
          drop(r.key.loc, "deploy.resources." + r.key.value, "gen sets cpu and memory only", "remove it");
    } else if (k == "restart_policy") {
      const yaml::Node* c = e.value.find("condition");
      std::string cond = c && c->is_scalar() ? c->value : "any";
      if (m.restart.empty()) m.restart = cond == "none" ? "no" : cond == "on-failure" ? "on-failure" : "always";
      for (const auto& r : e.value.entries)
        if (r.key.value != "condition")
          drop(r.key.loc, "deploy.restart_policy." + r.key.value, "gen restarts without delays or limits", "remove it");
    } else {
      drop(e.key.loc, "deploy." + k, "gen has no swarm placement, update or rollback settings",
           "set them in the target's files");
    }
  }
}

void Mapper::map_limits(Module& m, const yaml::Node& s) {
  std::string cpu_limit, cpu_request, mem_limit, mem_request;
  SourceLocation at = s.loc;
  auto take = [&](const yaml::Node* n, bool memory, std::string& into) {
    if (!n) return;
    if (!n->is_scalar()) return drop(n->loc, "a resource", "not a value", "write a number");
    auto qn = memory ? memory_quantity(n->value) : cpu_quantity(n->value);
    if (!qn) return drop(n->loc, memory ? "memory" : "cpus", "not a size gen can read", "write e.g. 512m");
    into = *qn;
  };
  take(s.find("cpus"), false, cpu_limit);
  take(s.find("mem_limit"), true, mem_limit);
  take(s.find("mem_reservation"), true, mem_request);
  if (const yaml::Node* d = s.find("deploy"))
    if (const yaml::Node* r = d->find("resources")) {
      if (const yaml::Node* l = r->find("limits")) {
        take(l->find("cpus"), false, cpu_limit);
        take(l->find("memory"), true, mem_limit);
      }
      if (const yaml::Node* l = r->find("reservations")) {
        take(l->find("cpus"), false, cpu_request);
        take(l->find("memory"), true, mem_request);
      }
    }
  std::vector<std::string> lines;
  auto add = [&](const char* k, const std::string& req, const std::string& lim) {
    if (req.empty() && lim.empty()) return;
    std::string line = std::string("      ") + k + ": {";
    if (!req.empty()) line += "request: " + q(req);
    if (!lim.empty()) line += std::string(req.empty() ? "" : ", ") + "limit: " + q(lim);
    lines.push_back(line + "}");
  };
  add("cpu", cpu_request, cpu_limit);
  add("memory", mem_request, mem_limit);
  if (lines.empty()) return;
  lines.insert(lines.begin(), "    resources:");
  m.keys["resources"] = lines;
  (void)at;
}

bool Mapper::reach_name(Module& m, const std::string& name, const SourceLocation& at,
                        const char* what) {
  if (name == m.name) return false;  // reached by its name anyway
  std::string taken;
  for (const auto& [compose, module] : names_)
    if (module == name) taken = "module " + module;
  if (auto it = reached_.find(name); it != reached_.end() && it->second != m.name)
    taken = "module " + it->second;
  if (!spec::schema::formats::dns_label.matches(name) || !(name[0] >= 'a' && name[0] <= 'z')) {
    drop(at, std::string(what) + " " + one_line(name),
         "a name gen gives is a DNS label starting with a letter (a Kubernetes Service each)",
         "refer to the module by its name");
    return false;
  }
  if (!taken.empty()) {
    drop(at, std::string(what) + " " + name, "the name is taken by " + taken,
         "give each module names of its own");
    return false;
  }
  reached_[name] = m.name;
  return true;
}

void Mapper::map_hostname(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_scalar() || v.value.empty())
    return drop(v.loc, "hostname", "not a name", "write a name");
  if (v.value == m.name || reach_name(m, v.value, v.loc, "hostname"))
    m.keys["hostname"] = {"    hostname: " + q(v.value)};
}

void Mapper::map_networks(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_mapping()) return drop(v.loc, "networks", "not a list or a mapping", "list networks");
  std::vector<std::string> names, aliases;
  std::vector<std::pair<std::string, std::string>> addresses;  // network key, IPv4 address
  for (const auto& e : v.entries) {
    if (e.value.is_mapping())
      for (const auto& o : e.value.entries) {
        if (o.key.value == "ipv4_address") {
          // The spec's addresses: {network: IPv4}, on a network of the spec
          // (compose's default one has no subnet gen could fix).
          auto ip = o.value.is_scalar() ? values::Ipv4::parse(o.value.value)
                                        : values::Ipv4::Result{};
          if (e.key.value == "default")
            drop(o.key.loc, "ipv4_address on the default network",
                 "gen fixes addresses only on networks with a subnet", "declare a network with "
                 "ipam config and join it");
          else if (!ip.address)
            drop(o.value.loc, "ipv4_address " + one_line(o.value.value), "not an IPv4 address",
                 "write one such as 172.28.0.10");
          else
            addresses.emplace_back(object_key(e.key.value), ip.address->text());
          continue;
        }
        if (o.key.value == "aliases" && o.value.is_sequence()) {
          // gen gives a module's aliases on every network it joins: the union.
          for (const auto& a : o.value.items) {
            if (!a.is_scalar() || std::count(aliases.begin(), aliases.end(), a.value)) continue;
            if (reach_name(m, a.value, a.loc, "network alias")) aliases.push_back(a.value);
          }
          continue;
        }
        drop(o.key.loc, "network option " + o.key.value, "gen joins networks with aliases "
             "and an IPv4 address only", "refer to the module by its name or an alias");
      }
    if (e.key.value == "default") continue;
    std::string n = object_key(e.key.value);
    networks_used_.insert(e.key.value);
    names.push_back(n);
  }
  if (names.size() < v.entries.size() && !names.empty())
    drop(v.loc, "the default network", "a module joins the networks it lists", "add a network both modules list");
  if (!aliases.empty()) {
    std::string line = "    aliases: [";
    for (size_t i = 0; i < aliases.size(); ++i) line += (i ? ", " : "") + q(aliases[i]);
    m.keys["aliases"] = {line + "]"};
  }
  if (!addresses.empty()) {
    std::string line = "    addresses: {";
    for (size_t i = 0; i < addresses.size(); ++i)
      line += (i ? ", " : "") + addresses[i].first + ": " + q(addresses[i].second);
    m.keys["addresses"] = {line + "}"};
  }
  if (names.empty()) return;
  std::string line = "    networks: [";
  for (size_t i = 0; i < names.size(); ++i) line += (i ? ", " : "") + names[i];
  m.keys["networks"] = {line + "]"};
}

void Mapper::map_network_mode(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::string mode = v.is_scalar() ? v.value : "";
  if (mode == "bridge" || mode == "none") {
    m.keys["network_mode"] = {"    network_mode: " + mode};
  } else if (mode == "host") {
    if (options_.keep_behaviour) {
      m.keys["network_mode"] = {"    network_mode: host"};
      waive(m, "no-host-network", "network_mode: host");
    } else {
      change(m, v.loc, "network_mode: host", "the project's networks", "no-host-network");
    }
  } else {
    drop(v.loc, "network_mode " + one_line(mode), "gen runs modules on bridge networks",
         "use a shared network");
  }
}

void Mapper::map_privileged(Module& m, const yaml::Node& v, const yaml::Node&) {
  if (!v.is_scalar() || v.value != "true") return;
  if (options_.keep_behaviour) {
    m.keys["privileged"] = {"    privileged: true"};
    waive(m, "no-privileged", "privileged: true");
  } else {
    change(m, v.loc, "privileged: true", "not privileged", "no-privileged");
  }
}

// cap_add and devices: kept under a waiver with --keep-behaviour, else
// left out; each read with the spec's grammar (values/), an entry it cannot
// read is dropped with its reason.
void Mapper::map_cap_add(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<std::string> names;
  for (const auto& i : v.items) {
    if (!i.is_scalar()) continue;
    std::string name = values::capability_name(i.value);
    if (name.empty()) {
      drop(i.loc, "cap_add " + one_line(i.value),
           "not a Linux capability gen knows (ALL is `privileged`)",
           "name the capabilities it needs");
    } else if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  }
  if (names.empty()) return;
  std::string caps;
  for (const auto& n : names) caps += (caps.empty() ? "" : ", ") + n;
  if (options_.keep_behaviour) {
    m.keys["cap_add"] = {"    cap_add: [" + caps + "]"};
    waive(m, "no-added-capabilities", "cap_add: [" + caps + "]");
  } else {
    change(m, v.loc, "cap_add: [" + caps + "]", "no added capabilities", "no-added-capabilities");
  }
}

// init, stdin_open, tty: kept as written when true (the spec's keys of the
// same name).
void Mapper::map_flag(Module& m, const yaml::Node& v, const yaml::Node&, const char* key) {
  if (v.is_scalar() && v.value == "true") m.keys[key] = {std::string("    ") + key + ": true"};
}

// platform: kept when the spec's grammar reads it (values::Platform).
void Mapper::map_platform(Module& m, const yaml::Node& v, const yaml::Node&) {
  auto p = v.is_scalar() ? values::Platform::parse(v.value) : std::nullopt;
  if (!p)
    return drop(v.loc, "platform " + one_line(v.is_scalar() ? v.value : std::string()),
                "not OS/ARCH[/VARIANT] of a platform gen knows",
                "write linux/amd64, linux/arm64, linux/arm/v7, ...");
  m.keys["platform"] = {"    platform: " + q(p->text())};
}

// extra_hosts (a list of HOST:IP, HOST=IP or HOST:[IPv6], or a mapping): each
// entry whose host name and address the spec can hold.
void Mapper::map_extra_hosts(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<std::pair<std::string, std::string>> hosts;
  auto add = [&](const std::string& host, std::string ip, const SourceLocation& at) {
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
    if (!spec::schema::formats::dns_subdomain.matches(host) ||
        !spec::schema::formats::ip_address.matches(ip))
      return drop(at, "extra_hosts " + one_line(host + " " + ip),
                  "not a host name and an IP address", "write HOST:IP");
    hosts.push_back({host, ip});
  };
  if (!for_each_pair(v, "=:", add))
    return drop(v.loc, "extra_hosts", "not a mapping or a list", "write HOST:IP");
  if (hosts.empty()) return;
  std::string line = "    extra_hosts: {";
  for (size_t i = 0; i < hosts.size(); ++i)
    line += (i ? ", " : "") + q(hosts[i].first) + ": " + q(hosts[i].second);
  m.keys["extra_hosts"] = {line + "}"};
}

// shm_size (bytes, or a number with b, k, m, g as compose reads it): the
// same size as a quantity, in the largest binary unit that divides it.
void Mapper::map_shm_size(Module& m, const yaml::Node& v, const yaml::Node&) {
  auto bytes = v.is_scalar() ? values::engine_bytes(v.value) : std::nullopt;
  if (!bytes || *bytes <= 0)
    return drop(v.loc, "shm_size " + one_line(v.value), "not a size compose reads",
                "write it in bytes or with b, k, m, g");
  std::string text = std::to_string(*bytes);
  for (const auto& [shift, unit] : {std::pair<int, const char*>{30, "Gi"}, {20, "Mi"}, {10, "Ki"}})
    if (*bytes % (int64_t{1} << shift) == 0) {
      text = std::to_string(*bytes >> shift) + unit;
      break;
    }
  m.keys["shm_size"] = {"    shm_size: " + text};
}

// ulimits (NAME: N or NAME: {soft, hard}): each limit the spec knows by
// name, as written.
void Mapper::map_ulimits(Module& m, const yaml::Node& v, const yaml::Node&) {
  static const std::set<std::string> kNames = {
      "core", "cpu",    "data",  "fsize",  "locks",  "memlock",    "msgqueue", "nice",
      "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"};
  auto number = [](const yaml::Node* n) -> std::optional<int64_t> {
    if (!n || !n->is_scalar()) return std::nullopt;
    try {
      size_t used = 0;
      int64_t x = std::stoll(n->value, &used);
      if (used == n->value.size() && x >= -1) return x;
    } catch (...) {
    }
    return std::nullopt;
  };
  std::string out;
  for (const auto& e : v.entries) {
    std::optional<int64_t> soft, hard;
    if (e.value.is_mapping()) {
      soft = number(e.value.find("soft"));
      hard = number(e.value.find("hard"));
    } else {
      soft = hard = number(&e.value);
    }
    if (!kNames.count(e.key.value) || !soft || !hard) {
      drop(e.key.loc, "ulimit " + one_line(e.key.value),
           kNames.count(e.key.value) ? "not a number or {soft, hard}"
                                     : "not a limit docker and podman know",
           "set it in the engine's defaults");
      continue;
    }
    out += (out.empty() ? "" : ", ") + e.key.value + ": " +
           (*soft == *hard ? std::to_string(*soft)
                           : "{soft: " + std::to_string(*soft) + ", hard: " +
                                 std::to_string(*hard) + "}");
  }
  if (!out.empty()) m.keys["ulimits"] = {"    ulimits: {" + out + "}"};
}

// sysctls (a mapping or a list of NAME=VALUE): the namespaced ones; one
// outside the Pod Security safe set is kept under a waiver of
// unsafe-sysctls (--keep-behaviour) or left out as a contract change.
void Mapper::map_sysctls(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<std::pair<std::string, std::string>> kept;
  std::string unsafe;
  auto add = [&](const std::string& name, const std::string& value, const SourceLocation& at) {
    if (!spec::schema::formats::env_var_name.matches(name) ||
        !values::is_namespaced_sysctl(name))
      return drop(at, "sysctl " + one_line(name),
                  "not a namespaced sysctl (net.*, kernel.shm*, kernel.msg*, kernel.sem, "
                  "fs.mqueue.*): the container cannot set it",
                  "set it on the host (sysctl.d)");
    if (!values::is_safe_sysctl(name)) {
      unsafe += (unsafe.empty() ? "" : ", ") + name + "=" + value;
      if (!options_.keep_behaviour) return;
    }
    kept.push_back({name, value});
  };
  if (!for_each_pair(v, "=", add))
    return drop(v.loc, "sysctls", "not a mapping or a list", "write NAME: VALUE");
  if (!unsafe.empty()) {
    if (options_.keep_behaviour)
      waive(m, "unsafe-sysctls", "sysctls " + unsafe);
    else
      change(m, v.loc, "sysctls " + unsafe, "left out", "unsafe-sysctls");
  }
  if (kept.empty()) return;
  std::string line = "    sysctls: {";
  for (size_t i = 0; i < kept.size(); ++i)
    line += (i ? ", " : "") + kept[i].first + ": " + q(kept[i].second);
  m.keys["sysctls"] = {line + "}"};
}

void Mapper::map_devices(Module& m, const yaml::Node& v, const yaml::Node&) {
  std::vector<std::string> texts;
  for (const auto& i : v.items) {
    std::string text = i.value;
    if (i.is_mapping()) {  // the long syntax: source, target, permissions
      const yaml::Node* src = i.find("source");
      text = src && src->is_scalar() ? src->value : "";
      if (const yaml::Node* t = i.find("target"); t && t->is_scalar()) text += ":" + t->value;
      if (const yaml::Node* p = i.find("permissions"); p && p->is_scalar()) text += ":" + p->value;
    } else if (!i.is_scalar()) {
      continue;
    }
    auto device = values::Device::parse(text);
    if (!device) {
      drop(i.loc, "device " + one_line(text),
           "not a host device path under /dev (HOST[:CONTAINER][:PERMISSIONS])",
           "hand the device over outside gen");
      continue;
    }
    texts.push_back(q(text));
  }
  if (texts.empty()) return;
  std::string list;
  for (const auto& t : texts) list += (list.empty() ? "" : ", ") + t;
  if (options_.keep_behaviour) {
    m.keys["devices"] = {"    devices: [" + list + "]"};
    waive(m, "no-host-devices", "devices: [" + list + "]");
  } else {
    change(m, v.loc, "devices: [" + list + "]", "no host devices", "no-host-devices");
  }
}

// A port its peers' variables show the module listens on (compose needs no
// declaration for traffic between services; a Kubernetes Service and its
// NetworkPolicy do): not published, said in a comment and a note.
void Mapper::add_inferred_port(Module& peer, int port, const std::string& why,
                               const SourceLocation& at) {
  peer.container_ports.push_back(port);
  auto& lines = peer.keys["ports"];
  if (lines.empty()) lines.push_back("    ports:");
  lines.push_back("      - {container: " + std::to_string(port) + "}");
  peer.comments.push_back("compose: no port " + std::to_string(port) + " (" + where(at) +
                          ") -> port " + std::to_string(port) + ", not published: " + why);
  Diagnostic d;
  d.rule_id = ids::kContract;
  d.severity = Severity::Note;
  d.range = SourceRange::at(at);
  d.message = "service " + peer.compose_name + ": port " + std::to_string(port) +
              " added (not published): " + why;
  d.help = "Kubernetes reaches a module only on the ports the spec declares";
  diags_.add(std::move(d));
  ++result_.changes;
}

// Which services each service's variables name (peers.h), and the ports
// they name or the peer's image is known to listen on: the peer gets the
// port, the service `talks_to` it (both after the mapping, for every
// service, since a variable may name a service defined after it).
void Mapper::infer_peers() {
  std::map<std::string, std::string> names;  // peer_key(name) -> compose name
  std::map<std::string, Module*> by_compose;
  for (auto& m : modules_) {
    by_compose[m.compose_name] = &m;
    for (const char* key : {"hostname", "container_name"})
      if (const yaml::Node* n = m.service->find(key); n && n->is_scalar())
        names.emplace(peer_key(n->value), m.compose_name);
    if (const yaml::Node* nets = m.service->find("networks"); nets && nets->is_mapping())
      for (const auto& net : nets->entries)
        if (const yaml::Node* aliases = net.value.find("aliases"); aliases && aliases->is_sequence())
          for (const auto& a : aliases->items)
            if (a.is_scalar()) names.emplace(peer_key(a.value), m.compose_name);
  }
  // Service names last, so they win over another service's alias.
  for (auto& m : modules_) {
    names[peer_key(m.compose_name)] = m.compose_name;
    names[peer_key(m.name)] = m.compose_name;
  }
  auto image_port = [](const Module& m) -> std::optional<int> {
    const yaml::Node* image = m.service->find("image");
    if (!image || !image->is_scalar()) return std::nullopt;
    return well_known_port(image->value);
  };
  auto has_port = [](const Module& m, int port) {
    return std::find(m.container_ports.begin(), m.container_ports.end(), port) !=
           m.container_ports.end();
  };
  for (auto& m : modules_) {
    for (const auto& e : m.env_values) {
      for (const auto& ref : peer_references(e.value, names)) {
        if (ref.peer == m.compose_name) continue;
        Module& peer = *by_compose.at(ref.peer);
        std::optional<int> port = ref.port;
        std::string how = " names it on this port";
        if (!port && peer.container_ports.empty()) {
          port = image_port(peer);
          how = " names it; the port is its image's usual one";
        }
        if (port && !has_port(peer, *port))
          add_inferred_port(peer, *port, m.compose_name + " reaches it (" + e.name + how + ")",
                            e.loc);
        bool first = std::find(m.env_peers.begin(), m.env_peers.end(), ref.peer) ==
                     m.env_peers.end();
        if (first) m.env_peers.push_back(ref.peer);
        // Named, but no port to admit: say so once, rather than leave the
        // connection blocked in Kubernetes without a word.
        if (first && !port && peer.container_ports.empty()) {
          Diagnostic& d = diags_.warning(
              ids::kDropped, e.loc,
              "talks_to " + peer.name + " is dropped: " + m.compose_name + " reaches " +
                  ref.peer + " (" + e.name + "), which declares no port, and its image's port "
                  "is not known");
          d.help = "give " + ref.peer + " its port (compose `expose`), so Kubernetes lets " +
                   m.compose_name + " reach it";
          ++result_.drops;
        }
      }
    }
  }
  // A dependency without a port: reached, most likely, on its image's port.
  for (auto& m : modules_) {
    for (size_t i = 0; i < m.depends.size(); ++i) {
      auto it = by_compose.find(m.depends[i].first);
      if (it == by_compose.end() || !it->second->container_ports.empty()) continue;
      if (auto port = image_port(*it->second))
        add_inferred_port(*it->second, *port,
                          m.compose_name + " depends on it (its image's usual port)",
                          m.depends_loc[i]);
    }
  }
}

void Mapper::finish(Module& m, const yaml::Node& service) {
  map_limits(m, service);
  const yaml::Node* ro = service.find("read_only");
  const bool writable = !(ro && ro->is_scalar() && ro->value == "true");
  if (writable && options_.keep_behaviour) {
    m.keys["read_only"] = {"    read_only: false"};
    waive(m, "read-only-rootfs", "root filesystem writable");
  } else if (writable) {
    change(m, ro ? ro->loc : m.loc, "root filesystem writable",
           "read-only root (mount a tmpfs or volume where it writes)", "read-only-rootfs");
  }
  if (m.own_dockerfile) m.keys.erase("image");  // build.image names it
  if (!m.has_user && !m.image_user.empty()) {
    m.keys["user"] = {"    user: " + m.image_user + "  # its Dockerfile's USER"};
  } else if (!m.has_user) {
    if (options_.keep_behaviour) {
      waive(m, "non-root-user", "no user: the image's default user");
    } else {
      change(m, m.loc, "no user (the image's default, often root)", "user {uid: 1000, gid: 1000}",
             "non-root-user");
      m.keys["user"] = {"    user: {uid: 1000, gid: 1000}"};
    }
  }
  if (m.job) {
    if (!m.restart.empty()) m.keys["restart"] = {"    restart: " + q(m.restart)};
  } else if (m.restart.empty() || m.restart == "no") {
    if (options_.keep_behaviour) {
      m.keys["restart"] = {"    restart: \"no\""};
      waive(m, "restart-policy", m.restart.empty() ? "no restart policy" : "restart: no");
    } else {
      change(m, m.loc, m.restart.empty() ? "no restart policy" : "restart: no",
             "restart: unless-stopped", "restart-policy");
      m.keys["restart"] = {"    restart: unless-stopped"};
    }
  } else if (!m.restart.empty()) {
    m.keys["restart"] = {"    restart: " + q(m.restart)};
  }
  if (!m.health && !m.job) {
    std::string original = m.health_disabled ? "healthcheck disabled" : "no healthcheck";
    if (options_.keep_behaviour || m.container_ports.empty()) {
      waive(m, "health-check", original);
      if (!options_.keep_behaviour)
        change(m, m.loc, original, "a waiver: no port to probe", "health-check");
    } else {
      change(m, m.loc, original, "tcp probe of port " + std::to_string(m.container_ports.front()),
             "health-check");
      m.keys["health"] = {"    health: {tcp: " + std::to_string(m.container_ports.front()) + "}"};
      m.health = true;
    }
  }
}

// A network's `ipam: {config: [{subnet, gateway}]}`: the spec's subnet and
// gateway, from its one IPv4 entry; the rest (a driver, ranges, a second
// block, IPv6) is dropped with its reason. Rule addresses checks the values.
void Mapper::map_ipam(const std::string& network, const yaml::Node& ipam,
                      std::vector<std::string>& attrs) {
  const std::string what = "network " + network + ".ipam";
  if (!ipam.is_mapping()) return drop(ipam.loc, what, "not a mapping", "write {config: [...]}");
  for (const auto& e : ipam.entries) {
    if (e.key.value != "config" || !e.value.is_sequence()) {
      drop(e.key.loc, what + "." + e.key.value, "gen fixes a network's subnet and gateway only",
           "configure it in the engine");
      continue;
    }
    bool taken = false;
    for (const auto& c : e.value.items) {
      const yaml::Node* subnet = c.is_mapping() ? c.find("subnet") : nullptr;
      auto block = subnet && subnet->is_scalar() ? values::Cidr::parse(subnet->value)
                                                 : values::Cidr::Result{};
      if (!block.cidr || block.cidr->v6() || taken) {
        drop(c.loc, what + ".config entry",
             taken ? "gen gives a network one IPv4 block" : "not an IPv4 subnet gen can read",
             "keep one IPv4 subnet");
        continue;
      }
      taken = true;
      attrs.push_back("subnet: " + q(block.cidr->text()));
      for (const auto& o : c.entries) {
        if (o.key.value == "subnet") continue;
        auto gw = o.key.value == "gateway" && o.value.is_scalar()
                      ? values::Ipv4::parse(o.value.value)
                      : values::Ipv4::Result{};
        if (gw.address)
          attrs.push_back("gateway: " + q(gw.address->text()));
        else
          drop(o.key.loc, what + ".config." + o.key.value,
               o.key.value == "gateway" ? "not an IPv4 address" : "gen fixes a subnet and gateway only",
               "configure it in the engine");
      }
    }
  }
}

// Top-level networks or volumes (`kind`), each compose name with its spec
// name. A fixed `name:` is what project-scoped-names refuses unless the
// object is external: gen's own scoped name (<project>_<key>) is left out
// (the same name), another one becomes `external: true` with that name, so
// the data already in it is found, and a note says to create it on a new
// host.
void Mapper::write_objects(std::ostringstream& out, const std::string& kind,
                           const std::vector<std::pair<std::string, std::string>>& objects,
                           const yaml::Node* defs, const std::string& project) {
  if (objects.empty()) return;
  const bool network = kind == "networks";
  out << kind << ":\n";
  for (const auto& [compose_name, name] : objects) {
    std::vector<std::string> attrs;
    const yaml::Node* def = defs ? defs->find(compose_name) : nullptr;
    bool external = false;
    const yaml::Node* fixed = nullptr;
    if (def && def->is_mapping())
      for (const auto& a : def->entries) {
        const std::string& k = a.key.value;
        const bool on = a.value.is_scalar() && a.value.value == "true";
        if (k == "external") external = on;
        else if (k == "internal" && network) { if (on) attrs.push_back("internal: true"); }
        else if (k == "name" && a.value.is_scalar()) fixed = &a.value;
        else if (k == "ipam" && network) map_ipam(compose_name, a.value, attrs);
        else if (k.rfind("x-", 0) != 0)
          drop(a.key.loc, kind.substr(0, kind.size() - 1) + " " + compose_name + "." + k,
               "gen's " + kind + " have a name, external" + (network ? " and internal" : "") +
                   " only",
               "configure it in the engine");
      }
    if (fixed && !external && fixed->value != project + "_" + name) {
      external = true;
      Diagnostic d;
      d.rule_id = ids::kContract;
      d.severity = Severity::Note;
      d.range = SourceRange::at(fixed->loc);
      d.message = kind.substr(0, kind.size() - 1) + " " + compose_name + ": the fixed name " +
                  fixed->value + " -> external: true under that name (rule project-scoped-names)";
      d.help = "gen never creates an object under a name other projects share: create it first "
               "on a new host (podman " + std::string(network ? "network" : "volume") +
               " create " + fixed->value + "), or drop name: to let gen scope it";
      diags_.add(std::move(d));
      ++result_.changes;
    }
    if (external) {
      // An external network's block is set where it is created (rule addresses).
      auto fixed_block = [](const std::string& a) {
        return a.rfind("subnet: ", 0) == 0 || a.rfind("gateway: ", 0) == 0;
      };
      if (std::any_of(attrs.begin(), attrs.end(), fixed_block) && def)
        drop(def->loc, "network " + compose_name + ".ipam", "an external network's subnet is "
             "set where it is created", "create it with that subnet");
      attrs.erase(std::remove_if(attrs.begin(), attrs.end(), fixed_block), attrs.end());
      attrs.insert(attrs.begin(), "external: true");
    }
    if (fixed && external) attrs.push_back("name: " + q(fixed->value));
    out << "  " << name << ":";
    if (!attrs.empty()) {
      out << " {";
      for (size_t i = 0; i < attrs.size(); ++i) out << (i ? ", " : "") << attrs[i];
      out << "}";
    }
    out << "\n";
  }
}

ImportResult Mapper::run() {
  const yaml::Node* services = compose_.root.find("services");
  for (const auto& e : compose_.root.entries) {
    const std::string& k = e.key.value;
    if (k == "services" || k == "networks" || k == "volumes" || k == "configs" ||
        k == "secrets" || k == "name" || k == "version" || k.rfind("x-", 0) == 0)
      continue;
    drop(e.key.loc, "top-level key " + k, "not a Compose key gen import knows", "remove it");
  }
  for (const auto& inactive : compose_.inactive) {
    std::string list;
    for (const auto& p : inactive.profiles) list += (list.empty() ? "" : ", ") + p;
    drop(inactive.loc, "service " + inactive.name, "its profiles (" + list + ") are not active",
         "import with --profile " + (inactive.profiles.empty() ? std::string("NAME") : inactive.profiles.front()));
  }
  if (services && services->is_mapping())
    for (const auto& e : services->entries) names_[e.key.value] = module_name(e.key.value);
  // Targets of completed_successfully run to completion: kind job.
  std::set<std::string> jobs;
  if (services && services->is_mapping())
    for (const auto& e : services->entries)
      if (const yaml::Node* d = e.value.find("depends_on"); d && d->is_mapping())
        for (const auto& t : d->entries)
          if (const yaml::Node* c = t.value.find("condition");
              c && c->is_scalar() && c->value == "service_completed_successfully")
            jobs.insert(t.key.value);
  if (services && services->is_mapping()) {
    for (const auto& e : services->entries) {
      Module m;
      m.compose_name = e.key.value;
      m.name = names_[e.key.value];
      m.loc = e.key.loc;
      m.job = jobs.count(e.key.value) > 0;
      if (m.name != m.compose_name)
        m.comments.push_back("compose: service " + m.compose_name + " -> module " + m.name +
                             " (gen names are DNS labels)");
      const auto& table = service_keys();
      for (const auto& k : e.value.entries) {
        if (k.key.value.rfind("x-", 0) == 0) continue;
        auto it = table.find(k.key.value);
        if (it == table.end()) {
          drop(k.key.loc, k.key.value, "not a Compose service key gen import knows",
               "see docs/import.md");
          continue;
        }
        if (!it->second.map) {
          drop(k.key.loc, k.key.value, it->second.why, it->second.todo);
          continue;
        }
        (this->*(it->second.map))(m, k.value, e.value);
      }
      if (!e.value.find("image") && !e.value.find("build")) {
        diags_.error(ids::kInvalid, e.key.loc, "service " + m.compose_name + " has neither image nor build");
      }
      if (m.job) m.keys["kind"] = {"    kind: job"};
      m.service = &e.value;
      modules_.push_back(std::move(m));
    }
  }
  // Ports and peers read from the variables, before finish() picks a health
  // check from the ports.
  infer_peers();
  for (auto& m : modules_) finish(m, *m.service);
  // depends_on, once every module's health is known.
  std::map<std::string, const Module*> by_compose;
  for (const auto& m : modules_) by_compose[m.compose_name] = &m;
  for (auto& m : modules_) {
    std::vector<std::string> lines;
    for (size_t i = 0; i < m.depends.size(); ++i) {
      auto [target, cond] = m.depends[i];
      auto it = by_compose.find(target);
      if (it == by_compose.end()) {
        drop(m.depends_loc[i], "depends_on " + target, "no such service is imported (not defined, "
             "or in an inactive profile)", "import it too, or remove the dependency");
        continue;
      }
      if (cond == "healthy" && !it->second->health) {
        change(m, m.depends_loc[i], "depends_on " + target + ": service_healthy",
               "started (" + target + " has no health check)", "dependency-condition");
        cond = "started";
      }
      if (lines.empty()) lines.push_back("    depends_on:");
      lines.push_back("      " + it->second->name + ": " + cond);
    }
    if (!lines.empty()) m.keys["depends_on"] = lines;
    // links and the peers its variables name -> talks_to: a peer with a port
    // (a NetworkPolicy admits ports), not already waited for.
    std::vector<std::string> peers;
    auto add_peer = [&](const std::string& target) {
      const Module* peer = by_compose.at(target);
      bool waited = false;
      for (const auto& d : m.depends) waited |= d.first == target;
      if (!waited && !peer->container_ports.empty() &&
          std::find(peers.begin(), peers.end(), peer->name) == peers.end())
        peers.push_back(peer->name);
    };
    for (const auto& target : m.env_peers) add_peer(target);
    for (const auto& [target, at] : m.links) {
      auto it = by_compose.find(target);
      if (it == by_compose.end()) {
        drop(at, "link " + target, "no such service is imported (not defined, or in an inactive "
             "profile)", "import it too, or remove the link");
        continue;
      }
      if (it->second->container_ports.empty()) {
        drop(at, "link " + target, target + " exposes no port", "add its port, then `talks_to`");
        continue;
      }
      add_peer(target);
    }
    if (!peers.empty()) {
      std::string line = "    talks_to: [";
      for (size_t i = 0; i < peers.size(); ++i) line += (i ? ", " : "") + peers[i];
      m.keys["talks_to"] = {line + "]"};
    }
  }
  // A named volume written by several modules: the contract allows one writer.
  for (const auto& [volume, writers] : volume_writers_) {
    std::set<std::string> distinct(writers.begin(), writers.end());
    if (distinct.size() < 2) continue;
    for (auto& m : modules_) {
      if (!distinct.count(m.name) || m.name == writers.front()) continue;
      if (options_.keep_behaviour) {
        waive(m, "shared-volume-writers", "writes the volume " + volume + " too");
      } else {
        for (auto& line : m.keys["mounts"])
          if (line.find("{volume: " + volume + ",") != std::string::npos &&
              line.find("read_only") == std::string::npos)
            line.insert(line.size() - 1, ", read_only: true");
        change(m, m.loc, "writes the volume " + volume + " that " + writers.front() + " writes",
               "mounted read-only", "shared-volume-writers");
      }
    }
  }

  std::ostringstream out;
  out << "# gen spec imported from " << options_.origin << " by `gen import`"
      << (options_.keep_behaviour ? " --keep-behaviour" : "") << ".\n"
      << "# Comments starting with `compose:` show what the compose file said where the spec\n"
      << "# differs from it (the contract's changes, docs/import.md). Next: gen validate\n"
      << "version: 1\nproject: " << spec::project_name_from(compose_.project_name) << "\n";
  // Networks and volumes the modules use.
  const std::string project = spec::project_name_from(compose_.project_name);
  std::vector<std::pair<std::string, std::string>> nets;
  for (const auto& n : networks_used_) nets.push_back({n, object_key(n)});
  std::vector<std::pair<std::string, std::string>> vols(volumes_.begin(), volumes_.end());
  write_objects(out, "networks", nets, compose_.root.find("networks"), project);
  write_objects(out, "volumes", vols, compose_.root.find("volumes"), project);
  out << "modules:\n";
  for (const auto& m : modules_) {
    for (const auto& c : m.comments) out << "  # " << c << "\n";
    out << "  " << m.name << ":\n";
    for (const char* k : kKeyOrder) {
      auto it = m.keys.find(k);
      if (it == m.keys.end()) continue;
      // A header whose items were all dropped ("    mounts:") is left out.
      if (it->second.size() == 1 && it->second.front().back() == ':') continue;
      for (const auto& l : it->second) out << l << "\n";
    }
    if (!m.waive.empty()) {
      out << "    waive:\n";
      for (const auto& [rule, reason] : m.waive) out << "      " << rule << ": " << q(reason) << "\n";
    }
  }
  result_.services = static_cast<int>(modules_.size());
  result_.spec_text = out.str();
  return result_;
}

}  // namespace

ImportResult compose_to_spec(const LoadedCompose& compose, const ImportOptions& options,
                             Diagnostics& diags) {
  return Mapper(compose, options, diags).run();
}

}  // namespace gen::import
