// The systemd and docs models: names and derived values the templates use.
#include <catch2/catch.hpp>

#include "render/docs_model.h"
#include "render/systemd_model.h"

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
  nlohmann::ordered_json ctx = nlohmann::ordered_json::parse(R"({
    "project": {"name": "p"},
    "targets": {"systemd": {"flavor": "service", "engine": "docker"}},
    "networks": [], "paths": {"spec_dir": "."},
    "volumes": [{"key": "certs", "name": "certs", "external": false,
                 "users": [{"module": "db", "target": "/c", "read_only": true},
                           {"module": "web", "target": "/c", "read_only": false}]}],
    "modules": [
      {"name": "db", "kind": "service", "image": {"ref": "postgres:15", "built": false},
       "user": {"uid": 70, "gid": 70, "groups": []}, "networks": [], "network_mode": null,
       "mounts": [{"type": "volume", "volume": "certs", "target": "/c", "read_only": true, "host": null, "size": null}],
       "state": null, "depends_on": [], "env": [], "env_file": null, "health": null,
       "restart": "unless-stopped", "stop": {"grace_seconds": 20}, "resources": null},
      {"name": "web", "kind": "job", "image": {"ref": "web:1", "built": true},
       "user": {"uid": 1000, "gid": 1001, "groups": []}, "networks": [], "network_mode": null,
       "mounts": [{"type": "own", "target": "/app/conf", "read_only": true, "size": null,
                   "host": {"base": "output", "path": "web/conf"}}],
       "state": null, "depends_on": [{"module": "db", "condition": "healthy"}],
       "env": [{"name": "A", "kind": "value", "value": "1", "secret": null},
               {"name": "B", "kind": "secret", "value": null, "secret": {"name": "web", "key": "B"}},
               {"name": "C", "kind": "optional", "value": null, "secret": null}],
       "env_file": null, "health": null, "restart": "no", "stop": {"grace_seconds": 30},
       "resources": {"cpu": {"limit_millicores": 1500, "limit_cores": "1.5"},
                     "memory": {"limit_bytes": 1024}}}]})");
  auto model = systemd_model(ctx);
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
