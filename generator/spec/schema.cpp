#include "spec/schema.h"

#include <cstdint>

#include "values/capability.h"
#include "yaml/ids.h"

namespace gen::spec::schema {
namespace {

constexpr int64_t kMaxId = 2147483647;  // uid/gid range (0 allowed here; rules refuse root)

Type str(const Format* f = nullptr, size_t min_length = 0) {
  Type t;
  t.kind = Kind::String;
  t.format = f;
  t.min_length = min_length;
  return t;
}

Type enumeration(std::vector<std::string> values) {
  Type t;
  t.kind = Kind::String;
  t.enum_values = std::move(values);
  return t;
}

Type integer(int64_t min, int64_t max) {
  Type t;
  t.kind = Kind::Int;
  t.min = min;
  t.max = max;
  return t;
}

Type boolean(bool only_true = false) {
  Type t;
  t.kind = Kind::Bool;
  t.only_true = only_true;
  return t;
}

Type list(const Type* item, size_t min_items = 0, size_t max_items = 0) {
  Type t;
  t.kind = Kind::List;
  t.item = item;
  t.min_items = min_items;
  t.max_items = max_items;
  return t;
}

Type map(const Format* key_format, std::string key_noun, const Type* item) {
  Type t;
  t.kind = Kind::Map;
  t.key_format = key_format;
  t.key_noun = std::move(key_noun);
  t.item = item;
  return t;
}

Type object(std::string id, std::string description, std::vector<Field> fields) {
  Type t;
  t.kind = Kind::Object;
  t.id = std::move(id);
  t.description = std::move(description);
  t.fields = std::move(fields);
  return t;
}

Type one_of(std::string id, std::string expected, std::string description,
            std::vector<Variant> variants) {
  Type t;
  t.kind = Kind::OneOf;
  t.id = std::move(id);
  t.expected = std::move(expected);
  t.description = std::move(description);
  t.variants = std::move(variants);
  return t;
}

Field opt(std::string name, const Type* type, std::string default_text, std::string description,
          std::string example) {
  return Field{std::move(name),   type, false, std::move(default_text), std::move(description),
               std::move(example)};
}

Field req(std::string name, const Type* type, std::string description, std::string example) {
  return Field{std::move(name), type, true, "", std::move(description), std::move(example)};
}

Field aka(Field f, std::vector<std::string> aliases) {
  f.aliases = std::move(aliases);
  return f;
}

Type nullable(Type t) {
  t.nullable = true;
  return t;
}

}  // namespace

const Field* Type::field(const std::string& name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

std::string expected_text(const Type& t) {
  if (!t.expected.empty()) return t.expected;
  switch (t.kind) {
    case Kind::String:
      if (t.accept_numbers && t.accept_bools) return "a string, number or boolean";
      if (t.accept_numbers) return "a string or number";
      return "a string";
    case Kind::Int:
      return "an integer";
    case Kind::Bool:
      return t.only_true ? "true" : "a boolean (true or false)";
    case Kind::List:
      return "a list";
    case Kind::Map:
    case Kind::Object:
      return "a mapping";
    case Kind::OneOf: {
      std::string out;
      for (size_t i = 0; i < t.variants.size(); ++i) {
        if (i > 0) out += i + 1 == t.variants.size() ? " or " : ", ";
        out += expected_text(*t.variants[i].type);
      }
      return out;
    }
  }
  return "a value";
}

const Type* Schema::add(Type t) {
  types_.push_back(std::move(t));
  const Type* p = &types_.back();
  if (!p->id.empty()) named_.push_back(p);
  return p;
}

const Schema& Schema::get() {
  static const Schema schema;
  return schema;
}

Schema::Schema() {
  // ---- scalars shared by many keys
  const Type* text = add(str(&formats::text));
  const Type* mount_path = add(str(&formats::mount_path));
  const Type* line = add(str(&formats::line, 1));
  const Type* abs_path = add(str(&formats::abs_path));
  const Type* dns_label = add(str(&formats::dns_label));
  const Type* volume_key = add(str(&formats::volume_key));
  const Type* k8s_name = add(str(&formats::dns_subdomain));
  const Type* image_ref = add(str(&formats::image_ref));
  const Type* tag = add(str(&formats::name_with_vars));
  const Type* ip = add(str(&formats::ip_address));
  const Type* http_path = add(str(&formats::http_path));
  const Type* signal = add(str(&formats::signal));
  const Type* posix_name = add(str(&formats::posix_name));
  const Type* dir_name = add(str(&formats::dir_name));
  Type duration_t = str(&formats::duration);
  duration_t.expected = "a duration such as 30s";
  const Type* duration = add(duration_t);
  Type quantity_t = str(&formats::quantity);
  quantity_t.expected = "a quantity such as 250m or 1Gi";
  quantity_t.accept_numbers = true;
  const Type* quantity = add(quantity_t);
  Type value_t = str(&formats::env_value);  // env values and build args: any scalar, as written
  value_t.accept_numbers = value_t.accept_bools = true;
  const Type* value = add(value_t);
  Type label_value_t = str(&formats::label_value);  // label values: `"true"`, 2, v1
  label_value_t.accept_numbers = label_value_t.accept_bools = true;
  const Type* label_value = add(label_value_t);
  Type tag_value_t = str(&formats::line);  // container labels, annotations: one line, any text
  tag_value_t.accept_numbers = tag_value_t.accept_bools = true;
  const Type* tag_value = add(tag_value_t);
  Type word_t = str(&formats::line);  // command words: `--port, 8000` is fine
  word_t.accept_numbers = true;
  const Type* word = add(word_t);
  Type reason_t = str(&formats::text, 1);
  const Type* reason = add(reason_t);

  const Type* port = add(integer(1, 65535));
  const Type* id = add(integer(0, kMaxId));
  const Type* retries = add(integer(1, 100));
  const Type* replicas = add(integer(0, 1000));
  const Type* flag = add(boolean());
  const Type* only_true = add(boolean(true));

  const Type* restart = add(enumeration({"no", "always", "on-failure", "unless-stopped"}));
  const Type* words = add(list(word, 1));
  const Type* strings = add(list(line));

  // ---- user, health timings
  const Type* user = add(object(
      "user", "The numeric identity a container runs as.",
      {opt("uid", id, "", "Numeric user id (0 is refused by the rules).", "1000"),
       opt("gid", id, "the uid", "Numeric primary group id.", "1001"),
       opt("groups", add(list(id)), "[]", "Supplementary group ids (e.g. a shared certgroup).",
           "[9999]"),
       opt("name", posix_name, "", "User name created in built images.", "appuser"),
       opt("group_name", posix_name, "", "Group name created in built images.", "appgroup")}));

  std::vector<Field> timing_fields{
      opt("interval", duration, "30s", "Time between two checks.", "30s"),
      opt("timeout", duration, "5s", "Time one check may take.", "5s"),
      opt("start_period", duration, "10s", "Grace time after start before failures count.", "10s"),
      opt("retries", retries, "3", "Failures in a row before the container is unhealthy.", "3")};
  const Type* health_timings = add(object(
      "health-timings", "Health-check timings; each module's health section may override them.",
      timing_fields));

  // ---- defaults
  const Type* defaults = add(object(
      "defaults", "Project-wide settings; every module may override each of them.",
      {opt("user", user, "", "Default user for every module.", "{uid: 1001, gid: 1001}"),
       opt("restart", restart, "unless-stopped", "Restart policy of long-running modules.",
           "unless-stopped"),
       opt("bind", ip, "127.0.0.1", "Host address published ports bind to.", "127.0.0.1"),
       opt("health", health_timings, "", "Default health-check timings.",
           "{interval: 30s, timeout: 5s, start_period: 10s, retries: 3}"),
       opt("stop_signal", signal, "SIGTERM", "Signal that asks a container to stop.", "SIGTERM"),
       opt("stop_grace", duration, "30s", "Time between the stop signal and SIGKILL.", "30s"),
       opt("workdir", abs_path, "/app", "Working directory of built images.", "/app"),
       opt("registry", image_ref, "", "Prefix of built images' names.", "ghcr.io/yourorg"),
       opt("image_tag", tag, "latest", "Tag of built images when no profile sets one.",
           "latest")}));

  // ---- networks, volumes
  const Type* network = add(nullable(object(
      "network", "A network modules join; external networks are created outside gen.",
      {opt("name", tag, "<project>_<key>",
           "The shared runtime name of an external network (needs external: true, rule "
           "project-scoped-names); may hold ${VAR} references.",
           "\"${PROJECT_INTERNAL_NETWORK}\""),
       opt("external", flag, "false", "Created outside gen (compose `external: true`).", "true"),
       opt("internal", flag, "true (external: false)",
           "No route out of the host (compose `internal: true`, Quadlet `Internal=true`); false "
           "lets every module on it reach out (docs/spec.md, \"Egress\").",
           "true"),
       // Static addresses (issue 20): the block modules' addresses come from.
       opt("subnet", line, "the engine's choice",
           "The network's IPv4 block, host bits zero (compose ipam subnet, Quadlet Subnet=, "
           "`network create --subnet`); needed for modules' addresses on it (rule addresses).",
           "172.28.0.0/16"),
       opt("gateway", ip, "the engine's (the block's first host)",
           "The gateway's IPv4 address, inside subnet (needs subnet).", "172.28.0.1")})));
  const Type* volume =
      add(nullable(object("volume", "A named volume modules share (a PVC in Kubernetes).",
                          {opt("name", tag, "<project>_<key>",
                               "The shared runtime name of an external volume (needs external: "
                               "true, rule project-scoped-names).",
                               "shared-certs"),
                           opt("external", flag, "false", "Created outside gen.", "false"),
                           opt("size", quantity, "1Gi", "Requested size (Kubernetes).", "1Gi")})));

  // ---- build
  const Type* build = add(object(
      "build", "How this module's image is built: a stack (gen writes the Dockerfile) or the project's own dockerfile.",
      {opt("stack",
           add(enumeration({"python-uv", "python-pip", "node", "nextjs", "bun", "debian", "go", "rust",
                            "java-maven", "java-gradle", "dotnet", "ruby", "php", "static"})),
           "give stack or dockerfile", "Dockerfile template family.", "python-pip"),
       opt("dockerfile", line, "give stack or dockerfile",
           "The project's own Dockerfile, used as is (gen writes none): a file in the spec file's directory tree (rule project-paths).",
           "./backend/Dockerfile"),
       opt("target", posix_name, "the last stage", "Build stage of the own dockerfile to build (docker build --target).",
           "production"),
       opt("context", line, "the module name", "Build context: a directory in the spec file's directory tree (rule project-paths).",
           "./backend"),
       opt("from", image_ref, "the stack's base image", "Runtime base image.", "python:3.13-slim"),
       opt("builder", image_ref, "the stack's build image",
           "Image of the build stage (compiled stacks, php's composer, static).",
           "golang:1.23-bookworm"),
       opt("install", add(enumeration({"production", "dev"})), "production",
           "Node dependencies: production only, or dev (dev dependencies, a dev server).",
           "dev"),
       opt("venv", abs_path, "/opt/venv",
           "Python virtual environment (python stacks); outside the workdir survives a bind over it.",
           "/opt/venv"),
       opt("serve", line, "the stack's (static: dist, php: .)",
           "Directory served over HTTP, relative to the sources (static: the build output).",
           "build"),
       opt("base", dns_label, "", "A module of kind base to build FROM (image hierarchy).",
           "base-debian"),
       opt("image", image_ref, "<project>_<module>", "Image name, used as written (the default is scoped to the project); defaults.registry is prepended.",
           "todo-backend"),
       opt("args", add(map(&formats::env_name, "build argument name", value)), "{}",
           "Build arguments: non-secret build-time values only.", "{PYTHON_VERSION: \"3.13\"}"),
       opt("packages", strings, "[]", "OS packages installed in the runtime image.",
           "[postgresql-client]"),
       opt("build_packages", strings, "[]", "OS packages in the builder stage only.", "[gcc]"),
       opt("manifests", strings, "the stack's", "Dependency manifests, copied before sources.",
           "[requirements.txt]"),
       opt("sources", strings, "[.]", "What to copy after installing dependencies.",
           "[app, alembic, alembic.ini]")}));

  // ---- ports
  Type protocol_t = enumeration({"tcp", "udp"});
  const Type* port_spec = add(
      object("port", "A container port, published on the host when `host` is given.",
             {req("container", port, "Port the process listens on inside the container.", "8000"),
              opt("host", port, "not published", "Host port to publish on.", "8100"),
              opt("bind", ip, "defaults.bind", "Host address to publish on.", "127.0.0.1"),
              opt("protocol", add(protocol_t), "tcp", "tcp or udp.", "tcp"),
              opt("name", add(str(&formats::port_name)), "<protocol>-<container>, e.g. tcp-5432",
                  "Port name (Kubernetes Service).", "http")}));

  // ---- env
  const Type* secret_ref =
      add(object("secret-ref", "Where the secret lives: a Kubernetes Secret name and key.",
                 {opt("name", k8s_name, "the module name", "Secret name.", "todo-jwt"),
                  opt("key", add(str(&formats::secret_key)), "the variable name",
                      "Key in the Secret.", "secret")}));
  const Type* secret = add(one_of("", "true or a mapping {name, key}", "",
                                  {Variant{"", only_true}, Variant{"", secret_ref}}));
  const Type* env_spec = add(object(
      "env-spec",
      "A variable described by one of value, default, required, from_host, secret, optional or "
      "build.",
      {opt("value", value, "", "A fixed value.", "INFO"),
       opt("default", value, "", "A value the environment may override.", "HS256"),
       opt("required", only_true, "", "Must be set at run time; not secret.", "true"),
       opt("from_host", add(str(&formats::env_name)), "",
           "Required at run time, taken from the host's variable of this name instead of its "
           "own (compose `${NAME}`, the systemd unit's environment, the key NAME of the "
           "Kubernetes settings ConfigMap); not secret.",
           "TIMEZONE"),
       opt("secret", secret, "",
           "A secret: required at run time, by reference only, never a value in the spec.", "true"),
       opt("optional", only_true, "", "Documented, no default.", "true"),
       opt("build", only_true, "", "A build-time value (build arg and ENV in the builder).",
           "true"),
       opt("description", text, "", "What the variable means (CONTRACT.md).", "Log verbosity"),
       opt("example", value, "", "An example value for the docs (never used at run time).",
           "DEBUG")}));
  const Type* env_value = add(one_of("env-value", "a value or a mapping",
                                     "A plain value, or a mapping saying what the variable is.",
                                     {Variant{"", value}, Variant{"", env_spec}}));
  const Type* env = add(map(&formats::env_var_name, "environment variable name", env_value));

  // ---- health
  const Type* http_probe = add(
      object("", "",
             {req("http", http_path, "HTTP path that answers 2xx when healthy.", "/healthz"),
              opt("port", port, "the first container port", "Container port to probe.", "8000")}));
  const Type* command_probe =
      add(object("", "",
                 {req("command", words, "Command run inside the container (exec form).",
                      "[pg_isready, -U, todo_user]")}));
  const Type* tcp_probe =
      add(object("", "", {req("tcp", port, "Container port that accepts connections.", "5432")}));
  const Type* probe = add(one_of(
      "probe", "a probe (a mapping with http, command or tcp)",
      "One health probe: an HTTP path, a command or a TCP port.",
      {Variant{"http", http_probe}, Variant{"command", command_probe}, Variant{"tcp", tcp_probe}}));
  std::vector<Field> health_fields{
      opt("http", http_path, "", "Shorthand for check: {http: PATH}.", "/healthz"),
      opt("command", words, "", "Shorthand for check: {command: [...]}.", "[pg_isready]"),
      opt("tcp", port, "", "Shorthand for check: {tcp: PORT}.", "5432"),
      opt("port", port, "the first container port", "Port of the shorthand HTTP probe.", "8000"),
      opt("check", probe, "", "One probe for every purpose.", "{http: /healthz}"),
      opt("liveness", probe, "check", "Is the process alive (restart when not).", "{http: /livez}"),
      opt("readiness", probe, "check", "Can it serve traffic.", "{http: /readyz}"),
      opt("startup", probe, "check", "Has it finished starting (Kubernetes).", "{http: /livez}"),
      opt("smoke", add(list(http_path)), "[]", "Extra endpoints verify.sh and the docs list.",
          "[/health]")};
  for (auto f : timing_fields) {
    f.default_text = "defaults.health." + f.name;
    health_fields.push_back(f);
  }
  const Type* health =
      add(object("health", "How gen checks that a module is healthy.", health_fields));

  // ---- mounts
  Field target = req("target", mount_path, "Absolute path in the container.", "/app/data");
  Field read_only = opt("read_only", flag, "false", "Mount read-only.", "true");
  const Type* mount = add(one_of(
      "mount",
      "a mount (a mapping with tmpfs, anonymous, own, volume, from, config, config_dir, secret or "
      "bind)",
      "One filesystem mount, chosen by its first key.",
      {Variant{"tmpfs",
               add(object("", "",
                          {req("tmpfs", mount_path, "Path of a memory-backed scratch directory.", "/tmp"),
                           opt("size", quantity, "no limit", "Size limit.", "64Mi")}))},
       Variant{"anonymous",
               add(object("", "",
                          {req("anonymous", mount_path,
                               "Path of a writable directory private to the container, seeded "
                               "from the image's content there (compose's anonymous volume; "
                               "Kubernetes: an emptyDir, as long as the pod lives).",
                               "/var/lib/app/cache")}))},
       Variant{"own", add(object("", "",
                                 {req("own", dir_name,
                                      "A directory the module owns (<module>/<dir>); conf is "
                                      "always read-only.",
                                      "data"),
                                  target, read_only}))},
       Variant{"volume", add(object("", "",
                                    {req("volume", volume_key, "A key under volumes.", "certs"),
                                     target, read_only}))},
       Variant{"from",
               add(object("", "",
                          {req("from", dns_label, "Another module; always read-only.", "waha"),
                           req("path", dir_name, "A directory that module owns.", "sessions"),
                           target, read_only}))},
       Variant{"config",
               add(object("", "",
                          {req("config", line,
                               "A regular file in the spec's directory tree, mounted read-only (rule "
                               "project-paths).",
                               "./postgresql.conf"),
                           target}))},
       Variant{"config_dir",
               add(object("", "",
                          {req("config_dir", line,
                               "A directory of config files in the spec's directory tree, mounted "
                               "read-only with its subdirectories (Kubernetes: its files in the "
                               "module's files ConfigMap; rule project-paths).",
                               "./nginx/conf.d"),
                           target}))},
       Variant{"secret",
               add(object("", "",
                          {req("secret", dns_label,
                               "A secret mounted as a read-only file: a compose/Podman secret and a "
                               "Kubernetes Secret of this name (key: the name), created by the "
                               "operator unless file is given.",
                               "db-password"),
                           opt("file", line,
                               "an existing secret",
                               "A regular file in the spec's directory tree holding it (compose "
                               "secrets.file; podman secret create reads it).",
                               "./secrets/db_password.txt"),
                           opt("target", mount_path, "/run/secrets/<secret>",
                               "Absolute path of the file in the container.",
                               "/run/secrets/db-password")}))},
       Variant{"bind", add(object("", "",
                                  {req("bind", line,
                                       "A host path in the spec's directory tree; outside it only "
                                       "with a host-binds waiver.",
                                       "./backend/app"), target,
                                   read_only}))}}));

  // ---- state, depends_on, resources, waivers
  const Type* state = add(object(
      "state", "Persistent data: a named volume in compose, a StatefulSet with a PVC in k8s.",
      {req("target", mount_path, "Absolute path of the data in the container.",
           "/var/lib/postgresql/data"),
       opt("size", quantity, "1Gi", "Requested size.", "10Gi")}));
  const Type* setup_step = add(object(
      "setup-step",
      "A command run to completion before the module starts, with the module's user, mounts, "
      "env and hardening.",
      {req("name", dns_label, "Step name; the step runs as <module>-<name>.", "migrate"),
       req("command", words, "Command, exec form.", "[alembic, upgrade, head]"),
       opt("image", image_ref, "the module's image",
           "Image the step runs instead of the module's.", "busybox:1.36")}));
  const Type* condition = add(enumeration({"healthy", "started", "completed"}));
  const Type* depends_on = add(map(&formats::dns_label, "module name", condition));
  const Type* request_limit_obj =
      add(object("", "",
                 {opt("request", quantity, "", "Guaranteed amount.", "250m"),
                  opt("limit", quantity, "", "Upper bound.", "1000m")}));
  const Type* request_limit_list = add(list(quantity, 2, 2));
  Type pair_t = one_of("request-limit", "[request, limit] or {request, limit}",
                       "A request and a limit, as a two-item list or a mapping.",
                       {Variant{"", request_limit_list}, Variant{"", request_limit_obj}});
  const Type* request_limit = add(pair_t);
  const Type* resources = add(object(
      "resources", "Resource requests and limits.",
      {opt("cpu", request_limit, "", "CPU, in cores or millicores.", "[250m, 1000m]"),
       opt("memory", request_limit, "", "Memory, in bytes with a suffix.", "[256Mi, 1Gi]")}));
  const Type* waive = add(map(&formats::rule_id, "rule id", reason));
  const Type* history_count = add(integer(0, 100));
  const Type* schedule = add(object(
      "schedule",
      "When a job runs: a Kubernetes CronJob, a systemd timer beside its unit; compose has no "
      "scheduler and runs it on demand.",
      {req("cron", line,
           "Cron expression: 5 fields (minute hour day-of-month month day-of-week) with lists, "
           "ranges, steps and names, or @hourly, @daily, @weekly, @monthly, @yearly; what a "
           "systemd calendar event cannot say is refused (rule schedule).",
           "\"30 2 * * MON-FRI\""),
       opt("time_zone", add(str(&formats::time_zone)), "UTC",
           "IANA time zone the expression is read in, on every target.", "Europe/Berlin"),
       opt("concurrency", add(enumeration({"forbid", "allow", "replace"})), "forbid",
           "A run due while the last still runs: skip it, run both, or stop the last "
           "(Kubernetes; systemd timers always skip).",
           "forbid"),
       opt("history",
           add(object("schedule-history", "Finished runs Kubernetes keeps.",
                      {opt("successful", history_count, "3", "Successful Jobs kept.", "3"),
                       opt("failed", history_count, "1", "Failed Jobs kept.", "1")})),
           "", "Finished Jobs kept (Kubernetes; the journal keeps systemd's runs).",
           "{successful: 3, failed: 1}")}));

  // ---- routes (issue 21): HTTP routes into the project, and the TLS secrets they name
  const Type* route_tls = add(one_of(
      "route-tls", "a mapping {secret: NAME} or {issuer: NAME}",
      "Where the route's certificate comes from: a TLS secret under tls_secrets, or an ACME "
      "issuer.",
      {Variant{"secret", add(object("", "",
                                    {req("secret", dns_label, "A key under tls_secrets.",
                                         "todo-tls")}))},
       Variant{"issuer",
               add(object("", "",
                          {req("issuer", k8s_name,
                               "An ACME issuer: the cert-manager ClusterIssuer on Kubernetes "
                               "(Ingress); the edge proxy's own ACME client on single hosts.",
                               "letsencrypt")}))}}));
  const Type* route = add(object(
      "route",
      "One HTTP route: requests for host whose path starts with path go to a module's port.",
      {req("host", add(str(&formats::hostname)), "DNS name the route answers.",
           "todo.example.com"),
       opt("path", add(str(&formats::route_path)), "/", "Path prefix (whole segments).", "/api"),
       req("module", dns_label, "The module (kind service) that serves it.", "backend"),
       opt("port", port, "the module's first container port",
           "Container port of that module (one of its ports).", "8000"),
       opt("tls", route_tls, "plain HTTP", "TLS for the host.", "{secret: todo-tls}")}));
  const Type* tls_secret = add(nullable(object(
      "tls-secret",
      "A certificate and key routes serve: a Kubernetes Secret of type kubernetes.io/tls "
      "(created by the operator), files for the single-host edge proxy.",
      {opt("cert", line, "none: the operator provides it",
           "PEM certificate chain, a file in the spec's directory tree.", "./certs/todo.crt"),
       opt("key", line, "none: the operator provides it",
           "PEM private key, a file in the spec's directory tree.", "./certs/todo.key")})));
  // ---- egress allow-list (issue 21): destinations outside the project
  const Type* egress_rule = add(object(
      "egress",
      "A destination outside the project a module may reach: a Kubernetes NetworkPolicy "
      "egress rule; on compose and Podman the module joins the project's routed network.",
      {req("cidr", line,
           "Addresses, as a CIDR block (IPv4 or IPv6, host bits zero; rule egress).",
           "0.0.0.0/0"),
       opt("ports", add(list(port)), "every port and protocol", "Destination ports.", "[443]"),
       opt("protocol", add(protocol_t), "tcp", "tcp or udp, for every port of the entry.",
           "tcp")}));

  // ---- autoscaling (issue 21): the mapping form of replicas
  const Type* percent = add(integer(1, 1000));
  const Type* autoscale = add(object(
      "autoscale",
      "Kubernetes scales the module (a HorizontalPodAutoscaler) between min and max on the "
      "average use of its pods' requests; single-host targets run one instance.",
      {req("min", add(integer(1, 1000)), "Fewest replicas.", "2"),
       req("max", add(integer(1, 1000)), "Most replicas; at least min (rule autoscale).", "10"),
       opt("cpu", percent, "",
           "Target average CPU use, percent of the CPU request (needs resources.cpu request).",
           "70"),
       opt("memory", percent, "",
           "Target average memory use, percent of the memory request (needs resources.memory "
           "request).",
           "80")}));
  const Type* replicas_or_autoscale =
      add(one_of("replicas", "an integer or {min, max, cpu, memory}",
                 "A fixed count of replicas, or autoscaling bounds and targets.",
                 {Variant{"", replicas}, Variant{"", autoscale}}));

  // ---- ulimits: the names docker and podman accept (setrlimit(2)); a
  // single number is soft and hard, -1 unlimited.
  const Type* rlimit = add(integer(-1, INT64_MAX));
  const Type* soft_hard = add(object(
      "ulimit", "A soft and a hard limit (soft at most hard; rule kernel-settings).",
      {req("soft", rlimit, "Soft limit (-1: unlimited).", "1024"),
       req("hard", rlimit, "Hard limit (-1: unlimited).", "65536")}));
  const Type* ulimit = add(one_of("ulimit-value", "a number or {soft, hard}",
                                  "One limit: a number for soft and hard, or both.",
                                  {Variant{"", rlimit}, Variant{"", soft_hard}}));
  const Type* ulimits = add(map(&formats::ulimit_name, "ulimit name", ulimit));

  // ---- module
  const Type* module = add(object(
      "module", "One container: how it is built or which image it runs, and how it runs.",
      {opt("kind", add(enumeration({"service", "job", "base"})), "service",
           "service: long-running; job: runs to completion; base: an image other modules build "
           "FROM, never run.",
           "service"),
       opt("description", text, "", "What the module does, for comments and CONTRACT.md (may span lines; shown as text).", "FastAPI backend"),
       opt("image", image_ref, "", "Image to run when nothing is built.", "postgres:15-alpine"),
       opt("build", build, "", "Build an image (give image or build).", "{stack: python-pip}"),
       aka(opt("command", words, "the image's", "Command, exec form.",
               "[uvicorn, app.main:app, --port, \"8000\"]"),
           {"cmd", "args"}),
       opt("entrypoint", words, "the image's", "Entrypoint, exec form.", "[/entrypoint.sh]"),
       opt("workdir", abs_path, "defaults.workdir", "Working directory.", "/app"),
       opt("user", user, "defaults.user", "User and groups; merged over defaults.user.",
           "{uid: 1000, gid: 1001, groups: [9999]}"),
       opt("ports", add(list(port_spec)), "[]", "Container ports.",
           "[{container: 8000, host: 8100}]"),
       aka(opt("env", env, "{}", "Environment variables, in order.", "{LOG_LEVEL: INFO}"),
           {"environment", "enviroment", "environ", "variables"}),
       aka(opt("health", health, "", "Health checks.", "{liveness: {http: /livez}}"),
           {"healthcheck", "health_check", "probes"}),
       aka(opt("mounts", add(list(mount)), "[]", "Filesystem mounts.", "[{tmpfs: /tmp}]"),
           {"volumes", "tmpfs"}),
       opt("schedule", schedule, "", "Run this job on a schedule (kind job).",
           "{cron: \"0 3 * * *\", time_zone: Europe/Berlin}"),
       opt("setup", add(list(setup_step)), "[]",
           "Steps run in order, each to completion, before the module starts.",
           "[{name: migrate, command: [alembic, upgrade, head]}]"),
       opt("state", state, "", "Persistent data.",
           "{target: /var/lib/postgresql/data, size: 10Gi}"),
       aka(opt("depends_on", depends_on, "{}", "Modules to start first, with a condition.",
               "{postgres: healthy}"),
           {"depends-on", "dependencies", "requires", "after"}),
       opt("labels", add(map(&formats::label_key, "label key", label_value)), "{}",
           "Labels on every target: compose and Podman container labels, the Kubernetes "
           "workload's and pod's labels (so Kubernetes label rules apply to keys and values).",
           "{team: payments}"),
       opt("container_labels", add(map(&formats::label_key, "label key", tag_value)), "{}",
           "Container labels added on compose and Podman only (any one-line value, e.g. for a "
           "reverse proxy that reads them); one replaces a label of the same key there.",
           "{traefik.enable: \"true\"}"),
       opt("annotations", add(map(&formats::label_key, "annotation key", tag_value)), "{}",
           "Kubernetes annotations on the workload and its pods (any one-line value).",
           "{prometheus.io/scrape: \"true\"}"),
       aka(opt("talks_to", add(list(dns_label)), "[]",
               "Modules it connects to without waiting for them at start (a URL in its "
               "environment): Kubernetes NetworkPolicies let that traffic through, as for "
               "depends_on.",
               "[postgres]"),
           {"talks-to", "links", "connects_to"}),
       aka(opt("hostname", dns_label, "the engine's",
               "The container's own host name, and a name the other modules reach it by "
               "(compose hostname and a network alias, Podman HostName= and NetworkAlias=, the "
               "Kubernetes pod hostname and a Service).",
               "es"),
           {"host_name", "host-name"}),
       aka(opt("aliases", add(list(dns_label)), "[]",
               "Further names the other modules reach it by, on every network it joins (compose "
               "network aliases, Podman NetworkAlias=, a Kubernetes Service each).",
               "[es, search]"),
           {"network_aliases", "alias"}),
       opt("egress", add(list(egress_rule)), "[] (none)",
           "Destinations outside the project it may reach (DNS is always allowed). None: "
           "nothing outside on Kubernetes, and on compose and Podman only internal networks "
           "unless it publishes a port.",
           "[{cidr: 0.0.0.0/0, ports: [443]}]"),
       aka(opt("resources", resources, "", "Requests and limits.", "{cpu: [250m, 1000m]}"),
           {"deploy", "limits"}),
       opt("stop_signal", signal, "defaults.stop_signal", "Stop signal.", "SIGTERM"),
       aka(opt("stop_grace", duration, "defaults.stop_grace", "Time from stop signal to SIGKILL.",
               "30s"),
           {"stop_grace_period", "termination_grace_period"}),
       opt("drain", duration, "", "Time the app needs to drain; stop_grace must cover it.", "30s"),
       opt("restart", restart, "defaults.restart", "Restart policy.", "unless-stopped"),
       opt("image_tag", tag, "the profile's, else defaults.image_tag",
           "Tag of this module's image.", "\"1.4.2\""),
       aka(opt("replicas", replicas_or_autoscale, "1",
               "Pod replicas (Kubernetes): a count, or autoscaling bounds and targets "
               "(single-host targets run one instance).",
               "2"),
           {"scale"}),
       opt("networks", add(list(volume_key)), "[]", "Keys under networks this module joins.",
           "[internal]"),
       aka(opt("addresses", add(map(&formats::volume_key, "network key", ip)), "{}",
               "A static IPv4 address on networks it joins, by network key: inside the "
               "network's subnet (compose ipv4_address, Podman ip=; Kubernetes assigns pod "
               "addresses itself: a warning).",
               "{backend: 172.28.0.10}"),
           {"ipv4_address", "ipv4_addresses", "ip", "static_ip"}),
       opt("logs", add(str(&formats::logs)), "stdout",
           "stdout, or a directory in the container where the app writes log files.", "/app/logs"),
       aka(opt("waive", waive, "{}", "Rules waived for this module, each with a written reason.",
               "{loopback-ports: \"public reverse proxy terminates TLS\"}"),
           {"waiver", "waivers", "ignore"}),
       opt("privileged", flag, "false", "Privileged mode (refused by the rules).", "false"),
       opt("network_mode", add(enumeration({"bridge", "host", "none"})), "bridge",
           "Network mode (host is refused by the rules).", "bridge"),
       // Privileges beyond gen's hardening (issue 20): each refused by its
       // rule unless the module waives it with a reason.
       opt("cap_add", add(list(add(enumeration(values::capability_names())))), "[]",
           "Linux capabilities added back after dropping all (refused by rule "
           "no-added-capabilities unless waived).",
           "[NET_ADMIN]"),
       opt("devices", add(list(add(str(&formats::device)))), "[]",
           "Host devices handed to the container: HOST[:CONTAINER][:PERMISSIONS] (refused by "
           "rule no-host-devices unless waived; Kubernetes: the device plugin's resource "
           "targets.k8s.device_resources names).",
           "[/dev/fuse]"),
       opt("read_only", flag, "true",
           "Read-only root filesystem (false is refused by rule read-only-rootfs unless "
           "waived).",
           "true"),
       // Process details (issue 20): how the container's process runs.
       opt("init", flag, "false",
           "Run a minimal init as PID 1 that reaps zombie processes (compose init, Podman "
           "--init; Kubernetes: the pod's pause process, shareProcessNamespace).",
           "true"),
       opt("stdin_open", flag, "false", "Keep the process's stdin open (Kubernetes stdin).",
           "true"),
       opt("tty", flag, "false", "Give the process a terminal.", "true"),
       opt("extra_hosts", add(map(&formats::dns_subdomain, "host name", ip)), "{}",
           "Host names added to the container's /etc/hosts, each with its IP address "
           "(Kubernetes hostAliases).",
           "{db.internal: 10.0.0.5}"),
       // Kernel settings (issue 20): /dev/shm, resource limits, sysctls.
       opt("shm_size", quantity, "the engine's (64Mi)",
           "Size of /dev/shm (compose shm_size, Podman --shm-size; Kubernetes: a memory-backed "
           "emptyDir of that size at /dev/shm).",
           "256Mi"),
       opt("ulimits", ulimits, "the engine's",
           "Resource limits of the process (compose ulimits, Podman --ulimit); Kubernetes "
           "cannot set them per container (rule target-gap warns: the node's limits apply).",
           "{nofile: {soft: 65536, hard: 65536}, memlock: -1}"),
       opt("sysctls", add(map(&formats::env_var_name, "sysctl name", value)), "{}",
           "Namespaced kernel parameters of the container (net.*, kernel.shm*, kernel.msg*, "
           "kernel.sem, fs.mqueue.*; rule kernel-settings). Kubernetes: the pod's sysctls; "
           "any outside the Pod Security safe set is refused by rule unsafe-sysctls unless "
           "waived.",
           "{net.core.somaxconn: 1024}"),
       opt("platform", add(str(&formats::platform)), "the engine's own",
           "Platform of the image the module runs, OS/ARCH[/VARIANT] (compose platform, Podman "
           "--platform; Kubernetes: a nodeSelector on kubernetes.io/os and kubernetes.io/arch).",
           "linux/arm64")}));

  // ---- profiles
  const Type* profile_module = add(object(
      "profile-module", "Per-module overrides inside a profile.",
      {opt("replicas", replicas, "", "Replicas in this profile.", "3"),
       opt("env", env, "{}", "Variables added or replaced in this profile.", "{LOG_LEVEL: DEBUG}"),
       opt("resources", resources, "", "Requests and limits in this profile.",
           "{memory: [512Mi, 2Gi]}")}));
  const Type* profile = add(nullable(object(
      "profile", "An overlay selected with --profile NAME (e.g. local, prod).",
      {opt("env_file", add(str(&formats::env_file)), "", "Env file per module; {module} is replaced by the module name.",
           "\"{module}/.env.local\""),
       opt("image_tag", tag, "defaults.image_tag", "Tag of built images.", "\"git-${GIT_SHA}\""),
       opt("registry", image_ref, "defaults.registry", "Registry of built images.",
           "ghcr.io/yourorg"),
       opt("bind", ip, "defaults.bind", "Host address published ports bind to.", "127.0.0.1"),
       opt("modules", add(map(&formats::dns_label, "module name", profile_module)), "{}",
           "Per-module overrides.", "{backend: {replicas: 2}}")})));

  // ---- targets
  const Type* targets = add(object(
      "targets", "Per-target settings.",
      {opt("compose",
           add(object(
               "compose", "Docker Compose output.",
               {opt("layout", add(enumeration({"single", "per-module"})), "single",
                    "One compose.yaml, or one per module (each module owns its file).", "single"),
                opt("project_name", dns_label, "project", "Compose project name.", "todo")})),
           "", "Compose settings.", "{layout: single}"),
       opt("k8s",
           add(object("k8s", "Kubernetes output.",
                      {opt("namespace", dns_label, "project", "Namespace of every object.", "todo"),
                       opt("pull_secrets", add(list(k8s_name)), "[]",
                           "imagePullSecrets (created by the operator).", "[ghcr-pull-secret]"),
                       opt("pull_policy", add(enumeration({"Always", "IfNotPresent", "Never"})),
                           "IfNotPresent", "imagePullPolicy.", "IfNotPresent"),
                       opt("storage_class", k8s_name, "the cluster default",
                           "storageClassName of PVCs.", "standard"),
                       opt("expose", add(enumeration({"none", "NodePort", "LoadBalancer"})), "none",
                           "How public ports (published on a non-loopback address) are reached "
                           "from outside the cluster: none (kubectl port-forward, or a route), or "
                           "a Service `<module>-public` of this type at the published port numbers.",
                           "LoadBalancer"),
                       opt("device_resources",
                           add(map(&formats::device, "host device",
                                   add(str(&formats::label_key)))),
                           "{}",
                           "Host device path -> the extended resource a device plugin offers for "
                           "it (DOMAIN/NAME): a module's device becomes a request and limit of 1 "
                           "of that resource on its container. A device without one cannot be "
                           "expressed (rule target-support).",
                           "{/dev/fuse: smarter-devices/fuse}"),
                       opt("routes",
                           add(object(
                               "k8s-routes", "How routes reach the cluster.",
                               {opt("api", add(enumeration({"ingress", "gateway"})), "ingress",
                                    "Ingress (networking.k8s.io/v1) or Gateway API HTTPRoute "
                                    "(gateway.networking.k8s.io/v1).",
                                    "gateway"),
                                opt("class", k8s_name, "the cluster default",
                                    "ingressClassName (api ingress).", "nginx"),
                                opt("gateway", k8s_name, "",
                                    "The Gateway HTTPRoutes attach to (api gateway: required).",
                                    "edge"),
                                opt("gateway_namespace", dns_label, "the namespace",
                                    "Namespace of that Gateway.", "gateway-system"),
                                opt("edge_namespace", dns_label,
                                    "ingress-nginx (ingress), the gateway's namespace (gateway)",
                                    "Namespace of the ingress or gateway controller's pods: the "
                                    "only source NetworkPolicies admit to routed ports.",
                                    "ingress-nginx")})),
                           "", "Ingress or Gateway API, and the edge's namespace.",
                           "{api: ingress, class: nginx}")})),
           "", "Kubernetes settings.", "{namespace: todo}"),
       opt("systemd",
           add(object("systemd", "systemd output.",
                      {opt("flavor", add(enumeration({"quadlet", "service"})), "quadlet",
                           "Podman Quadlet units, or classic .service units.", "quadlet"),
                       opt("engine", add(enumeration({"podman", "docker"})), "podman",
                           "Engine the .service units run.", "podman")})),
           "", "systemd settings.", "{flavor: quadlet}")}));

  // ---- the spec
  Type version_t = integer(1, 1);
  version_t.range_rule = yaml::ids::kSpecVersion;
  root_ = add(object(
      "spec", "A gen project spec.",
      {req("version", add(version_t), "Spec format version; must be 1.", "1"),
       aka(req("project", dns_label, "Project name (compose project, k8s namespace by default).",
               "todo"),
           {"name"}),
       opt("metadata",
           add(object(
               "metadata", "Project facts for OCI labels and CONTRACT.md.",
               {opt("description", text, "", "What the project is.", "Todo app"),
                opt("source", line, "", "Source repository URL.",
                    "https://github.com/yourorg/todo"),
                opt("vendor", line, "", "Who ships it.", "yourorg"),
                opt("licenses", line, "", "SPDX license expression.", "MIT"),
                opt("documentation", line, "", "Documentation URL.", "https://docs.example.com")})),
           "", "Project facts.", "{description: Todo app}"),
       opt("defaults", defaults, "", "Project-wide defaults.", "{restart: unless-stopped}"),
       opt("networks", add(map(&formats::volume_key, "network name", network)), "{}",
           "Networks, by key.",
           "{internal: {name: \"${PROJECT_INTERNAL_NETWORK}\", external: true}}"),
       opt("volumes", add(map(&formats::volume_key, "volume name", volume)), "{}",
           "Shared named volumes, by key.", "{certs: {}}"),
       aka(req(
               "modules",
               [&] {
                 Type t = map(&formats::dns_label, "module name", module);
                 t.min_items = 1;
                 return add(t);
               }(),
               "The project's containers, by name (a DNS-1123 label).", "{backend: {image: ...}}"),
           {"services", "containers", "apps"}),
       opt("routes", add(list(route)), "[]",
           "HTTP routes into the project: a Kubernetes Ingress or HTTPRoute, an edge proxy on "
           "single hosts.",
           "[{host: todo.example.com, module: frontend}]"),
       opt("tls_secrets", add(map(&formats::dns_label, "TLS secret name", tls_secret)), "{}",
           "TLS secrets routes name, by name.", "{todo-tls: {}}"),
       opt("profiles", add(map(&formats::dns_label, "profile name", profile)), "{}",
           "Overlays selected with --profile.", "{local: {env_file: \"{module}/.env.local\"}}"),
       opt("targets", targets, "", "Per-target settings.", "{compose: {layout: single}}")}));
}

}  // namespace gen::spec::schema
