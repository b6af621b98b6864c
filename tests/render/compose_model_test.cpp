#include "render/compose_model.h"

#include <catch2/catch.hpp>

#include "compose_spec_project.h"
#include "render/targets.h"

using namespace gen;
using Json = nlohmann::ordered_json;

namespace {

const char* kSpec = R"(version: 1
project: shop
defaults:
  user: {uid: 1001, gid: 1001}
  bind: 127.0.0.1
networks:
  internal: {name: "${SHOP_NET}", external: true}
volumes:
  certs: {}
modules:
  base:
    kind: base
    build: {stack: debian, image: shop-base, context: ./base}
  api:
    build: {stack: python-pip, context: ./api, args: {MODE: "a$b"}}
    ports: [{container: 5000, host: 8100}]
    health: {check: {http: /healthz}}
    env:
      TOKEN: {secret: true}
      NOTE: "x"
    mounts:
      - {tmpfs: /tmp, size: 64Mi}
      - {own: conf, target: /app/conf}
      - {from: web, path: sessions, target: /app/web-sessions}
      - {config: ./conf/app.ini, target: "/etc/app 1.ini"}
      - {volume: certs, target: /certs, read_only: true}
    networks: [internal]
    depends_on: {web: healthy}
  web:
    image: nginx:1.27
    ports: [{container: 8080, host: 8080}]
    health: {check: {tcp: 8080}}
    mounts:
      - {own: sessions, target: /srv/sessions}
    networks: [internal]
profiles:
  prod: {registry: ghcr.io/acme, image_tag: "${GIT_SHA}", env_file: "{module}/.env.prod"}
)";

const Json& service(const Json& model, const std::string& name) {
  for (const auto& s : model["services"])
    if (s["name"] == name) return s;
  throw std::runtime_error("no service " + name);
}

}  // namespace

TEST_CASE("require_variables makes every bare ${VAR} mandatory") {
  CHECK(render::require_variables("${PROJECT_INTERNAL_NETWORK}") ==
        "${PROJECT_INTERNAL_NETWORK:?set outside repo}");
  CHECK(render::require_variables("ghcr.io/x/app:git-${GIT_SHA}") ==
        "ghcr.io/x/app:git-${GIT_SHA:?set outside repo}");
  CHECK(render::require_variables("a${B:-c}d$E${F}") == "a${B:-c}d$E${F:?set outside repo}");
  CHECK(render::require_variables("plain") == "plain");
  CHECK(render::require_variables("${}") == "${}");
}

TEST_CASE("single layout: every module but base images, paths from the root") {
  auto spec = test::spec_project(kSpec);
  Json model = render::compose_single_model(spec.project, spec.context);
  CHECK(model["project_name"] == "shop");
  std::vector<std::string> names;
  for (const auto& s : model["services"]) names.push_back(s["name"].get<std::string>());
  CHECK(names == std::vector<std::string>{"web", "api"});  // dependency order, no base

  const Json& api = service(model, "api");
  CHECK(api["image"] == "shop_api:latest");  // scoped to the project (issue 22)
  CHECK(api["pull_policy"] == "build");  // no registry: never pulled
  CHECK(api["build"]["context"] == "../../specs/api");
  // Relative to the build context (specs/api) back to the Dockerfile.
  CHECK(api["build"]["dockerfile"] == "../../output-examples/test/api/Dockerfile");
  CHECK(api["build"]["args"][0] == Json{{"name", "MODE"}, {"value", "a$b"}, {"reference", false}});
  CHECK(api["tmpfs"] == Json{"/tmp:size=67108864"});
  Json shorts = Json::array();
  for (const auto& v : api["volumes"]) shorts.push_back(v["short"]);
  CHECK(shorts == Json{"./api/conf:/app/conf:ro", "./web/sessions:/app/web-sessions:ro", nullptr,
                       "certs:/certs:ro"});
  // A target with a space cannot be written in the short form (the spec refuses a colon).
  const Json& cfg = api["volumes"][2];
  CHECK(cfg["type"] == "bind");
  CHECK(cfg["source"] == "../../specs/conf/app.ini");
  CHECK(cfg["target"] == "/etc/app 1.ini");
  CHECK(cfg["read_only"] == true);
  CHECK(api["ports"] == Json{"127.0.0.1:8100:5000"});
  CHECK(api["depends_on"].size() == 1);
  CHECK(api["depends_elsewhere"].empty());

  // The spec's external network, then gen's routed one: api publishes a port.
  CHECK(model["networks"] == Json::array({{{"key", "internal"},
                                           {"name", "${SHOP_NET:?set outside repo}"},
                                           {"external", true},
                                           {"internal", false},
                                           {"subnet", nullptr},
                                           {"gateway", nullptr}},
                                          {{"key", "egress"},
                                           {"name", "shop_egress"},
                                           {"external", false},
                                           {"internal", false},
                                           {"subnet", nullptr},
                                           {"gateway", nullptr}}}));
  CHECK(model["volumes"] ==
        Json::array({{{"key", "certs"}, {"name", "shop_certs"}, {"external", false}}}));
  CHECK(model["variables"] == Json{"SHOP_NET", "TOKEN"});
}

TEST_CASE("plain images take the spec's entrypoint; built ones keep gen's") {
  auto spec = test::spec_project(kSpec);
  Json model = render::compose_single_model(spec.project, spec.context);
  const Json& web = service(model, "web");
  CHECK(web["build"].is_null());
  CHECK(web["pull_policy"].is_null());
  CHECK(web["image"] == "nginx:1.27");
  // A plain image's tools are unknown: the check tries nc, then bash.
  CHECK(web["probe"][0] == "sh");
  CHECK(web["probe"].back() == "8080");
}

TEST_CASE("the prod profile pulls from the registry and reads the env file") {
  auto spec = test::spec_project(kSpec, "prod");
  Json model = render::compose_single_model(spec.project, spec.context);
  const Json& api = service(model, "api");
  CHECK(api["image"] == "ghcr.io/acme/shop_api:${GIT_SHA:?set outside repo}");
  CHECK(api["pull_policy"] == "missing");
  CHECK(api["env_file"] == "./api/.env.prod");
  // With an env file, required variables come from it, not from the shell.
  CHECK(model["variables"] == Json{"GIT_SHA", "SHOP_NET"});
}

TEST_CASE("per-module layout: one file per module, paths from its directory") {
  auto spec = test::spec_project(kSpec, "prod");
  Json model = render::compose_module_model(spec.project, spec.context,
                                            test::module_index(spec.project, "api"));
  CHECK(model["project_name"] == "shop-api");
  CHECK(model["dir"] == "api");
  const Json& api = service(model, "api");
  CHECK(api["build"]["context"] == "../../../specs/api");
  CHECK(api["volumes"][0]["short"] == "./conf:/app/conf:ro");
  CHECK(api["volumes"][1]["short"] == "../web/sessions:/app/web-sessions:ro");
  CHECK(api["env_file"] == "./.env.prod");
  // compose cannot wait for a service of another file: it is only noted.
  CHECK(api["depends_on"].empty());
  CHECK(api["depends_elsewhere"][0]["module"] == "web");
}

TEST_CASE("plan_compose follows the layout and skips base modules") {
  std::string per_module = std::string(kSpec) + "targets:\n  compose: {layout: per-module}\n";
  auto spec = test::spec_project(per_module);
  render::Plan plan = render::plan_compose(spec.project, spec.context);
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].path == "web/compose.yaml");
  CHECK(plan[0].template_name == "compose/module-compose.yaml.j2");
  CHECK(plan[1].path == "api/compose.yaml");

  auto single = test::spec_project(kSpec);
  render::Plan one = render::plan_compose(single.project, single.context);
  REQUIRE(one.size() == 1);
  CHECK(one[0].path == "compose.yaml");
  CHECK(one[0].template_name == "compose/compose.yaml.j2");
}

TEST_CASE("the health check is one CMD-SHELL string, $ doubled against interpolation") {
  auto spec = test::spec_project(kSpec);
  Json model = render::compose_single_model(spec.project, spec.context);
  const Json& web = service(model, "web");
  std::string test = web["healthcheck_test"].get<std::string>();
  CHECK(test.size() > 100);  // folded by the template (tests/render/long_values_test.cpp)
  CHECK(test.find("\"$$0\"") != std::string::npos);
  CHECK(test.find("\"$0\"") == std::string::npos);
}
