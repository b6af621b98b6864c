#include "spec/starter.h"

namespace gen::spec {

std::string project_name_from(const std::string& dir) {
  std::string out;
  for (char c : dir) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok)
      out += c;
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "app" : out;
}

std::string starter_spec(const std::string& project) {
  return R"(# gen spec: this one file describes the project; gen writes the Dockerfiles,
# compose.yaml, Kubernetes manifests, systemd units and CONTRACT.md from it.
#   gen validate            check it (YAML, keys, references, contract rules)
#   gen all --out deploy    write every artifact
# Every key: docs/spec.md. JSON Schema for your editor: gen schema > gen.schema.json
version: 1
project: )" +
         project + R"(        # lowercase letters, digits and '-' (a DNS-1123 label)

defaults:                           # apply to every module unless it says otherwise
  user: {uid: 1001, gid: 1001}      # numeric and non-root: the rules refuse uid/gid 0
  restart: unless-stopped
  bind: 127.0.0.1                   # published ports listen on loopback only
  health: {interval: 30s, timeout: 5s, start_period: 10s, retries: 3}
  stop_grace: 30s                   # SIGTERM, then this long before SIGKILL

networks:
  internal: {}                      # the modules talk to each other over this network

modules:
  app:
    description: The application
    build:
      stack: python-uv              # python-uv | python-pip | node | nextjs | bun | debian | go | rust | java-maven | java-gradle | dotnet | ruby | php | static
      context: ./app                # relative to this file
    command: [python, -m, app, --port, "8000"]
    ports:
      - {container: 8000, host: 8000}   # host side binds defaults.bind
    env:
      LOG_LEVEL: INFO                   # a plain value
      DATABASE_URL: {secret: true}      # a secret: by reference only, never its value here
    health:
      liveness: {http: /livez}
      readiness: {http: /readyz}
    mounts:
      - {tmpfs: /tmp}                   # the root filesystem is read-only
      - {own: data, target: /app/data}  # app/data, owned by this module
    depends_on: {db: healthy}           # start after db reports healthy
    networks: [internal]

  db:
    image: postgres:16-alpine
    user: {uid: 70, gid: 70}            # the postgres user of the alpine image
    env:
      POSTGRES_PASSWORD: {secret: true}
      POSTGRES_DB: {default: app}
    health:
      command: [pg_isready, -U, postgres]
    mounts:
      - {tmpfs: /tmp}
      - {tmpfs: /var/run/postgresql}    # the server's socket directory
    state: {target: /var/lib/postgresql/data, size: 1Gi}   # a volume (PVC in Kubernetes)
    networks: [internal]

profiles:                               # gen ... --profile local|prod
  local: {env_file: "{module}/.env.local", image_tag: local}
  prod: {env_file: "{module}/.env.server", image_tag: "${GIT_SHA}"}

targets:
  compose: {layout: single}             # or per-module
  k8s: {namespace: )" +
         project + R"(}
  systemd: {flavor: quadlet}            # or service
)";
}

}  // namespace gen::spec
