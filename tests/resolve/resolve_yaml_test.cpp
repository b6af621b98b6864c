// Resolve on specs loaded from YAML text: the loader's shorthands reach the
// context as documented in docs/context.md.
#include <catch2/catch.hpp>

#include "diagnostics/render.h"
#include "load/load_spec.h"
#include "../resolved_context.h"

using namespace gen;
using Json = nlohmann::ordered_json;

namespace {

Json resolve_yaml(const std::string& yaml, const std::string& profile = "") {
  Diagnostics diags;
  SourceFiles sources;
  std::optional<spec::Spec> s = load::load_spec_from_string("t.yaml", yaml, diags, sources);
  INFO(render_diagnostics(diags, sources, RenderOptions{}));
  REQUIRE(s.has_value());
  REQUIRE_FALSE(diags.has_errors());
  Diagnostics rd;
  Json ctx = resolved_context(*s, profile, rd);
  INFO(render_diagnostics(rd, sources, RenderOptions{}));
  REQUIRE(rd.empty());
  return ctx;
}

}  // namespace

TEST_CASE("yaml: health shorthand fills every probe, with its port") {
  Json ctx = resolve_yaml(R"(version: 1
project: p
modules:
  web:
    image: nginx:1.27
    ports: [{container: 8080}, {container: 9000}]
    health: {http: /ping, port: 9000, timeout: 2s}
)");
  const Json& h = ctx["modules"][0]["health"];
  for (const char* k : {"liveness", "readiness", "startup", "container"})
    CHECK(
        h[k].dump() ==
        R"({"type":"http","path":"/ping","port":9000,"command":null,"url":"http://127.0.0.1:9000/ping"})");
  CHECK(h["timeout"] == "2s");
  CHECK(h["timeout_seconds"] == 2);
  CHECK(h["interval"] == "30s");
}

TEST_CASE("yaml: resources as lists, secrets with explicit references, env kinds") {
  Json ctx = resolve_yaml(R"(version: 1
project: p
modules:
  api:
    image: x:1
    env:
      PLAIN: 8000
      LEVEL: {default: INFO, description: Log level, example: DEBUG}
      URL: {secret: {name: shared, key: url}}
      TOKEN: {secret: true}
    resources: {cpu: [0.5, 2], memory: [128Mi, 1.5Gi]}
)");
  const Json& a = ctx["modules"][0];
  CHECK(a["env"][0]["value"] == "8000");
  CHECK(a["env"][0]["kind"] == "value");
  CHECK(a["env"][1]["description"] == "Log level");
  CHECK(a["env"][1]["example"] == "DEBUG");
  CHECK(a["env"][2]["secret"].dump() == R"({"name":"shared","key":"url"})");
  CHECK(a["env"][3]["secret"].dump() == R"({"name":"api","key":"TOKEN"})");
  CHECK(
      a["resources"].dump() ==
      R"({"cpu":{"request":"0.5","limit":"2","request_millicores":500,"request_cores":"0.5",)"
      R"("limit_millicores":2000,"limit_cores":"2"},)"
      R"("memory":{"request":"128Mi","limit":"1.5Gi","request_bytes":134217728,"limit_bytes":1610612736}})");
}

TEST_CASE("yaml: profile overlays and per-profile image tags") {
  const char* yaml = R"(version: 1
project: p
defaults: {image_tag: dev}
modules:
  api:
    build: {stack: python-uv, context: ./services/api}
    ports: [{container: 8000, host: 8000}]
    replicas: 2
    env:
      LOG_LEVEL: {default: INFO, description: verbosity}
profiles:
  local: {env_file: "{module}/.env.local"}
  prod:
    env_file: "{module}/.env.server"
    image_tag: "git-${GIT_SHA}"
    registry: ghcr.io/org
    modules:
      api: {replicas: 4, env: {LOG_LEVEL: WARNING}, resources: {memory: [1Gi, 2Gi]}}
)";
  Json none = resolve_yaml(yaml);
  const Json& a = none["modules"][0];
  CHECK(a["image"]["ref"] == "p_api:dev");  // scoped to the project (issue 22, case 13)
  CHECK(a["image"]["refs"].dump() ==
        R"({"local":"p_api:dev","prod":"ghcr.io/org/p_api:git-${GIT_SHA}"})");
  CHECK(a["build"]["context"].dump() ==
        R"({"base":"spec","path":"services/api","single":null,"per_module":null})");
  CHECK(a["replicas"] == 2);
  CHECK(a["resources"].is_null());
  Json prod = resolve_yaml(yaml, "prod");
  const Json& p = prod["modules"][0];
  CHECK(p["image"]["ref"] == "ghcr.io/org/p_api:git-${GIT_SHA}");
  CHECK(p["replicas"] == 4);
  CHECK(p["env"][0].dump() ==
        R"({"name":"LOG_LEVEL","kind":"value","value":"WARNING","required":false,)"
        R"("from_host":null,"host":"LOG_LEVEL","secret":null,)"
        R"("description":"verbosity","example":""})");
  CHECK(p["resources"]["memory"]["limit_bytes"] == 2147483648);
  CHECK(p["resources"]["cpu"]["request"].is_null());
  CHECK(p["env_file"]["path"] == "api/.env.server");
}

TEST_CASE("yaml: an unknown profile names the spec file and suggests the closest") {
  Diagnostics diags;
  SourceFiles sources;
  auto s = load::load_spec_from_string("specs/p.yaml", R"(version: 1
project: p
modules:
  a: {image: x:1}
profiles:
  local: {}
  production: {}
)",
                                       diags, sources);
  REQUIRE(s.has_value());
  CHECK(resolved_context(*s, "prod", diags).is_null());
  CHECK(render_diagnostics(diags, sources, RenderOptions{}) ==
        "specs/p.yaml: error[unknown-profile]: unknown profile 'prod'\n"
        "  = note: profiles in this spec: local, production\n");
}

TEST_CASE("yaml: build manifests: the stack's when absent, none when []") {
  Json ctx = resolve_yaml(R"(version: 1
project: p
modules:
  app:
    build: {stack: python-pip}
  stdlib:
    build: {stack: python-pip, manifests: []}
  listed:
    build: {stack: python-pip, manifests: [requirements.txt, constraints.txt]}
)");
  CHECK(ctx["modules"][0]["build"]["manifests"] == Json::array({"requirements.txt"}));
  CHECK(ctx["modules"][1]["build"]["manifests"] == Json::array());
  CHECK(ctx["modules"][2]["build"]["manifests"] ==
        Json::array({"requirements.txt", "constraints.txt"}));
}

TEST_CASE("yaml: modules resolved on several threads give the same context, in order") {
  // 300 modules, each depending on the one before every third: the order is
  // the dependency order, whichever thread resolved which module.
  std::string yaml = "version: 1\nproject: p\nmodules:\n";
  for (int i = 299; i >= 0; --i) {
    std::string name = "m" + std::to_string(i);
    yaml += "  " + name + ":\n    image: nginx:1.27\n    env: {N: \"" + std::to_string(i) + "\"}\n";
    if (i % 3 != 0) yaml += "    depends_on: {m" + std::to_string(i - 1) + ": started}\n";
  }
  Diagnostics diags;
  SourceFiles sources;
  std::optional<spec::Spec> s = load::load_spec_from_string("t.yaml", yaml, diags, sources);
  INFO(render_diagnostics(diags, sources, RenderOptions{}));
  REQUIRE(s.has_value());
  Diagnostics rd;
  Json one = resolved_context(*s, "", rd, 1);
  REQUIRE(one["modules"].size() == 300);
  // m1 needs m0 first (and m2 needs m1), though the spec lists m2 first.
  std::vector<std::string> names;
  for (const auto& m : one["modules"]) names.push_back(m["name"]);
  auto at = [&](const std::string& n) {
    return std::find(names.begin(), names.end(), n) - names.begin();
  };
  CHECK(at("m0") < at("m1"));
  CHECK(at("m1") < at("m2"));
  CHECK(resolved_context(*s, "", rd, 2) == one);
  CHECK(resolved_context(*s, "", rd, 8) == one);
  CHECK(rd.empty());
}

TEST_CASE("yaml: setup steps become job modules just before their owner, chained") {
  Json ctx = resolve_yaml(R"(version: 1
project: p
defaults: {user: {uid: 1000}}
modules:
  db:
    image: postgres:16
    health: {command: [pg_isready]}
  api:
    image: api:1
    command: [serve]
    ports: [{container: 8000}]
    health: {http: /healthz}
    mounts: [{own: data, target: /data}]
    env: {DB_URL: {secret: true}}
    depends_on: {db: healthy}
    setup:
      - {name: migrate, command: [migrate, up]}
      - {name: fetch, command: [wget, x], image: "busybox:1.36"}
)");
  const Json& ms = ctx["modules"];
  REQUIRE(ms.size() == 4);
  CHECK(ms[0]["name"] == "db");
  CHECK(ms[1]["name"] == "api-migrate");
  CHECK(ms[2]["name"] == "api-fetch");
  CHECK(ms[3]["name"] == "api");
  const Json& migrate = ms[1];
  CHECK(migrate["kind"] == "job");
  CHECK(migrate["setup_of"] == "api");
  CHECK(migrate["setup_step"] == "migrate");
  CHECK(migrate["image"]["ref"] == "api:1");  // the owner's image
  CHECK(migrate["command"].dump() == R"(["migrate","up"])");
  CHECK(migrate["ports"].empty());
  CHECK(migrate["health"].is_null());
  CHECK(migrate["restart"] == "no");
  CHECK(migrate["user"]["uid"] == 1000);
  CHECK(migrate["mounts"].size() == ms[3]["mounts"].size());
  CHECK(migrate["mounts"][0]["host"]["path"] == ms[3]["mounts"][0]["host"]["path"]);
  CHECK(migrate["env"].dump() == ms[3]["env"].dump());
  CHECK(migrate["depends_on"].dump() ==
        R"([{"module":"db","condition":"healthy","compose_condition":"service_healthy"}])");
  CHECK(migrate["dependents"].dump() == R"(["api-fetch"])");
  const Json& fetch = ms[2];
  CHECK(fetch["image"]["ref"] == "busybox:1.36");
  CHECK(fetch["image"]["built"] == false);
  CHECK(fetch["depends_on"][0]["module"] == "api-migrate");
  CHECK(fetch["depends_on"][0]["condition"] == "completed");
  CHECK(fetch["dependents"].dump() == R"(["api"])");
  const Json& api = ms[3];
  CHECK(api["setup"].dump() == R"(["api-migrate","api-fetch"])");
  CHECK(api["setup_of"].is_null());
  CHECK(api["depends_on"].dump() ==
        R"([{"module":"db","condition":"healthy","compose_condition":"service_healthy"},)"
        R"({"module":"api-fetch","condition":"completed","compose_condition":"service_completed_successfully"}])");
  CHECK(api["after"].dump() == R"(["db","api-migrate","api-fetch"])");
}
