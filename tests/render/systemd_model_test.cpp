// The systemd and docs models: names and derived values the templates use.
#include <catch2/catch.hpp>

#include "diagnostics/render.h"
#include "load/load_spec.h"
#include "render/docs_model.h"
#include "render/systemd_model.h"
#include "resolve/resolve.h"

using namespace gen::render;

TEST_CASE("podman gets fully qualified image references, docker the spec's") {
  CHECK(engine_image_ref("postgres:15-alpine", false, "podman") ==
        "docker.io/library/postgres:15-alpine");
  CHECK(engine_image_ref("devlikeapro/waha:2024.12.1", false, "podman") ==
        "docker.io/devlikeapro/waha:2024.12.1");
  CHECK(engine_image_ref("todo-backend:dev", true, "podman") == "localhost/todo-backend:dev");
  CHECK(engine_image_ref("ghcr.io/yourorg/api:git-${GIT_SHA}", true, "podman") ==
        "ghcr.io/yourorg/api:git-${GIT_SHA}");
  CHECK(engine_image_ref("registry:5000/x:1", false, "podman") == "registry:5000/x:1");
  CHECK(engine_image_ref("localhost/x:1", false, "podman") == "localhost/x:1");
  CHECK(engine_image_ref("postgres:15-alpine", false, "docker") == "postgres:15-alpine");
  // systemd expands only ${VAR} inside a word.
  CHECK(engine_image_ref("api:$TAG", true, "docker") == "api:${TAG}");
}

TEST_CASE("variables are found and braced once each, in order") {
  CHECK(variables_in("a-${X}-$Y-${X}-$$-$1") == std::vector<std::string>{"X", "Y"});
  CHECK(brace_variables("$A/${B}:$") == "${A}/${B}:$");
  CHECK(brace_variables("no vars") == "no vars");
}

TEST_CASE("a network name is one shell word in which only its variables expand") {
  CHECK(shell_expand_word("${PROJECT_INTERNAL_NETWORK}") == "\"${PROJECT_INTERNAL_NETWORK}\"");
  CHECK(shell_expand_word("net-$X") == "\"net-${X}\"");
  CHECK(shell_expand_word("a\"b`c\\d$(rm -rf /)") == "\"a\\\"b\\`c\\\\d\\$(rm -rf /)\"");
  CHECK(mermaid_id("m", "todo-backend.v2") == "m_todo_backend_v2");
}

TEST_CASE("the model: default network, volume owners, healthy waits, env routes") {
  // db reads the certs volume, web (a job) writes it and waits for db healthy.
  const char* spec = R"(version: 1
project: p
targets:
  systemd: {flavor: service, engine: docker}
volumes:
  certs: {}
modules:
  db:
    image: postgres:15
    user: {uid: 70, gid: 70}
    restart: unless-stopped
    stop_grace: 20s
    mounts:
      - {volume: certs, target: /c, read_only: true}
  web:
    kind: job
    image: web:1
    user: {uid: 1000, gid: 1001}
    restart: "no"
    mounts:
      - {own: conf, target: /app/conf, read_only: true}
      - {volume: certs, target: /certs}
    depends_on: {db: healthy}
    env:
      A: "1"
      B: {secret: true}
      C: {optional: true}
    resources:
      cpu: {limit: 1500m}
)";
  gen::Diagnostics diags;
  gen::SourceFiles sources;
  auto loaded = gen::load::load_spec_from_string("p.yaml", spec, diags, sources);
  REQUIRE(loaded);
  auto project = gen::resolve::resolve(*loaded, "", diags, 1);
  INFO(gen::render_diagnostics(diags, sources, gen::RenderOptions{}));
  REQUIRE(project);
  REQUIRE(!diags.has_errors());
  project->paths = gen::model::Paths{".", "."};
  auto model = systemd_model(*project);
  CHECK(model["engine"] == "docker");
  REQUIRE(model["networks"].size() == 1);
  CHECK(model["networks"][0]["name"] == "p_default");
  CHECK(model["networks"][0]["service"] == "p-default-network.service");
  CHECK(model["volumes"][0]["uid"] == 1000);  // the one writer owns the volume
  const auto& db = model["modules"]["db"];
  CHECK(db["wait_healthy"] == true);
  CHECK(db["restart"] == "always");
  CHECK(db["timeout_stop_sec"] == 50);
  CHECK(db["resource_units"] == nlohmann::ordered_json::array({"p-default-network.service", "certs-volume.service"}));
  const auto& web = model["modules"]["web"];
  CHECK(web["depends"] == nlohmann::ordered_json::array({"db.service"}));
  CHECK(web["timeout_start_sec"] == "infinity");
  CHECK(web["mounts"][0]["source"] == "../web/conf");
  CHECK(web["env"][0]["from"] == "value");
  CHECK(web["env"][1]["from"] == "unit");  // docker has no secret store
  CHECK(web["env"][2]["from"] == "pass");
  CHECK(web["required_env"] == nlohmann::ordered_json::array({"B"}));
  CHECK(web["cpu_quota"] == "150%");
}
