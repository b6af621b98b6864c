// The spec model: what the loader builds from YAML and what check and resolve
// read. Plain data; every value a rule may point at carries its SourceLocation
// (the YAML node's position: key positions for mappings entries, value
// positions for scalars). Optional values are std::optional; defaults are NOT
// applied here (resolve applies them), so rules can tell "unset" from "set".
// See docs/spec.md for the meaning of each field.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/source_location.h"
#include "values/cidr.h"
#include "values/cron.h"
#include "values/duration.h"
#include "values/ipv4.h"

namespace gen::spec {

// A value with the position of the YAML node it came from.
template <typename T>
struct Located {
  T value{};
  SourceLocation loc;
};

using LString = Located<std::string>;
using LInt = Located<int64_t>;
using LBool = Located<bool>;
using LStrings = Located<std::vector<LString>>;

// "30s", "1m30s", "500ms" as written, and in milliseconds, with its position.
struct Duration : values::Duration {
  SourceLocation loc;
};

struct User {
  std::optional<LInt> uid;
  std::optional<LInt> gid;
  std::vector<LInt> groups;  // supplementary gids
  std::optional<LString> name;
  std::optional<LString> group_name;
  SourceLocation loc;
};

struct HealthTimings {
  std::optional<Duration> interval;
  std::optional<Duration> timeout;
  std::optional<Duration> start_period;
  std::optional<LInt> retries;
};

struct Probe {
  enum class Kind { Http, Command, Tcp };
  Kind kind = Kind::Http;
  LString http_path;              // Http
  std::optional<LInt> port;       // Http/Tcp: container port (default: first port)
  std::vector<LString> command;   // Command (exec form)
  SourceLocation loc;
};

struct Health {
  std::optional<Probe> check;     // shorthand: one probe for every purpose
  std::optional<Probe> liveness;
  std::optional<Probe> readiness;
  std::optional<Probe> startup;
  std::vector<LString> smoke;     // extra HTTP paths for docs / verify.sh
  HealthTimings timings;
  SourceLocation loc;
};

struct Defaults {
  std::optional<User> user;
  std::optional<LString> restart;
  std::optional<LString> bind;
  HealthTimings health;
  std::optional<LString> stop_signal;
  std::optional<Duration> stop_grace;
  std::optional<LString> workdir;
  std::optional<LString> registry;
  std::optional<LString> image_tag;
};

struct Network {
  LString key;                    // the spec's name for it
  std::optional<LString> name;    // runtime name, may hold ${VAR}
  std::optional<LBool> external;
  std::optional<LBool> internal;  // no route outside
  // Its IPv4 block and gateway, each parsed once; rule addresses reports
  // their errors (a block with host bits set, an IPv6 one, ...).
  std::optional<LString> subnet, gateway;
  values::Cidr::Result subnet_parsed;
  values::Ipv4::Result gateway_parsed;
};

struct Volume {
  LString key;
  std::optional<LString> name;
  std::optional<LBool> external;
  std::optional<LString> size;    // k8s quantity, e.g. 1Gi
};

struct Build {
  std::optional<LString> stack;   // a name of model::stacks(): gen writes the Dockerfile; or
  std::optional<LString> dockerfile;  // the project's own Dockerfile (exactly one of the two)
  std::optional<LString> target;  // a stage of the own Dockerfile
  std::optional<LString> context;
  std::optional<LString> from;
  std::optional<LString> builder;  // image of the build stage
  std::optional<LString> install;  // production | dev (node)
  std::optional<LString> venv;     // python virtual environment
  std::optional<LString> serve;    // directory served (static, php)
  std::optional<LString> base;    // module name (kind base)
  std::optional<LString> image;
  std::vector<std::pair<LString, LString>> args;  // in spec order
  std::vector<LString> packages;
  std::vector<LString> build_packages;
  std::optional<std::vector<LString>> manifests;  // absent: the stack's; [] = none
  std::vector<LString> sources;
  SourceLocation loc;
};

struct Port {
  LInt container;
  std::optional<LInt> host;
  std::optional<LString> bind;
  std::optional<LString> protocol;  // tcp | udp
  std::optional<LString> name;
  SourceLocation loc;
};

struct EnvVar {
  enum class Kind { Value, Default, Required, Secret, Optional, Build };
  LString name;
  Kind kind = Kind::Value;
  std::optional<LString> value;         // Value / Default / Build default
  std::optional<LString> from_host;     // Required: the host variable it is read from
  std::optional<LString> secret_name;   // Secret with explicit reference
  std::optional<LString> secret_key;
  std::optional<LString> description;
  std::optional<LString> example;       // documentation only, never used at run time
  SourceLocation loc;                   // the key's position
};

struct Mount {
  enum class Kind { Tmpfs, Anonymous, Own, Volume, From, Config, ConfigDir, Secret, Bind };
  Kind kind = Kind::Tmpfs;
  LString source;                 // tmpfs, anonymous: target; own: dir name; volume: key; from: module; config/config_dir/bind: path
  std::optional<LString> path;    // from: the other module's dir name
  std::optional<LString> file;    // secret: the file holding it (none: an existing secret)
  LString target;                 // absolute path in the container
  std::optional<LBool> read_only;
  std::optional<LString> size;    // tmpfs
  SourceLocation loc;
};

struct State {
  LString target;
  std::optional<LString> size;
  SourceLocation loc;
};

struct Schedule {
  LString cron;
  values::Cron::Result parsed;  // of cron, once; rule schedule reports its error
  std::optional<LString> time_zone;
  std::optional<LString> concurrency;  // forbid | allow | replace
  std::optional<LInt> successful, failed;  // history
  SourceLocation loc;  // the key
};

// A command run to completion before its module starts (`setup:`).
struct SetupStep {
  LString name;
  LStrings command;
  std::optional<LString> image;  // none: the module's image
  SourceLocation loc;             // the list item's position
};

// One entry of a module's egress allow-list.
struct Egress {
  LString cidr;
  values::Cidr::Result parsed;  // of cidr, once; rule egress reports its error
  std::vector<LInt> ports;
  std::optional<LString> protocol;  // tcp | udp
  SourceLocation loc;  // the entry
};

// `replicas` in its mapping form: autoscaling bounds and targets.
struct Autoscale {
  LInt min, max;
  std::optional<LInt> cpu, memory;  // percent of the request
  SourceLocation loc;  // the replicas key
};

struct Dependency {
  LString module;
  LString condition;  // healthy | started | completed
};

struct Quantity {
  std::optional<LString> request;
  std::optional<LString> limit;
};

struct Resources {
  Quantity cpu;
  Quantity memory;
  SourceLocation loc;
};

// A module's static IPv4 address on a network it joins (`addresses`).
struct Address {
  LString network;               // the network's key (the mapping key)
  LString address;               // as written
  values::Ipv4::Result parsed;   // of address, once; rule addresses reports its error
};

struct Waiver {
  LString rule;
  LString reason;
};

// One resource limit (`ulimits`): a single number is soft and hard; -1 is
// unlimited.
struct Ulimit {
  LString name;  // nofile, nproc, ... (the schema knows the names)
  LInt soft, hard;
};

struct Module {
  LString name;
  std::optional<LString> kind;    // service | job | base
  std::optional<LString> description;
  std::optional<LString> image;   // plain image, no build
  std::optional<Build> build;
  std::optional<LStrings> command;
  std::optional<LStrings> entrypoint;
  std::optional<LString> workdir;
  std::optional<User> user;
  std::vector<Port> ports;
  std::vector<EnvVar> env;        // in spec order
  std::optional<Health> health;
  std::vector<Mount> mounts;
  std::optional<State> state;
  std::optional<Schedule> schedule;
  std::vector<SetupStep> setup;   // in spec order
  std::vector<Dependency> depends_on;
  std::vector<LString> talks_to;  // modules it connects to, apart from start order
  std::optional<LString> hostname;  // the container's host name (also reachable by it)
  std::vector<LString> aliases;     // further names it is reached by
  std::vector<Egress> egress;     // destinations outside the project
  std::optional<SourceLocation> egress_loc;  // the key, when written
  // In spec order: labels on every target, container labels added on compose
  // and Podman, Kubernetes annotations.
  std::vector<std::pair<LString, LString>> labels, container_labels, annotations;
  std::optional<Resources> resources;
  std::optional<LString> stop_signal;
  std::optional<Duration> stop_grace;
  std::optional<Duration> drain;
  std::optional<LString> restart;
  std::optional<LString> image_tag;
  std::optional<LInt> replicas;
  std::optional<Autoscale> autoscale;  // replicas in its mapping form
  std::vector<LString> networks;
  std::vector<Address> addresses;  // in spec order
  std::optional<LString> logs;
  std::vector<Waiver> waivers;
  // Contract-breaking settings a spec may ask for; rules reject them unless waived.
  std::optional<LBool> privileged;
  std::optional<LString> network_mode;  // e.g. "host"
  // Added privileges (rules no-added-capabilities, no-host-devices,
  // read-only-rootfs): capability names as written, devices as written
  // (values::Device), the root filesystem's read-only flag.
  std::optional<LStrings> cap_add, devices;
  std::optional<LBool> read_only;
  // Process details: a minimal init, stdin, a terminal, /etc/hosts entries
  // (host name -> IP address, in spec order).
  std::optional<LBool> init, stdin_open, tty;
  std::vector<std::pair<LString, LString>> extra_hosts;
  // Kernel settings: /dev/shm's size (a quantity), resource limits and
  // sysctls (name -> value as written), in spec order, with their keys.
  std::optional<LString> shm_size;
  std::vector<Ulimit> ulimits;
  std::optional<SourceLocation> ulimits_loc;
  std::vector<std::pair<LString, LString>> sysctls;
  std::optional<SourceLocation> sysctls_loc;
  std::optional<LString> platform;  // OS/ARCH[/VARIANT] (values::Platform)
  SourceLocation loc;             // the module's key
};

struct ProfileModule {            // per-module overlay inside a profile
  LString module;
  std::optional<LInt> replicas;
  std::vector<EnvVar> env;
  std::optional<Resources> resources;
};

struct Profile {
  LString name;
  std::optional<LString> env_file;   // "{module}" replaced by the module name
  std::optional<LString> image_tag;
  std::optional<LString> registry;
  std::optional<LString> bind;
  std::vector<ProfileModule> modules;
  SourceLocation loc;
};

// Routes (issue 21): requests for a host and path prefix go to a module's
// port; TLS from a declared secret or an ACME issuer.
struct RouteTls {
  enum class Kind { Secret, Issuer };
  Kind kind = Kind::Secret;
  LString name;  // the secret (a key under tls_secrets) or the issuer
};

struct Route {
  LString host;
  std::optional<LString> path;  // prefix; "/" when unset
  LString module;
  std::optional<LInt> port;     // container port; the module's first when unset
  std::optional<RouteTls> tls;
  SourceLocation loc;           // the list item
};

struct TlsSecret {
  LString name;
  std::optional<LString> cert, key;  // files in the spec's tree (single-host edge proxy)
};

struct K8sRoutes {
  std::optional<LString> api;  // ingress | gateway
  std::optional<LString> class_;
  std::optional<LString> gateway;
  std::optional<LString> gateway_namespace;
  std::optional<LString> edge_namespace;
  SourceLocation loc;  // the key, when written
};

struct ComposeTarget {
  std::optional<LString> layout;  // single | per-module
  std::optional<LString> project_name;
};
struct K8sTarget {
  std::optional<LString> namespace_;
  std::vector<LString> pull_secrets;
  std::optional<LString> pull_policy;
  std::optional<LString> storage_class;
  std::optional<LString> expose;  // none | NodePort | LoadBalancer
  K8sRoutes routes;
  // Host device path -> extended resource name, in spec order.
  std::vector<std::pair<LString, LString>> device_resources;
};
struct SystemdTarget {
  std::optional<LString> flavor;  // quadlet | service
  std::optional<LString> engine;  // podman | docker
};

struct Metadata {
  std::optional<LString> description;
  std::optional<LString> source;
  std::optional<LString> vendor;
  std::optional<LString> licenses;
  std::optional<LString> documentation;
};

struct Spec {
  std::string file;               // path as given on the command line
  LInt version;
  LString project;
  Metadata metadata;
  Defaults defaults;
  std::vector<Network> networks;  // in spec order
  std::vector<Volume> volumes;
  std::vector<Module> modules;    // in spec order
  std::vector<Profile> profiles;
  std::vector<Route> routes;         // in spec order
  std::vector<TlsSecret> tls_secrets;
  ComposeTarget compose;
  K8sTarget k8s;
  SystemdTarget systemd;

  const Module* find_module(const std::string& name) const;
  const Network* find_network(const std::string& key) const;
  const Volume* find_volume(const std::string& key) const;
  const Profile* find_profile(const std::string& name) const;
};

}  // namespace gen::spec
