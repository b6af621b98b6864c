// `gen context` on the five seed specs (specs/*.yaml), with no profile and
// with each profile: it must succeed without diagnostics, and the context
// must carry the numbers the seed documents state.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "run_gen.h"

using Json = nlohmann::ordered_json;
using gen::test::run_gen;

namespace {

std::string spec_path(const std::string& name) {
  return std::string(GEN_SOURCE_DIR) + "/specs/" + name + ".yaml";
}

Json context(const std::string& name, const std::string& profile = "") {
  std::vector<std::string> args{"context", "--spec", spec_path(name)};
  if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
  gen::test::GenRun r = run_gen(args);
  INFO("gen context " << name << " " << profile << "\n" << r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  return Json::parse(r.out);
}

const Json& mod(const Json& ctx, const std::string& name) {
  for (const auto& m : ctx["modules"])
    if (m["name"] == name) return m;
  FAIL("no module " << name);
  static const Json none;
  return none;
}

std::vector<std::string> names(const Json& list, const char* key = "name") {
  std::vector<std::string> out;
  for (const auto& m : list) out.push_back(m[key].get<std::string>());
  return out;
}

std::string compact(const Json& j) { return j.dump(); }

}  // namespace

TEST_CASE("every spec in specs/ resolves with no profile and with each profile") {
  std::vector<std::string> specs;
  for (const auto& e : std::filesystem::directory_iterator(std::string(GEN_SOURCE_DIR) + "/specs"))
    if (e.path().extension() == ".yaml") specs.push_back(e.path().stem().string());
  std::sort(specs.begin(), specs.end());
  CHECK(specs ==
        std::vector<std::string>{"core-infra", "nightly", "ownapp", "reactbin", "runtime", "shop",
                                 "todo", "wats", "whatsapp-adapter"});
  for (const auto& s : specs) {
    Json base = context(s);
    CHECK(base["context_version"] == 1);
    CHECK(base["profile"].is_null());
    for (const auto& p : base["profiles"]) {
      Json ctx = context(s, p["name"]);
      CHECK(ctx["profile"]["name"] == p["name"]);
      CHECK(ctx["modules"].size() == base["modules"].size());
    }
  }
}

TEST_CASE("gen context output is byte-identical across runs") {
  auto a = run_gen({"context", "--spec", spec_path("todo"), "--profile", "prod"});
  auto b = run_gen({"context", "--spec", spec_path("todo"), "--profile", "prod"});
  REQUIRE(a.code == 0);
  CHECK(a.out == b.out);
}

TEST_CASE("seed 000: whatsapp-adapter") {
  Json ctx = context("whatsapp-adapter", "local");
  CHECK(names(ctx["modules"]) ==
        std::vector<std::string>{"whatsapp-adapter-waha", "whatsapp-adapter-api",
                                 "whatsapp-adapter-app", "whatsapp-adapter-docs"});
  // Default ports: host 127.0.0.1:810x -> container.
  std::vector<std::pair<std::string, std::pair<int, int>>> ports{
      {"whatsapp-adapter-api", {8100, 5000}},
      {"whatsapp-adapter-app", {8101, 5000}},
      {"whatsapp-adapter-waha", {8102, 3000}},
      {"whatsapp-adapter-docs", {8103, 8080}}};
  for (const auto& [name, hc] : ports) {
    const Json& m = mod(ctx, name);
    INFO(name);
    REQUIRE(m["ports"].size() == 1);
    CHECK(m["ports"][0]["host"] == hc.first);
    CHECK(m["ports"][0]["container"] == hc.second);
    CHECK(m["ports"][0]["bind"] == "127.0.0.1");
    CHECK(m["user"]["spec"] == "1001:1001");  // non-root numeric 1001:1001
    CHECK(m["restart"] == "unless-stopped");
    CHECK(m["logs"] == "/app/logs");
    CHECK(m["networks"] == Json::array({"internal"}));
    CHECK(m["env_file"]["path"] == name + "/.env.local");
    CHECK(m["env_file"]["per_module"] == "./.env.local");
    CHECK(m["env_files"]["prod"]["path"] == name + "/.env.server");
    // Every module owns data/, logs/, conf/; conf/ is read-only.
    std::vector<std::string> owned;
    for (const auto& mt : m["mounts"]) {
      if (mt["type"] != "own") continue;
      owned.push_back(mt["path"]);
      CHECK(mt["target"] == "/app/" + (mt["path"] == "sessions" ? std::string(".sessions")
                                       : mt["path"] == "media"  ? std::string(".media")
                                                                : mt["path"].get<std::string>()));
      CHECK(mt["read_only"] == (mt["path"] == "conf"));
      CHECK(mt["host"]["per_module"] == "./" + mt["path"].get<std::string>());
    }
    if (name == "whatsapp-adapter-waha")
      CHECK(owned == std::vector<std::string>{"data", "logs", "conf", "sessions", "media"});
    else
      CHECK(owned == std::vector<std::string>{"data", "logs", "conf"});
  }
  CHECK(mod(ctx, "whatsapp-adapter-api")["health"]["container"]["path"] == "/healthz");
  CHECK(mod(ctx, "whatsapp-adapter-app")["health"]["container"]["path"] == "/healthz");
  CHECK(mod(ctx, "whatsapp-adapter-docs")["health"]["container"]["path"] == "/healthz");
  CHECK(mod(ctx, "whatsapp-adapter-waha")["health"]["container"]["url"] ==
        "http://127.0.0.1:3000/ping");
  // The API reads WAHA's sessions through a read-only mount.
  const Json& from = mod(ctx, "whatsapp-adapter-api")["mounts"][4];
  CHECK(
      compact(from) ==
      R"({"name":"from-whatsapp-adapter-waha-sessions","type":"from","target":"/app/provider-sessions",)"
      R"("read_only":true,"host":{"base":"output","path":"whatsapp-adapter-waha/sessions",)"
      R"("single":"./whatsapp-adapter-waha/sessions","per_module":"../whatsapp-adapter-waha/sessions"},)"
      R"("module":"whatsapp-adapter-waha","path":"sessions","volume":null,"secret":null,"size":null})");
  CHECK(
      compact(ctx["networks"]) ==
      R"([{"key":"internal","name":"${PROJECT_INTERNAL_NETWORK}","external":true,"internal":false,)"
      R"("subnet":null,"gateway":null,"variables":["PROJECT_INTERNAL_NETWORK"],)"
      R"("members":["whatsapp-adapter-waha",)"
      R"("whatsapp-adapter-api","whatsapp-adapter-app","whatsapp-adapter-docs"]}])");
  CHECK(ctx["targets"]["compose"]["layout"] == "per-module");
}

TEST_CASE("seed 001: wats") {
  Json ctx = context("wats", "local");
  const Json& w = mod(ctx, "wats");
  CHECK(w["image"]["ref"] == "wats:local");
  CHECK(w["build"]["stack"] == "bun");
  CHECK(w["build"]["from"] == "oven/bun:1");
  CHECK(w["build"]["manifests"] == Json::array({"package.json", "bun.lock", "packages"}));
  CHECK(
      compact(w["user"]) ==
      R"({"uid":10001,"gid":10001,"groups":[],"name":"wats","group_name":"wats","spec":"10001:10001"})");
  CHECK(
      compact(w["ports"]) ==
      R"([{"name":"tcp-3000","container":3000,"protocol":"tcp","published":true,"public":false,"host":3000,"bind":"127.0.0.1"}])");
  CHECK(
      compact(w["command"]) ==
      R"(["bun","run","wats","serve","--config","/app/config/wats.config.yaml","--profile","prod",)"
      R"("--host","0.0.0.0","--port","3000"])");
  const Json& h = w["health"];
  CHECK(h["liveness"]["url"] == "http://127.0.0.1:3000/healthz");
  CHECK(h["readiness"]["path"] == "/readyz");
  CHECK(h["http_paths"] == Json::array({"/healthz", "/readyz", "/openapi.json"}));
  CHECK(h["interval_seconds"] == 30);
  CHECK(h["timeout_seconds"] == 5);
  CHECK(h["start_period_seconds"] == 10);
  CHECK(h["retries"] == 3);
  CHECK(names(ctx["secrets"], "env") ==
        std::vector<std::string>{"WATS_ACCESS_TOKEN", "WATS_VERIFY_TOKEN", "WATS_APP_SECRET",
                                 "WATS_SERVICE_TOKEN"});
  CHECK(w["env"][0]["value"] == "production");  // NODE_ENV
  CHECK(w["mounts"][1]["type"] == "config");
  CHECK(w["mounts"][1]["target"] == "/app/config/wats.config.yaml");
  CHECK(w["mounts"][1]["read_only"] == true);
  CHECK(compact(w["mounts"][1]["host"]) ==
        R"({"base":"spec","path":"wats/wats.config.yaml","single":null,"per_module":null})");
  CHECK(compact(w["build"]["context"]) ==
        R"({"base":"spec","path":".","single":null,"per_module":null})");
  CHECK(w["state"]["target"] == "/var/lib/wats");
}

TEST_CASE("seed 002: reactbin") {
  Json ctx = context("reactbin", "prod");
  const Json& a = mod(ctx, "api");
  CHECK(a["image"]["ref"] == "reactbin-api-prod:${GIT_SHA}");
  CHECK(a["image"]["refs"]["local"] == "reactbin-api-prod:latest");
  CHECK(a["build"]["stack"] == "python-uv");
  CHECK(a["build"]["from"] == "python:3.12-slim");
  CHECK(a["ports"][0]["container"] == 8000);
  CHECK(a["ports"][0]["protocol"] == "tcp");
  CHECK(
      compact(a["user"]) ==
      R"({"uid":1001,"gid":1001,"groups":[],"name":"appuser","group_name":null,"spec":"1001:1001"})");
  CHECK(a["workdir"] == "/app");
  const Json& h = a["health"];
  for (const char* probe : {"liveness", "readiness", "startup", "container"})
    CHECK(h[probe]["url"] == "http://127.0.0.1:8000/api/v1/health");
  CHECK(h["interval_seconds"] == 30);
  CHECK(h["timeout_seconds"] == 5);
  CHECK(h["start_period_seconds"] == 10);
  CHECK(h["retries"] == 3);
  CHECK(
      compact(a["stop"]) ==
      R"({"signal":"SIGTERM","grace":"30s","grace_seconds":30,"drain":"30s","drain_seconds":30})");
  CHECK(a["logs"] == "stdout");
  CHECK(a["mounts"].empty());  // no writable state, --read-only compatible
  std::vector<std::string> required, secret;
  std::map<std::string, std::string> defaults;
  for (const auto& e : a["env"]) {
    if (e["kind"] == "required") required.push_back(e["name"]);
    if (e["kind"] == "secret") secret.push_back(e["name"]);
    if (e["kind"] == "default") defaults[e["name"]] = e["value"];
  }
  CHECK(required == std::vector<std::string>{"OWNER_USERNAME", "S3_ENDPOINT_URL", "S3_BUCKET_NAME",
                                             "S3_REGION"});
  CHECK(secret == std::vector<std::string>{"JWT_SECRET_KEY", "OWNER_PASSWORD", "DATABASE_URL",
                                           "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"});
  CHECK(defaults == std::map<std::string, std::string>{{"JWT_EXPIRY_SECONDS", "86400"},
                                                       {"MAX_UPLOAD_BYTES", "52428800"},
                                                       {"LOGIN_MAX_FAILURES", "5"},
                                                       {"LOGIN_WINDOW_SECONDS", "300"},
                                                       {"LOGIN_COOLDOWN_SECONDS", "900"},
                                                       {"LOGIN_TRUSTED_PROXY_IPS", ""}});
  CHECK(a["env"].back()["name"] == "API_BASE_URL");
  CHECK(a["env"].back()["kind"] == "optional");
}

TEST_CASE("seed 003: core-infra") {
  Json ctx = context("core-infra", "dev");
  CHECK(names(ctx["modules"]) == std::vector<std::string>{"base", "apache", "bind", "mail",
                                                          "certbot", "postgres", "liquibase"});
  const Json& base = mod(ctx, "base");
  CHECK(base["kind"] == "base");
  CHECK(base["build"]["from"] == "debian:bookworm-slim");
  CHECK(base["image"]["ref"] == "base-debian:latest");
  CHECK(base["build"]["packages"] ==
        Json::array({"bash", "python3", "python3-pip", "python3-venv", "curl", "ca-certificates"}));
  CHECK(base["user"]["spec"] == "9999:9999");
  CHECK(base["user"]["name"] == "certuser");
  CHECK(base["user"]["group_name"] == "certgroup");
  for (const char* svc : {"apache", "bind", "mail", "certbot", "postgres", "liquibase"}) {
    INFO(svc);
    const Json& m = mod(ctx, svc);
    CHECK(m["build"]["base_module"] == "base");
    CHECK(m["build"]["from"] == "base-debian:latest");  // FROM base-debian:latest
    CHECK(m["image"]["ref"] == std::string(svc) + "-debian:latest");
    CHECK(m["entrypoint"] == Json::array({"/entrypoint.sh"}));
  }
  for (const char* svc : {"apache", "bind", "mail", "postgres"}) {
    INFO(svc);
    CHECK(mod(ctx, svc)["user"]["groups"] == Json::array({9999}));  // in certgroup
    CHECK(mod(ctx, svc)["long_running"] == true);
  }
  CHECK(mod(ctx, "certbot")["user"]["spec"] == "9999:9999");
  CHECK(compact(ctx["volumes"]) ==
        R"([{"key":"certs","name":"core-infra_certs","external":false,"claim":"certs","size":"1Gi","variables":[],"users":[)"
        R"({"module":"apache","target":"/data/certificates","read_only":true},)"
        R"({"module":"bind","target":"/data/certificates","read_only":true},)"
        R"({"module":"mail","target":"/data/certificates","read_only":true},)"
        R"({"module":"certbot","target":"/data/certificates","read_only":false},)"
        R"({"module":"postgres","target":"/data/certificates","read_only":true}]}])");
  CHECK(compact(ctx["targets"]["systemd"]) == R"({"flavor":"quadlet","engine":"podman"})");
  Json prod = context("core-infra", "prod");
  CHECK(mod(prod, "apache")["build"]["from"] == "base-debian:${GIT_SHA}");
}

TEST_CASE("seed 004: todo") {
  Json ctx = context("todo", "prod");
  CHECK(names(ctx["modules"]) ==
        std::vector<std::string>{"todo-postgres", "todo-backend-migrate", "todo-backend",
                                 "todo-frontend",
                                 // gen's edge proxy for the two routes, after what it routes to
                                 "edge-proxy"});
  const Json& fe = mod(ctx, "todo-frontend");
  const Json& be = mod(ctx, "todo-backend");
  const Json& pg = mod(ctx, "todo-postgres");
  CHECK(fe["image"]["ref"] == "ghcr.io/yourorg/todo-frontend:git-${GIT_SHA}");
  CHECK(be["image"]["ref"] == "ghcr.io/yourorg/todo-backend:git-${GIT_SHA}");
  CHECK(be["image"]["refs"]["local"] == "todo-backend:dev");
  CHECK(be["image"]["refs"]["minikube"] == "todo-backend:v1.0.0");
  CHECK(pg["image"]["ref"] == "postgres:15-alpine");
  CHECK(fe["user"]["spec"] == "1000:1001");
  CHECK(be["user"]["spec"] == "1000:1001");
  CHECK(fe["ports"][0]["container"] == 3000);
  CHECK(be["ports"][0]["container"] == 8000);
  CHECK(pg["ports"][0]["container"] == 5432);
  CHECK(fe["build"]["stack"] == "nextjs");
  CHECK(fe["build"]["from"] == "node:20-alpine");
  CHECK(compact(fe["build"]["args"]) == R"([{"name":"NODE_ENV","value":"production"}])");
  CHECK(
      compact(fe["build"]["build_env"]) ==
      R"([{"name":"NEXT_PUBLIC_API_URL","value":"https://api.todo.example.com","required":false,)"
      R"j("description":"Backend API endpoint (baked into the build)","example":"http://todo-backend:8000"},)j"
      R"({"name":"NEXT_PUBLIC_APP_VERSION","value":"v1.0.0","required":false,)"
      R"("description":"Application version","example":"v1.2.3"}])");
  CHECK(fe["health"]["liveness"]["path"] == "/api/health/live");
  CHECK(fe["health"]["readiness"]["path"] == "/api/health/ready");
  CHECK(fe["health"]["smoke"] == Json::array({"/api/health"}));
  CHECK(be["build"]["from"] == "python:3.13-slim");
  CHECK(
      compact(be["build"]["args"]) ==
      R"([{"name":"PYTHON_VERSION","value":"3.13"},{"name":"REQUIREMENTS_FILE","value":"requirements.txt"}])");
  CHECK(be["build"]["packages"] == Json::array({"postgresql-client"}));
  CHECK(be["build"]["build_packages"] == Json::array({"gcc", "postgresql-client"}));
  CHECK(be["build"]["sources"] == Json::array({"app", "alembic", "alembic.ini"}));
  const Json& bh = be["health"];
  CHECK(bh["container"]["url"] == "http://127.0.0.1:8000/livez");
  CHECK(bh["readiness"]["path"] == "/readyz");
  CHECK(bh["smoke"] == Json::array({"/health"}));
  CHECK(bh["interval_seconds"] == 30);
  CHECK(bh["timeout_seconds"] == 3);
  CHECK(bh["start_period_seconds"] == 40);
  CHECK(bh["retries"] == 3);
  CHECK(
      compact(be["resources"]) ==
      R"({"cpu":{"request":"250m","limit":"1000m","request_millicores":250,"request_cores":"0.25",)"
      R"("limit_millicores":1000,"limit_cores":"1"},"memory":{"request":"256Mi","limit":"1Gi",)"
      R"("request_bytes":268435456,"limit_bytes":1073741824}})");
  CHECK(
      compact(be["depends_on"]) ==
      R"([{"module":"todo-postgres","condition":"healthy","compose_condition":"service_healthy"},)"
        R"({"module":"todo-backend-migrate","condition":"completed",)"
        R"("compose_condition":"service_completed_successfully"}])");
  CHECK(compact(pg["state"]) ==
        R"({"target":"/var/lib/postgresql/data","size":"10Gi","volume":"todo-postgres-state",)"
        R"("name":"todo_todo-postgres-state"})");
  CHECK(pg["health"]["container"]["type"] == "command");
  CHECK(pg["health"]["interval_seconds"] == 10);
  CHECK(pg["health"]["timeout_seconds"] == 5);
  CHECK(pg["health"]["retries"] == 5);
  CHECK(
      compact(ctx["targets"]["k8s"]) ==
      R"({"namespace":"todo","pull_secrets":["ghcr-pull-secret"],"pull_policy":"IfNotPresent","storage_class":null,"expose":"none",)"
      R"("routes":{"api":"ingress","class":"nginx","gateway":null,"gateway_namespace":"todo",)"
      R"("edge_namespace":"ingress-nginx"}})");
  // The routes: one per host, the second's port given, the first's the module's first.
  CHECK(compact(ctx["routes"]) ==
        R"([{"host":"todo.example.com","path":"/","module":"todo-frontend","port":3000,)"
        R"("port_name":"http","tls":{"issuer":"letsencrypt","secret":"todo.example.com-tls"}},)"
        R"({"host":"api.todo.example.com","path":"/","module":"todo-backend","port":8000,)"
        R"("port_name":"http","tls":{"issuer":null,"secret":"todo-tls"}}])");
  CHECK(compact(ctx["tls_secrets"]) == R"([{"name":"todo-tls","cert":null,"key":null}])");
  const Json& edge = mod(ctx, "edge-proxy");
  CHECK(edge["edge"] == true);
  CHECK(edge["image"]["ref"] == "docker.io/library/caddy:2.8.4-alpine");
  CHECK(compact(edge["depends_on"]) ==
        R"([{"module":"todo-frontend","condition":"started","compose_condition":"service_started"},)"
        R"({"module":"todo-backend","condition":"started","compose_condition":"service_started"}])");
  Json local = context("todo", "local");
  CHECK(mod(local, "todo-frontend")["build"]["build_env"][0]["value"] == "http://localhost:8000");
  CHECK(mod(local, "todo-backend")["image"]["ref"] == "todo-backend:dev");
  for (const auto& e : mod(local, "todo-backend")["env"])
    if (e["name"] == "LOG_LEVEL") CHECK(e["value"] == "DEBUG");
}

// specs/shop.yaml (issue 21, no seed): the five constructs of issue 21 in one
// spec, as the spec writes them.
TEST_CASE("issue 21: shop") {
  Json ctx = context("shop");
  const Json& web = mod(ctx, "web");
  // replicas: {min: 2, max: 6, cpu: 70}; Kubernetes starts at the minimum.
  CHECK(compact(web["autoscale"]) == R"({"min":2,"max":6,"cpu":70,"memory":null})");
  CHECK(web["replicas"] == 2);
  // setup: [{name: migrate, ...}] runs as module web-migrate before web.
  CHECK(compact(web["setup"]) == R"(["web-migrate"])");
  CHECK(mod(ctx, "web-migrate")["setup_of"] == "web");
  // egress: the payment provider's block on 443; it routes out.
  CHECK(compact(web["egress"]) == R"([{"cidr":"203.0.113.0/24","ports":[443],"protocol":"tcp"}])");
  CHECK(web["routes_out"] == true);
  // The report job: every day at 06:15 Berlin time, never twice at once.
  const Json& report = mod(ctx, "report");
  CHECK(report["schedule"]["cron"] == "15 6 * * *");
  CHECK(report["schedule"]["calendar"] == "*-*-* 06:15:00 Europe/Berlin");
  CHECK(report["schedule"]["concurrency"] == "forbid");
  // The route: shop.example.com to web's first port, TLS from the issuer.
  CHECK(compact(ctx["routes"]) ==
        R"([{"host":"shop.example.com","path":"/","module":"web","port":8000,"port_name":"http",)"
        R"("tls":{"issuer":"letsencrypt","secret":"shop.example.com-tls"}}])");
  CHECK(mod(ctx, "edge-proxy")["edge"] == true);
}

// specs/runtime.yaml (issue 20, no seed): what real compose applications say
// at run time, as the spec writes it and the context carries it.
TEST_CASE("issue 20: runtime") {
  Json ctx = context("runtime");
  const Json& wiki = mod(ctx, "wiki");
  std::vector<std::string> kinds;
  for (const auto& m : wiki["mounts"]) kinds.push_back(m["type"].get<std::string>());
  CHECK(kinds == std::vector<std::string>{"tmpfs", "volume", "anonymous", "config_dir", "secret"});
  CHECK(compact(wiki["talks_to"]) == R"(["es","db"])");
  CHECK(wiki["init"] == true);
  CHECK(compact(wiki["sysctls"]) ==
        R"([{"name":"net.ipv4.tcp_keepalive_time","value":"600","safe":true}])");
  const Json& es = mod(ctx, "es");
  CHECK(es["hostname"] == "es");
  CHECK(compact(es["aliases"]) == R"(["search"])");
  CHECK(es["read_only"] == false);
  CHECK(compact(es["ulimits"]) ==
        R"([{"name":"nofile","soft":65536,"hard":65536,"text":"nofile=65536:65536"},)"
        R"({"name":"memlock","soft":-1,"hard":-1,"text":"memlock=-1:-1"}])");
  const Json& db = mod(ctx, "db");
  CHECK(compact(db["addresses"]) == R"({"back_end":"172.28.0.10"})");
  const Json& thumbs = mod(ctx, "thumbs");
  CHECK(thumbs["platform"]["text"] == "linux/amd64");
  CHECK(thumbs["shm_size"]["bytes"] == 256 * 1024 * 1024);
  CHECK(thumbs["stdin_open"] == true);
  CHECK(thumbs["tty"] == true);
  // Two constructs Kubernetes cannot express: said, not dropped silently.
  std::vector<std::string> gaps;
  for (const auto& g : ctx["target_gaps"]) gaps.push_back(g["construct"].get<std::string>());
  CHECK(gaps == std::vector<std::string>{"ulimits", "addresses"});
}
