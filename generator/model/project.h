// The resolved project: what resolve makes of a checked spec and a profile,
// and what every later stage reads (render's target models, verify's
// expectations, the JSON context). Defaults are applied, the profile is
// overlaid, derived values are computed, and every value is parsed once into
// its type (enums, Quantity, Duration, ImageRef). Plain data, no behaviour
// beyond small derived accessors; docs/context.md documents the meaning of
// each field (its JSON spelling is the serialisation in context/).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "diagnostics/source_location.h"
#include "values/cidr.h"
#include "values/cron.h"
#include "values/device.h"
#include "values/duration.h"
#include "values/image_ref.h"
#include "values/ipv4.h"
#include "values/platform.h"
#include "values/quantity.h"

namespace gen::model {

using values::Duration;
using values::Quantity;

enum class ModuleKind { Service, Job, Base };
enum class EnvKind { Value, Default, Required, Secret, Optional };
enum class ProbeKind { Http, Command, Tcp };
enum class MountKind { Tmpfs, Anonymous, Own, Volume, From, Config, ConfigDir, Secret, Bind, State };
enum class Condition { Healthy, Started, Completed };
enum class Restart { No, Always, OnFailure, UnlessStopped };
enum class Protocol { Tcp, Udp };
enum class PathBase { Output, Spec };
enum class ComposeLayout { Single, PerModule };
enum class SystemdFlavor { Quadlet, Service };
enum class Engine { Podman, Docker };
enum class Concurrency { Forbid, Allow, Replace };
enum class K8sExpose { None, NodePort, LoadBalancer };

// The spelling of each enum value in the spec and the context.
const char* spelled(ModuleKind v);
const char* spelled(EnvKind v);
const char* spelled(ProbeKind v);
const char* spelled(MountKind v);
const char* spelled(Condition v);
const char* spelled(Restart v);
const char* spelled(Protocol v);
const char* spelled(PathBase v);
const char* spelled(ComposeLayout v);
const char* spelled(SystemdFlavor v);
const char* spelled(Engine v);
const char* spelled(Concurrency v);
const char* spelled(K8sExpose v);
// The compose spelling of a dependency condition: service_healthy, ...
const char* compose_condition(Condition v);

// A host-side path (docs/context.md, HostPath). Base Output: relative to
// the output root, with the spelling of each compose layout; base Spec:
// relative to the spec file's directory (single and per_module empty).
struct HostPath {
  PathBase base = PathBase::Spec;
  std::string path;        // lexically normalised
  std::string single;      // Output only: as a file at the output root spells it
  std::string per_module;  // Output only: as a file in the module's directory spells it
};

struct User {
  int64_t uid = 0;
  int64_t gid = 0;  // the uid when nothing sets it
  std::vector<int64_t> groups;
  std::optional<std::string> name;
  std::optional<std::string> group_name;
  // "<uid>:<gid>" (compose `user:`, Dockerfile USER).
  std::string spec() const { return std::to_string(uid) + ":" + std::to_string(gid); }
};

struct HealthTimings {
  Duration interval, timeout, start_period;
  int64_t retries = 3;
};

struct Probe {
  ProbeKind kind = ProbeKind::Http;
  std::string path;                   // Http
  std::optional<int64_t> port;        // Http, Tcp: the probe's, else the first container port
  std::vector<std::string> command;   // Command (exec form)
  // http://127.0.0.1:<port><path>: what a check inside the container calls.
  std::optional<std::string> url() const;
};

struct Health {
  std::optional<Probe> liveness, readiness, startup;
  std::vector<std::string> smoke;
  std::vector<std::string> http_paths;  // every HTTP path it answers, once each
  HealthTimings timings;
  // The one probe of the image HEALTHCHECK, compose healthcheck and Quadlet
  // HealthCmd: liveness, else readiness, else startup; nullptr for none.
  const Probe* container() const;
};

struct Image {
  values::ImageRef ref;  // in the selected profile
  bool built = false;
  // In every profile of the project, in the order of Project::profiles.
  std::vector<values::ImageRef> per_profile;
};

struct BuildArg {
  std::string name, value;
};

struct BuildEnv {  // a build-time variable (ARG and ENV in the builder)
  std::string name;
  std::optional<std::string> value;  // none: must be given at build time
  std::string description, example;
  bool required() const { return !value.has_value(); }
};

struct Build {
  std::string stack;                    // "" when the project brings its own Dockerfile
  std::optional<HostPath> dockerfile;   // the project's own Dockerfile (spec-relative)
  std::optional<std::string> target;    // its stage to build; none: the last
  bool own() const { return dockerfile.has_value(); }
  HostPath context;
  std::optional<std::string> from;  // runtime stage FROM; none for an unknown stack
  std::optional<std::string> builder;  // build stage FROM (stacks that compile or bundle)
  bool dev_install = false;            // node: dev dependencies and a dev server
  std::optional<std::string> venv;     // python stacks: the virtual environment
  std::optional<std::string> serve;    // static, php: the directory served
  std::optional<std::string> base_module;
  std::optional<std::string> base_image;
  std::vector<BuildArg> args;
  std::vector<std::string> packages, build_packages, manifests, sources;
  std::vector<BuildEnv> build_env;
};

struct Port {
  std::string name;
  int64_t container = 0;
  Protocol protocol = Protocol::Tcp;
  std::optional<int64_t> host;      // published when set
  std::optional<std::string> bind;  // set exactly when published
  bool published() const { return host.has_value(); }
  // Published on an address other hosts reach (not loopback): compose's
  // "8080:80" is, "127.0.0.1:8080:80" is not.
  bool is_public() const;
  SourceLocation loc;
};

struct SecretRef {
  std::string name, key;
};

struct EnvEntry {  // a run-time variable
  std::string name;
  EnvKind kind = EnvKind::Value;
  std::optional<std::string> value;  // Value and Default
  std::optional<SecretRef> secret;   // Secret
  // Required: the host variable it is read from when not its own name
  // (compose interpolation, the unit's environment, the settings key).
  std::optional<std::string> from_host;
  std::string description, example;
  bool required() const { return kind == EnvKind::Secret || kind == EnvKind::Required; }
  // The name of the variable outside the container that sets it.
  const std::string& host() const { return from_host ? *from_host : name; }
  SourceLocation loc;
};

struct Mount {
  std::string name;  // unique DNS-1123 name within the module
  MountKind kind = MountKind::Tmpfs;
  std::string target;
  bool read_only = false;
  std::optional<HostPath> host;      // Own, From (Output); Config, ConfigDir, Bind, Secret's file (Spec)
  std::optional<std::string> module;  // Own, From: the owner of the directory
  std::optional<std::string> path;    // Own, From: the directory's name
  std::optional<std::string> volume;  // Volume: key under volumes; State: volume name
  std::optional<std::string> secret;  // Secret: the secret's name (and its key in k8s)
  std::optional<Quantity> size;       // Tmpfs (if written), State
  SourceLocation loc;
};

struct State {
  std::string target;
  Quantity size;
  std::string volume;  // the key: <module>-state (compose key, k8s claim, unit file name)
  std::string name;    // the runtime volume name: scoped_name(project, volume)
};

// A job's schedule: one cron expression read in one time zone on every
// target (Kubernetes CronJob, systemd timer; compose runs it on demand).
struct Schedule {
  values::Cron cron;
  std::string time_zone;  // IANA name; UTC unless the spec says
  Concurrency concurrency = Concurrency::Forbid;
  int64_t successful = 3, failed = 1;  // finished Jobs Kubernetes keeps
  SourceLocation loc;
  // The systemd calendar event with its time zone (OnCalendar=).
  std::string calendar() const { return cron.calendar() + " " + time_zone; }
};

// One destination outside the project a module may reach (`egress`): a
// Kubernetes NetworkPolicy egress rule to an ipBlock; no ports: every port.
struct Egress {
  values::Cidr cidr;
  std::vector<int64_t> ports;
  Protocol protocol = Protocol::Tcp;
  SourceLocation loc;
};

struct Dependency {
  std::string module;
  Condition condition = Condition::Healthy;
};

struct Resource {
  std::optional<Quantity> request, limit;
};

struct Resources {
  Resource cpu, memory;
};

// Autoscaling (`replicas: {min, max, cpu, memory}`): a Kubernetes
// HorizontalPodAutoscaler between min and max on the average use of the
// pods' requests (percent); single-host targets run one instance.
struct Autoscale {
  int64_t min = 1, max = 1;
  std::optional<int64_t> cpu, memory;  // target average utilization, percent of the request
  SourceLocation loc;
};

struct Stop {
  std::string signal;
  Duration grace;
  std::optional<Duration> drain;
};

struct DeviceUse {  // a host device handed to the container
  values::Device device;
  SourceLocation loc;  // the entry in the spec's `devices`
  // Kubernetes: the extended resource a device plugin offers for it
  // (targets.k8s.device_resources); none: Kubernetes cannot express it.
  std::optional<std::string> k8s_resource;
};

struct HostEntry {  // one /etc/hosts line the spec adds (extra_hosts)
  std::string host, ip;
};

// One resource limit (`ulimits`; -1: unlimited), written name=soft:hard.
struct Ulimit {
  std::string name;
  int64_t soft = 0, hard = 0;
  std::string text() const;  // "nofile=1024:65536"
};

// One namespaced kernel parameter (`sysctls`), its value as written.
struct Sysctl {
  std::string name, value;
  SourceLocation loc;  // the name in the spec
};

struct Waiver {
  std::string rule, reason;
  SourceLocation loc;
};

// A module's static IPv4 address on a network it joins (`addresses`; rule
// addresses keeps it inside the network's subnet, once per network).
struct NetworkAddress {
  std::string network;  // the network's key
  values::Ipv4 address;
};

struct Module {
  std::string name;
  ModuleKind kind = ModuleKind::Service;
  size_t spec_index = 0;
  std::string description;
  std::string dir;  // its directory under the output root
  Image image;
  std::optional<Build> build;
  std::optional<std::vector<std::string>> command, entrypoint;
  std::optional<std::string> workdir;
  std::optional<User> user;
  std::vector<Port> ports;
  std::vector<EnvEntry> env;
  std::optional<HostPath> env_file;                // the selected profile's
  std::vector<std::optional<HostPath>> env_files;  // every profile's, as Project::profiles
  std::optional<Health> health;
  std::vector<Mount> mounts;  // state last
  std::vector<std::string> own_dirs;
  std::optional<State> state;
  std::optional<Schedule> schedule;  // jobs only
  std::vector<Dependency> depends_on;
  // Setup steps (docs/spec.md `setup`) are modules of their own, derived by
  // resolve from their owner: kind Job, the owner's image (unless the step
  // names one), user, env, mounts, networks and hardening, no ports or
  // health, placed just before the owner, which depends on each with
  // Condition::Completed. Compose and systemd run them as one-shot
  // services; Kubernetes as init containers of the owner's pod.
  std::optional<std::string> setup_of;  // a step: its owner
  std::string setup_step;               // a step: its name under `setup`
  std::vector<std::string> setup;       // an owner: its steps' module names, in order
  // The edge proxy (routes, model/edge.h): a module resolve derives from the
  // project's routes for compose and systemd; Kubernetes routes through an
  // Ingress or HTTPRoute instead, so it has no workload there.
  bool edge = false;
  std::vector<std::string> talks_to;  // modules it connects to without waiting for them
  // The container's own host name (compose `hostname`, Podman --hostname,
  // the pod's hostname); none: the engine's default.
  std::optional<std::string> hostname;
  // The names other modules reach it by besides its own: the host name, then
  // the spec's aliases, each once (compose network aliases, Podman
  // --network-alias, one Kubernetes Service each). Empty for setup steps.
  std::vector<std::string> aliases;
  // Destinations outside the project (DNS is always allowed). On compose and
  // Podman a module that routes_out() also joins the project's routed
  // network; every other network gen creates is internal.
  std::vector<Egress> egress;
  // Sorted by key: `labels` (every target; Kubernetes object and pod labels),
  // `container_labels` (compose and Podman: labels, then the container-only
  // additions, an addition replacing a label of the same key), `annotations`
  // (Kubernetes).
  std::vector<std::pair<std::string, std::string>> labels, container_labels, annotations;
  std::vector<std::string> dependents;
  std::vector<std::string> after;
  std::vector<std::string> networks;
  // Static IPv4 addresses by network, in spec order (compose ipv4_address,
  // Podman ip=, docker ip=); none for setup steps, which answer to nobody.
  // Kubernetes assigns pod addresses itself.
  std::vector<NetworkAddress> addresses;
  std::optional<Resources> resources;
  Stop stop;
  Restart restart = Restart::UnlessStopped;
  int64_t replicas = 1;              // autoscaled: its min
  std::optional<Autoscale> autoscale;  // services only (rule autoscale)
  std::string logs;
  bool privileged = false;
  std::optional<std::string> network_mode;
  // Privileges beyond gen's hardening, as the spec asks (rules
  // no-added-capabilities, no-host-devices, read-only-rootfs refuse them
  // unless waived): capability names without CAP_ (values/capability.h),
  // each once in spec order; host devices in spec order; whether the root
  // filesystem is read-only.
  std::vector<std::string> cap_add;
  std::vector<DeviceUse> devices;
  bool read_only_root = true;
  // Process details: a minimal init as PID 1, stdin kept open, a terminal,
  // /etc/hosts entries in spec order.
  bool init = false, stdin_open = false, tty = false;
  std::vector<HostEntry> extra_hosts;
  // Kernel settings: /dev/shm's size, resource limits and sysctls, in spec
  // order (Kubernetes: an emptyDir at /dev/shm, no ulimits, pod sysctls).
  std::optional<Quantity> shm_size;
  std::vector<Ulimit> ulimits;
  std::vector<Sysctl> sysctls;
  // The image variant the module runs (compose platform, --platform; a
  // Kubernetes nodeSelector on kubernetes.io/os and kubernetes.io/arch).
  std::optional<values::Platform> platform;
  std::vector<Waiver> waivers;
  SourceLocation loc;  // the module's key in the spec

  bool long_running() const { return kind == ModuleKind::Service; }
  // Needs a route out of the host: egress, or a published port (engines
  // forward published ports only on networks that route out). Never with a
  // network_mode: the module is then on the engine's network, not gen's.
  bool routes_out() const;
  bool waives(std::string_view rule) const;
  // Its static address on the network keyed `network`, or nullptr.
  const values::Ipv4* address_on(std::string_view network) const {
    for (const auto& a : addresses)
      if (a.network == network) return &a.address;
    return nullptr;
  }
  // The modules it connects to: depends_on, then talks_to, each once (the
  // traffic Kubernetes NetworkPolicies let through).
  std::vector<std::string> peers() const;
};

struct Profile {
  std::string name;
  std::optional<std::string> env_file;  // as written ({module} not replaced)
  std::string image_tag;
  std::optional<std::string> registry;
  std::string bind;
  std::vector<std::string> modules;
};

struct Defaults {
  std::optional<User> user;
  std::string restart;
  std::string bind;
  HealthTimings health;
  std::string stop_signal;
  Duration stop_grace;
  std::string workdir;
  std::optional<std::string> registry;
  std::string image_tag;
};

// The runtime name of something gen creates on a host for a project (a
// named volume, a network, a built image): "<project>_<name>". Engines keep
// one namespace per host, so two projects with a volume `db-data` or a
// module `web` must not meet there; the project cannot hold `_` (a DNS
// label), so the first `_` ends it: distinct pairs give distinct names.
// Kubernetes needs none: the namespace scopes every object.
inline std::string scoped_name(std::string_view project, std::string_view name) {
  std::string out(project);
  out += '_';
  out += name;
  return out;
}

struct Network {
  // name: the runtime name, scoped_name(project, key) unless external
  // (then the shared name the spec gives, or the key).
  std::string key, name;
  bool external = false, internal = false;
  // The IPv4 block and gateway the spec fixes (none: the engine's choice;
  // never on an external network or the routed one).
  std::optional<values::Cidr> subnet;
  std::optional<values::Ipv4> gateway;
  std::vector<std::string> variables;  // ${VAR} in name
  std::vector<std::string> members;
};

// The network that routes out of the host on compose and Podman, keyed
// `egress` (rule egress keeps the key free), joined by the modules that
// routes_out(); the networks gen creates besides are internal.
inline constexpr const char* kEgressNetwork = "egress";

struct VolumeUse {
  std::string module, target;
  bool read_only = false;
};

struct Volume {
  std::string key, name;  // name: as for Network
  bool external = false;
  Quantity size;
  std::vector<std::string> variables;
  std::vector<VolumeUse> users;
};

struct SecretUse {  // one secret variable of one module
  std::string module, env, name, key;
};

struct SecretFile {  // a secret mounted as a file, by name
  std::string name;                  // compose/Podman secret; k8s Secret with one key of this name
  std::optional<HostPath> file;      // the file holding it (Spec); none: the operator creates it
  std::vector<std::string> modules;  // that mount it, in spec order
};

struct SecretObject {  // a Secret the operator creates
  std::string name;
  std::vector<std::string> keys, modules;
};

struct ProjectInfo {
  std::string name, description, source, vendor, licenses, documentation;
};

// Routes (issue 21, docs/spec.md "Routes"): requests for host whose path
// starts with path go to a module's container port. A host has one TLS
// setting (rule routes).
enum class RouteApi { Ingress, Gateway };
const char* spelled(RouteApi v);

struct RouteTls {
  bool issuer = false;  // an ACME issuer; else a secret under tls_secrets
  std::string name;     // the secret's or the issuer's
  // The Kubernetes Secret holding the host's certificate: the named secret,
  // or for an issuer the one cert-manager writes, "<host>-tls".
  std::string secret;
};

struct Route {
  std::string host;
  std::string path;  // prefix, "/" unless the spec says
  std::string module;
  int64_t port = 0;       // container port of the module (its Service's port)
  std::string port_name;  // that port's name
  std::optional<RouteTls> tls;
  SourceLocation loc;
};

struct TlsSecret {  // a certificate routes serve (kubernetes.io/tls Secret)
  std::string name;
  std::optional<HostPath> cert, key;  // none: the operator provides them
};

struct K8sRoutes {
  RouteApi api = RouteApi::Ingress;
  std::optional<std::string> class_;  // ingressClassName
  std::string gateway, gateway_namespace;  // Gateway API: the parent Gateway
  std::string edge_namespace;  // the controller's: the only source of routed traffic
};

struct ComposeTarget {
  ComposeLayout layout = ComposeLayout::Single;
  std::string project_name;
};
struct K8sTarget {
  std::string namespace_;
  std::vector<std::string> pull_secrets;
  std::string pull_policy;
  std::optional<std::string> storage_class;
  K8sExpose expose = K8sExpose::None;  // public ports: a `<module>-public` Service of this type
  K8sRoutes routes;
  // Host device path -> the extended resource a device plugin offers for it
  // (`smarter-devices/fuse`), in spec order.
  std::vector<std::pair<std::string, std::string>> device_resources;
};
struct SystemdTarget {
  SystemdFlavor flavor = SystemdFlavor::Quadlet;
  Engine engine = Engine::Podman;
};
struct Targets {
  ComposeTarget compose;
  K8sTarget k8s;
  SystemdTarget systemd;
};

// Where the spec and the output root are seen from each other; known only
// when rendering (pipeline/), absent for `gen context`.
struct Paths {
  std::string spec_dir;  // the spec's directory from the output root
  std::string out_dir;   // the output root from the spec's directory
};

// A config file a module mounts, read by the pipeline (Kubernetes ConfigMaps
// carry the text); no text when missing, unreadable, too large or not UTF-8.
// A config directory is one too, with its files listed in `entries` (each
// file also an entry of its own, at "<path>/<entry>"); no entries when it
// cannot be listed or one of its files has no text.
struct ConfigFile {
  std::string path;  // HostPath::path of the mount (base Spec)
  std::optional<std::string> text;                  // a file's
  bool directory = false;                           // a config_dir mount's
  std::optional<std::vector<std::string>> entries;  // a directory's files, relative, sorted
};

struct Project {
  std::string spec_file;  // as given; when rendering, as seen from the output root
  ProjectInfo info;
  std::optional<size_t> profile;  // index into profiles of the selected one
  std::vector<Profile> profiles;
  Defaults defaults;
  std::vector<Network> networks;
  // Present when a module routes_out(): key kEgressNetwork, not internal,
  // members in module order (not in `networks`: the spec does not name it).
  std::optional<Network> egress_network;
  std::vector<Volume> volumes;
  std::vector<Module> modules;  // in dependency order
  std::vector<SecretUse> secrets;
  std::vector<SecretObject> secret_objects;
  std::vector<SecretFile> secret_files;  // by name in order of first mount
  std::vector<Route> routes;             // in spec order
  std::vector<TlsSecret> tls_secrets;    // in spec order
  Targets targets;
  std::optional<Paths> paths;
  std::optional<std::vector<ConfigFile>> config_files;  // when rendering

  const Profile* selected_profile() const { return profile ? &profiles[*profile] : nullptr; }
  // Lookups by name (binary search over indices sorted once by index()).
  const Module* find_module(std::string_view name) const;
  const Network* find_network(std::string_view key) const;
  const Volume* find_volume(std::string_view key) const;
  const ConfigFile* find_config_file(std::string_view path) const;
  // Sorts the lookup indices; called once the lists are final (resolve,
  // and the pipeline after adding config_files).
  void index();

 private:
  // Positions, not pointers or views, so a copied or moved Project stays right.
  std::vector<size_t> module_index_, network_index_, volume_index_, config_index_;
};

}  // namespace gen::model
