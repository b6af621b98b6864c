// Resolve on hand-built specs: defaults, profile overlays, ordering, derived
// values and the unknown-profile diagnostic.
#include "../resolved_context.h"

#include <catch2/catch.hpp>

#include "diagnostics/render.h"
#include "spec_builder.h"

using namespace gen;
using namespace gen::test;
using Kind = spec::EnvVar::Kind;
using Json = nlohmann::ordered_json;

namespace {

Json resolve_ok(const spec::Spec& s, const std::string& profile = "") {
  Diagnostics diags;
  Json ctx = resolved_context(s, profile, diags);
  INFO(render_diagnostics(diags, SourceFiles{}, RenderOptions{}));
  REQUIRE(diags.empty());
  return ctx;
}

const Json& module_named(const Json& ctx, const std::string& name) {
  for (const auto& m : ctx["modules"])
    if (m["name"] == name) return m;
  FAIL("no module " << name);
  static const Json none;
  return none;
}

std::vector<std::string> names(const Json& modules) {
  std::vector<std::string> out;
  for (const auto& m : modules) out.push_back(m["name"].get<std::string>());
  return out;
}

spec::Profile profile(const std::string& name) {
  spec::Profile p;
  p.name = ls(name);
  return p;
}

}  // namespace

TEST_CASE("built-in defaults fill what neither module nor defaults set") {
  spec::Module m = module("db");
  m.image = ls("postgres:15-alpine");
  Json ctx = resolve_ok(spec_with({m}));
  const Json& db = ctx["modules"][0];
  CHECK(db["kind"] == "service");
  CHECK(db["long_running"] == true);
  CHECK(db["user"].is_null());  // no user anywhere: check reports it, resolve does not invent one
  CHECK(db["restart"] == "unless-stopped");
  CHECK(
      db["stop"].dump() ==
      R"({"signal":"SIGTERM","grace":"30s","grace_seconds":30,"drain":null,"drain_seconds":null})");
  CHECK(db["workdir"].is_null());  // a plain image keeps its WORKDIR
  CHECK(db["image"]["name"] == "postgres");
  CHECK(db["image"]["tag"] == "15-alpine");
  CHECK(db["image"]["built"] == false);
  CHECK(db["health"].is_null());
  CHECK(db["resources"].is_null());
  CHECK(db["replicas"] == 1);
  CHECK(db["logs"] == "stdout");
  CHECK(db["env_file"].is_null());
  CHECK(ctx["profile"].is_null());
  CHECK(ctx["defaults"].dump() ==
        R"({"user":null,"restart":"unless-stopped","bind":"127.0.0.1",)"
        R"("health":{"interval":"30s","interval_seconds":30,"timeout":"5s","timeout_seconds":5,)"
        R"("start_period":"10s","start_period_seconds":10,"retries":3},)"
        R"("stop_signal":"SIGTERM","stop_grace":"30s","stop_grace_seconds":30,"workdir":"/app",)"
        R"("registry":null,"image_tag":"latest"})");
  CHECK(
      ctx["targets"].dump() ==
      R"({"compose":{"layout":"single","project_name":"t"},)"
      R"("k8s":{"namespace":"t","pull_secrets":[],"pull_policy":"IfNotPresent","storage_class":null,"expose":"none",)"
      R"("routes":{"api":"ingress","class":null,"gateway":null,"gateway_namespace":"t",)"
      R"("edge_namespace":"ingress-nginx"}},)"
      R"("systemd":{"flavor":"quadlet","engine":"podman"}})");
}

TEST_CASE("jobs and base modules do not inherit the services' restart policy") {
  spec::Module job = module("migrate");
  job.kind = ls("job");
  spec::Module base = module("base");
  base.kind = ls("base");
  spec::Spec s = spec_with({job, base});
  s.defaults.restart = ls("always");
  Json ctx = resolve_ok(s);
  CHECK(module_named(ctx, "migrate")["restart"] == "no");
  CHECK(module_named(ctx, "migrate")["long_running"] == false);
  CHECK(module_named(ctx, "base")["restart"] == "no");
}

TEST_CASE("the defaults block applies field by field under the module's settings") {
  spec::Module a = module("a");
  a.build = spec::Build{};
  a.build->stack = ls("python-uv");
  a.user = spec::User{};
  a.user->uid = li(1000);  // gid and groups come from defaults
  spec::Module b = module("b");
  b.image = ls("x:1");
  b.restart = ls("on-failure");
  b.stop_grace = dur("1m30s", 90000);
  spec::Spec s = spec_with({a, b});
  s.defaults.user = spec::User{};
  s.defaults.user->uid = li(1001);
  s.defaults.user->gid = li(1002);
  s.defaults.user->groups = {li(9999)};
  s.defaults.user->name = ls("app");
  s.defaults.restart = ls("always");
  s.defaults.stop_grace = dur("45s", 45000);
  s.defaults.workdir = ls("/srv");
  Json ctx = resolve_ok(s);
  CHECK(
      module_named(ctx, "a")["user"].dump() ==
      R"({"uid":1000,"gid":1002,"groups":[9999],"name":"app","group_name":null,"spec":"1000:1002"})");
  CHECK(module_named(ctx, "a")["restart"] == "always");
  CHECK(module_named(ctx, "a")["stop"]["grace_seconds"] == 45);
  CHECK(module_named(ctx, "a")["workdir"] == "/srv");
  CHECK(module_named(ctx, "b")["user"]["spec"] == "1001:1002");
  CHECK(module_named(ctx, "b")["restart"] == "on-failure");
  CHECK(module_named(ctx, "b")["stop"]["grace"] == "1m30s");
  CHECK(module_named(ctx, "b")["stop"]["grace_seconds"] == 90);
  CHECK(module_named(ctx, "b")["workdir"].is_null());
}

TEST_CASE("a gid defaults to the uid when nothing sets it") {
  spec::Module a = module("a");
  a.user = spec::User{};
  a.user->uid = li(10001);
  CHECK(resolve_ok(spec_with({a}))["modules"][0]["user"]["spec"] == "10001:10001");
}

TEST_CASE("modules come in dependency order, ties by spec order") {
  spec::Module web = module("web");
  web.depends_on = {dep("api", "healthy")};
  spec::Module api = module("api");
  api.depends_on = {dep("db", "healthy"), dep("cache", "started")};
  spec::Module docs = module("docs");
  spec::Module cache = module("cache");
  spec::Module db = module("db");
  Json ctx = resolve_ok(spec_with({web, api, docs, cache, db}));
  CHECK(names(ctx["modules"]) == std::vector<std::string>{"docs", "cache", "db", "api", "web"});
  const Json& a = module_named(ctx, "api");
  CHECK(a["depends_on"].dump() ==
        R"([{"module":"db","condition":"healthy","compose_condition":"service_healthy"},)"
        R"({"module":"cache","condition":"started","compose_condition":"service_started"}])");
  CHECK(a["dependents"].dump() == R"(["web"])");
  CHECK(a["after"].dump() == R"(["db","cache"])");
  CHECK(a["spec_index"] == 1);
  CHECK(module_named(ctx, "db")["dependents"].dump() == R"(["api"])");
}

TEST_CASE("a build base orders the image hierarchy and names the FROM image") {
  spec::Module apache = module("apache");
  apache.build = spec::Build{};
  apache.build->stack = ls("debian");
  apache.build->base = ls("base");
  spec::Module base = module("base");
  base.kind = ls("base");
  base.build = spec::Build{};
  base.build->stack = ls("debian");
  base.build->image = ls("base-debian");
  spec::Spec s = spec_with({apache, base});
  s.profiles = {profile("prod")};
  s.profiles[0].image_tag = ls("v1");
  Json ctx = resolve_ok(s, "prod");
  CHECK(names(ctx["modules"]) == std::vector<std::string>{"base", "apache"});
  const Json& b = module_named(ctx, "apache")["build"];
  CHECK(b["base_module"] == "base");
  CHECK(b["base_image"] == "base-debian:v1");
  CHECK(b["from"] == "base-debian:v1");
  CHECK(module_named(ctx, "base")["build"]["from"] == "debian:bookworm-slim");
}

TEST_CASE("cycles and unknown references never crash resolve") {
  spec::Module a = module("a");
  a.depends_on = {dep("b", "healthy"), dep("ghost", "started"), dep("a", "started")};
  spec::Module b = module("b");
  b.depends_on = {dep("a", "healthy")};
  spec::Module c = module("c");
  Json ctx = resolve_ok(spec_with({a, b, c}));
  CHECK(names(ctx["modules"]) == std::vector<std::string>{"c", "a", "b"});
}

TEST_CASE("profiles overlay env files, tags, registry, bind and per-module settings") {
  spec::Module api = module("api");
  api.build = spec::Build{};
  api.build->stack = ls("python-pip");
  api.build->image = ls("todo-api");
  api.ports = {port(8000, 8100), port(9000)};
  api.ports[0].name = ls("http");
  api.env = {env("LOG_LEVEL", Kind::Default, "INFO"), env("TOKEN", Kind::Secret),
             env("API_URL", Kind::Build, "http://localhost:8000")};
  api.env[0].description = ls("Logging level");
  api.env[0].example = ls("DEBUG");
  api.replicas = li(2);
  api.resources = spec::Resources{};
  api.resources->cpu.request = ls("250m");
  api.resources->cpu.limit = ls("1000m");
  spec::Module db = module("db");
  db.image = ls("postgres:15-alpine");
  db.image_tag = ls("ignored");  // a plain image keeps its own tag
  spec::Spec s = spec_with({api, db});
  s.defaults.registry = ls("registry.local");
  spec::Profile local = profile("local");
  local.env_file = ls("{module}/.env.local");
  local.image_tag = ls("dev");
  spec::Profile prod = profile("prod");
  prod.env_file = ls("./{module}/.env.server");
  prod.image_tag = ls("git-${GIT_SHA}");
  prod.registry = ls("ghcr.io/yourorg");
  prod.bind = ls("127.0.0.2");
  spec::ProfileModule pm;
  pm.module = ls("api");
  pm.replicas = li(3);
  pm.env = {env("LOG_LEVEL", Kind::Value, "WARNING"), env("EXTRA", Kind::Optional),
            env("API_URL", Kind::Build, "https://api.example.com")};
  pm.resources = spec::Resources{};
  pm.resources->cpu.limit = ls("2");
  pm.resources->memory.limit = ls("1Gi");
  prod.modules = {pm};
  s.profiles = {local, prod};

  SECTION("no profile") {
    Json ctx = resolve_ok(s);
    const Json& a = module_named(ctx, "api");
    CHECK(a["image"]["ref"] == "registry.local/todo-api:latest");
    CHECK(a["image"]["tags"].dump() == R"({"local":"dev","prod":"git-${GIT_SHA}"})");
    CHECK(
        a["image"]["refs"].dump() ==
        R"({"local":"registry.local/todo-api:dev","prod":"ghcr.io/yourorg/todo-api:git-${GIT_SHA}"})");
    CHECK(a["env_file"].is_null());
    CHECK(a["env_files"].dump() ==
          R"({"local":{"base":"output","path":"api/.env.local","single":"./api/.env.local",)"
          R"("per_module":"./.env.local"},)"
          R"("prod":{"base":"output","path":"api/.env.server","single":"./api/.env.server",)"
          R"("per_module":"./.env.server"}})");
    CHECK(
        a["ports"].dump() ==
        R"([{"name":"http","container":8000,"protocol":"tcp","published":true,"public":false,"host":8100,"bind":"127.0.0.1"},)"
        R"({"name":"tcp-9000","container":9000,"protocol":"tcp","published":false,"public":false,"host":null,"bind":null}])");
    CHECK(a["replicas"] == 2);
    CHECK(a["env"].size() == 2);
    CHECK(a["env"][0]["value"] == "INFO");
    CHECK(
        a["build"]["build_env"].dump() ==
        R"([{"name":"API_URL","value":"http://localhost:8000","required":false,"description":"","example":""}])");
    CHECK(a["resources"]["cpu"].dump() ==
          R"({"request":"250m","limit":"1000m","request_millicores":250,"request_cores":"0.25",)"
          R"("limit_millicores":1000,"limit_cores":"1"})");
    CHECK(a["resources"]["memory"].dump() ==
          R"({"request":null,"limit":null,"request_bytes":null,"limit_bytes":null})");
    const Json& d = module_named(ctx, "db");
    CHECK(d["image"]["ref"] == "postgres:15-alpine");
    CHECK(d["image"]["tags"].dump() == R"({"local":"15-alpine","prod":"15-alpine"})");
  }
  SECTION("prod") {
    Json ctx = resolve_ok(s, "prod");
    CHECK(ctx["profile"].dump() ==
          R"({"name":"prod","env_file":"./{module}/.env.server","image_tag":"git-${GIT_SHA}",)"
          R"("registry":"ghcr.io/yourorg","bind":"127.0.0.2","modules":["api"]})");
    CHECK(ctx["profiles"][0].dump() ==
          R"({"name":"local","env_file":"{module}/.env.local","image_tag":"dev",)"
          R"("registry":"registry.local","bind":"127.0.0.1","modules":[]})");
    const Json& a = module_named(ctx, "api");
    CHECK(a["image"]["ref"] == "ghcr.io/yourorg/todo-api:git-${GIT_SHA}");
    CHECK(a["image"]["tag"] == "git-${GIT_SHA}");
    CHECK(a["env_file"]["path"] == "api/.env.server");
    CHECK(a["ports"][0]["bind"] == "127.0.0.2");
    CHECK(a["replicas"] == 3);
    CHECK(
        a["env"].dump() ==
        R"([{"name":"LOG_LEVEL","kind":"value","value":"WARNING","required":false,)"
        R"("from_host":null,"host":"LOG_LEVEL","secret":null,)"
        R"("description":"Logging level","example":"DEBUG"},)"
        R"({"name":"TOKEN","kind":"secret","value":null,"required":true,"from_host":null,)"
        R"("host":"TOKEN","secret":{"name":"api","key":"TOKEN"},)"
        R"("description":"","example":""},)"
        R"({"name":"EXTRA","kind":"optional","value":null,"required":false,"from_host":null,)"
        R"("host":"EXTRA","secret":null,)"
        R"("description":"","example":""}])");
    CHECK(a["build"]["build_env"][0]["value"] == "https://api.example.com");
    CHECK(a["resources"]["cpu"]["request"] == "250m");
    CHECK(a["resources"]["cpu"]["limit_cores"] == "2");
    CHECK(a["resources"]["memory"]["limit_bytes"] == 1073741824);
  }
  SECTION("a module-level tag wins over the profile's") {
    s.modules[0].image_tag = ls("pinned");
    Json ctx = resolve_ok(s, "prod");
    CHECK(module_named(ctx, "api")["image"]["ref"] == "ghcr.io/yourorg/todo-api:pinned");
  }
}

TEST_CASE("secrets are references: default Secret name is the module, key the variable") {
  spec::Module a = module("a");
  a.env = {env("DATABASE_URL", Kind::Secret), env("JWT", Kind::Secret)};
  a.env[1].secret_name = ls("shared");
  a.env[1].secret_key = ls("jwt");
  a.env[0].description = ls("PostgreSQL URL");
  spec::Module b = module("b");
  b.env = {env("JWT", Kind::Secret), env("PLAIN", Kind::Value, "1")};
  b.env[0].secret_name = ls("shared");
  b.env[0].secret_key = ls("jwt");
  Json ctx = resolve_ok(spec_with({a, b}));
  CHECK(ctx["secrets"].dump() ==
        R"([{"module":"a","env":"DATABASE_URL","name":"a","key":"DATABASE_URL"},)"
        R"({"module":"a","env":"JWT","name":"shared","key":"jwt"},)"
        R"({"module":"b","env":"JWT","name":"shared","key":"jwt"}])");
  CHECK(ctx["secret_objects"].dump() == R"([{"name":"a","keys":["DATABASE_URL"],"modules":["a"]},)"
                                        R"({"name":"shared","keys":["jwt"],"modules":["a","b"]}])");
  CHECK(module_named(ctx, "a")["env"][0]["description"] == "PostgreSQL URL");
}

TEST_CASE("health: check shorthand, container probe, default port and timings") {
  spec::Module a = module("a");
  a.ports = {port(5000, 8100), port(6000)};
  a.health = spec::Health{};
  a.health->check = http("/healthz");
  a.health->readiness = http("/readyz");
  a.health->smoke = {ls("/openapi.json"), ls("/healthz")};
  a.health->timings.timeout = dur("500ms", 500);
  spec::Module b = module("b");
  b.health = spec::Health{};
  spec::Probe cmd;
  cmd.kind = spec::Probe::Kind::Command;
  cmd.command = {ls("pg_isready"), ls("-U"), ls("todo")};
  b.health->readiness = cmd;
  spec::Module c = module("c");
  c.health = spec::Health{};
  spec::Probe tcp;
  tcp.kind = spec::Probe::Kind::Tcp;
  tcp.port = li(5432);
  c.health->startup = tcp;
  spec::Spec s = spec_with({a, b, c});
  s.defaults.health.interval = dur("1m", 60000);
  s.defaults.health.retries = li(5);
  Json ctx = resolve_ok(s);
  const Json& ha = module_named(ctx, "a")["health"];
  CHECK(
      ha["liveness"].dump() ==
      R"({"type":"http","path":"/healthz","port":5000,"command":null,"url":"http://127.0.0.1:5000/healthz"})");
  CHECK(ha["readiness"]["path"] == "/readyz");
  CHECK(ha["startup"]["path"] == "/healthz");
  CHECK(ha["container"] == ha["liveness"]);
  CHECK(ha["http_paths"].dump() == R"(["/healthz","/readyz","/openapi.json"])");
  CHECK(ha["interval"] == "1m");
  CHECK(ha["interval_seconds"] == 60);
  CHECK(ha["timeout"] == "500ms");
  CHECK(ha["timeout_seconds"] == 1);  // rounded up, never 0
  CHECK(ha["start_period_seconds"] == 10);
  CHECK(ha["retries"] == 5);
  const Json& hb = module_named(ctx, "b")["health"];
  CHECK(hb["liveness"].is_null());
  CHECK(
      hb["container"].dump() ==
      R"({"type":"command","path":null,"port":null,"command":["pg_isready","-U","todo"],"url":null})");
  const Json& hc = module_named(ctx, "c")["health"];
  CHECK(hc["container"].dump() ==
        R"({"type":"tcp","path":null,"port":5432,"command":null,"url":null})");
}

TEST_CASE("mounts: read-only rules, host paths, unique names, state") {
  using MK = spec::Mount::Kind;
  spec::Module api = module("api");
  api.mounts = {mount(MK::Tmpfs, "/tmp", "/tmp"),
                mount(MK::Own, "data", "/app/data"),
                mount(MK::Own, "conf", "/app/conf"),
                mount(MK::From, "waha", "/app/provider-sessions"),
                mount(MK::Volume, "certs", "/data/certificates"),
                mount(MK::Config, "./conf/app.conf", "/etc/app.conf"),
                mount(MK::Tmpfs, "/tmp/", "/tmp/")};
  api.mounts[0].size = ls("64Mi");
  api.mounts[2].read_only = lb(false);  // conf is read-only whatever the spec says
  api.mounts[3].path = ls("sessions");
  api.mounts[4].read_only = lb(true);
  api.state = spec::State{};
  api.state->target = ls("/var/lib/api");
  spec::Module certbot = module("certbot");
  certbot.mounts = {mount(MK::Volume, "certs", "/data/certificates")};
  spec::Spec s = spec_with({api, certbot});
  spec::Volume certs;
  certs.key = ls("certs");
  s.volumes = {certs};
  Json ctx = resolve_ok(s);
  const Json& m = module_named(ctx, "api")["mounts"];
  REQUIRE(m.size() == 8);
  CHECK(m[0].dump() ==
        R"({"name":"tmpfs-tmp","type":"tmpfs","target":"/tmp","read_only":false,"host":null,)"
        R"("module":null,"path":null,"volume":null,"secret":null,"size":"64Mi"})");
  CHECK(m[1].dump() ==
        R"({"name":"own-data","type":"own","target":"/app/data","read_only":false,)"
        R"("host":{"base":"output","path":"api/data","single":"./api/data","per_module":"./data"},)"
        R"("module":"api","path":"data","volume":null,"secret":null,"size":null})");
  CHECK(m[2]["read_only"] == true);
  CHECK(
      m[3].dump() ==
      R"({"name":"from-waha-sessions","type":"from","target":"/app/provider-sessions","read_only":true,)"
      R"("host":{"base":"output","path":"waha/sessions","single":"./waha/sessions",)"
      R"("per_module":"../waha/sessions"},)"
      R"("module":"waha","path":"sessions","volume":null,"secret":null,"size":null})");
  CHECK(m[4]["volume"] == "certs");
  CHECK(m[4]["read_only"] == true);
  CHECK(m[5]["name"] == "config-conf-app-conf");
  CHECK(m[5]["read_only"] == true);
  CHECK(m[5]["host"].dump() ==
        R"({"base":"spec","path":"conf/app.conf","single":null,"per_module":null})");
  CHECK(m[6]["name"] == "tmpfs-tmp-2");
  CHECK(m[7].dump() ==
        R"({"name":"state","type":"state","target":"/var/lib/api","read_only":false,"host":null,)"
        R"("module":null,"path":null,"volume":"api-state","secret":null,"size":"1Gi"})");
  CHECK(module_named(ctx, "api")["state"].dump() ==
        R"({"target":"/var/lib/api","size":"1Gi","volume":"api-state","name":"t_api-state"})");
  CHECK(module_named(ctx, "api")["own_dirs"].dump() == R"(["data","conf"])");
  CHECK(ctx["volumes"].dump() ==
        R"([{"key":"certs","name":"t_certs","external":false,"claim":"certs","size":"1Gi","variables":[],"users":[)"
        R"({"module":"api","target":"/data/certificates","read_only":true},)"
        R"({"module":"certbot","target":"/data/certificates","read_only":false}]}])");
}

TEST_CASE("networks list their members and the variables in their names") {
  spec::Module a = module("a");
  a.networks = {ls("internal")};
  spec::Module b = module("b");
  spec::Module c = module("c");
  c.networks = {ls("internal"), ls("edge")};
  spec::Spec s = spec_with({a, b, c});
  spec::Network internal;
  internal.key = ls("internal");
  internal.name = ls("${PROJECT_INTERNAL_NETWORK}");
  internal.external = lb(true);
  spec::Network edge;
  edge.key = ls("edge");
  s.networks = {internal, edge};
  Json ctx = resolve_ok(s);
  CHECK(
      ctx["networks"].dump() ==
      R"([{"key":"internal","name":"${PROJECT_INTERNAL_NETWORK}","external":true,"internal":false,)"
      R"("subnet":null,"gateway":null,"variables":["PROJECT_INTERNAL_NETWORK"],"members":["a","c"]},)"
      R"({"key":"edge","name":"t_edge","external":false,"internal":true,"subnet":null,)"
      R"("gateway":null,"variables":[],"members":["c"]}])");
  CHECK(module_named(ctx, "c")["networks"].dump() == R"(["internal","edge"])");
}

TEST_CASE("an unknown profile is an error with the profiles and a suggestion") {
  spec::Spec s = spec_with({module("a")});
  s.profiles = {profile("local"), profile("prod")};
  Diagnostics diags;
  Json ctx = resolved_context(s, "prd", diags);
  CHECK(ctx.is_null());
  CHECK(render_diagnostics(diags, SourceFiles{}, RenderOptions{}) ==
        "specs/t.yaml: error[unknown-profile]: unknown profile 'prd'\n"
        "  = note: profiles in this spec: local, prod\n"
        "  = help: did you mean 'prod'?\n");
}

TEST_CASE("an unknown profile in a spec without profiles says so") {
  spec::Spec s = spec_with({module("a")});
  Diagnostics diags;
  CHECK(resolved_context(s, "local", diags).is_null());
  CHECK(render_diagnostics(diags, SourceFiles{}, RenderOptions{}) ==
        "specs/t.yaml: error[unknown-profile]: unknown profile 'local'\n"
        "  = note: this spec defines no profiles\n");
}

TEST_CASE("the same spec resolves to byte-identical output") {
  spec::Module a = module("a");
  a.env = {env("Z", Kind::Value, "1"), env("A", Kind::Value, "2")};
  spec::Spec s = spec_with({a, module("b")});
  CHECK(resolve_ok(s).dump(2) == resolve_ok(s).dump(2));
  // Keys keep insertion order, not alphabetical order.
  CHECK(module_named(resolve_ok(s), "a")["env"][0]["name"] == "Z");
}
