#include <catch2/catch.hpp>

#include "load_helpers.h"

using gen::spec::EnvVar;
using gen::spec::Mount;
using gen::spec::Probe;
using gen::test::load;

namespace {

const char* kSpec = R"(version: 1
project: demo
defaults:
  user: {uid: 1001, gid: 1001}
  stop_grace: 1m30s
  health: {interval: 10s, retries: 5}
networks:
  internal: {name: "${NET}", external: true}
volumes:
  certs:
modules:
  base:
    kind: base
    build: {stack: debian, context: ./base, from: "debian:bookworm-slim"}
  web:
    build:
      stack: python-uv
      base: base
      args: {B: 2, A: "x"}
      manifests: [pyproject.toml, uv.lock]
    command: [serve, --port, 8000]
    user: {uid: 1000, groups: [9999]}
    ports: [{container: 8000, host: 8100}, {container: 9000, protocol: udp}]
    env:
      PLAIN: hello
      NUM: 4
      DEF: {default: x, description: a default}
      REQ: {required: true}
      SEC: {secret: true}
      REF: {secret: {name: s, key: k}}
      OPT: {optional: true, example: e}
      BLD: {build: true, default: "1.0"}
    health:
      liveness: {http: /livez, port: 8001}
      readiness: {tcp: 8000}
      startup: {command: [check, --now]}
      smoke: [/health]
      timeout: 2s
    mounts:
      - {tmpfs: /tmp, size: 64Mi}
      - {own: conf, target: /app/conf, read_only: false}
      - {volume: certs, target: /certs, read_only: true}
      - {from: db, path: data, target: /db}
      - {config: ./a.conf, target: /etc/a.conf}
      - {bind: ./src, target: /src}
    depends_on: {db: healthy}
    resources: {cpu: [250m, 1], memory: {limit: 1Gi}}
    drain: 500ms
    networks: [internal]
    waive: {loopback-ports: because}
  db:
    image: postgres:15
    health: {command: [pg_isready]}
    mounts: [{own: data, target: /var/lib/data}]
    state: {target: /var/lib/postgresql/data}
profiles:
  prod:
    image_tag: "${SHA}"
    modules:
      web: {replicas: 3, env: {PLAIN: bye}}
targets:
  k8s: {namespace: demo, pull_secrets: [pull]}
)";

}  // namespace

TEST_CASE("the model mirrors the spec", "[model]") {
  auto r = load(kSpec);
  INFO(r.text);
  REQUIRE(r.spec);
  const auto& s = *r.spec;
  CHECK(s.file == "spec.yaml");
  CHECK(s.version.value == 1);
  CHECK(s.defaults.user->uid->value == 1001);
  CHECK(s.defaults.user->loc.line == 4);
  CHECK(s.defaults.stop_grace->millis == 90000);
  CHECK(s.defaults.health.interval->text == "10s");
  CHECK(s.defaults.health.retries->value == 5);
  REQUIRE(s.networks.size() == 1);
  CHECK(s.networks[0].name->value == "${NET}");
  CHECK(s.networks[0].external->value);
  REQUIRE(s.volumes.size() == 1);
  CHECK(s.volumes[0].key.value == "certs");
  CHECK_FALSE(s.volumes[0].size);

  REQUIRE(s.modules.size() == 3);
  CHECK(s.find_module("db") == &s.modules[2]);
  const auto& web = s.modules[1];
  CHECK(web.name.value == "web");
  CHECK(web.loc.line == 15);
  CHECK(web.loc.column == 3);
  CHECK(web.build->stack->value == "python-uv");
  CHECK(web.build->base->value == "base");
  REQUIRE(web.build->args.size() == 2);
  CHECK(web.build->args[0].first.value == "B");  // spec order
  CHECK(web.build->args[0].second.value == "2");
  CHECK(web.build->manifests->size() == 2);
  CHECK_FALSE(s.modules[0].build->manifests);  // absent: the stack's (resolve)
  REQUIRE(web.command);
  CHECK(web.command->value.size() == 3);
  CHECK(web.command->value[2].value == "8000");
  CHECK(web.user->uid->value == 1000);
  CHECK_FALSE(web.user->gid);
  CHECK(web.user->groups.at(0).value == 9999);
  REQUIRE(web.ports.size() == 2);
  CHECK(web.ports[0].host->value == 8100);
  CHECK(web.ports[1].protocol->value == "udp");
  CHECK_FALSE(web.ports[1].host);

  REQUIRE(web.env.size() == 8);
  CHECK(web.env[0].kind == EnvVar::Kind::Value);
  CHECK(web.env[0].value->value == "hello");
  CHECK(web.env[1].value->value == "4");
  CHECK(web.env[2].kind == EnvVar::Kind::Default);
  CHECK(web.env[2].description->value == "a default");
  CHECK(web.env[3].kind == EnvVar::Kind::Required);
  CHECK(web.env[4].kind == EnvVar::Kind::Secret);
  CHECK_FALSE(web.env[4].secret_name);
  CHECK(web.env[5].secret_name->value == "s");
  CHECK(web.env[5].secret_key->value == "k");
  CHECK(web.env[6].kind == EnvVar::Kind::Optional);
  CHECK(web.env[6].example->value == "e");
  CHECK(web.env[7].kind == EnvVar::Kind::Build);
  CHECK(web.env[7].value->value == "1.0");

  REQUIRE(web.health);
  CHECK_FALSE(web.health->check);
  CHECK(web.health->liveness->kind == Probe::Kind::Http);
  CHECK(web.health->liveness->http_path.value == "/livez");
  CHECK(web.health->liveness->port->value == 8001);
  CHECK(web.health->readiness->kind == Probe::Kind::Tcp);
  CHECK(web.health->readiness->port->value == 8000);
  CHECK(web.health->startup->command.size() == 2);
  CHECK(web.health->smoke.at(0).value == "/health");
  CHECK(web.health->timings.timeout->millis == 2000);

  REQUIRE(web.mounts.size() == 6);
  CHECK(web.mounts[0].kind == Mount::Kind::Tmpfs);
  CHECK(web.mounts[0].target.value == "/tmp");
  CHECK(web.mounts[0].size->value == "64Mi");
  CHECK(web.mounts[1].kind == Mount::Kind::Own);
  CHECK(web.mounts[1].source.value == "conf");
  CHECK_FALSE(web.mounts[1].read_only->value);
  CHECK(web.mounts[2].kind == Mount::Kind::Volume);
  CHECK(web.mounts[2].read_only->value);
  CHECK(web.mounts[3].kind == Mount::Kind::From);
  CHECK(web.mounts[3].path->value == "data");
  CHECK(web.mounts[4].kind == Mount::Kind::Config);
  CHECK(web.mounts[5].kind == Mount::Kind::Bind);
  CHECK(web.mounts[5].source.value == "./src");

  REQUIRE(web.depends_on.size() == 1);
  CHECK(web.depends_on[0].module.value == "db");
  CHECK(web.depends_on[0].condition.value == "healthy");
  CHECK(web.resources->cpu.request->value == "250m");
  CHECK(web.resources->cpu.limit->value == "1");
  CHECK_FALSE(web.resources->memory.request);
  CHECK(web.resources->memory.limit->value == "1Gi");
  CHECK(web.drain->millis == 500);
  CHECK(web.networks.at(0).value == "internal");
  CHECK(web.waivers.at(0).rule.value == "loopback-ports");
  CHECK(web.waivers.at(0).reason.value == "because");

  const auto& db = s.modules[2];
  CHECK(db.image->value == "postgres:15");
  CHECK(db.health->check->kind == Probe::Kind::Command);  // the shorthand
  CHECK(db.state->target.value == "/var/lib/postgresql/data");

  REQUIRE(s.profiles.size() == 1);
  CHECK(s.profiles[0].image_tag->value == "${SHA}");
  CHECK(s.profiles[0].modules.at(0).replicas->value == 3);
  CHECK(s.profiles[0].modules.at(0).env.at(0).value->value == "bye");
  CHECK(s.k8s.namespace_->value == "demo");
  CHECK(s.k8s.pull_secrets.at(0).value == "pull");
}

TEST_CASE("`manifests: []` is kept apart from no manifests key", "[model]") {
  // [] means "nothing to install" (a standard-library app); a missing key
  // means the stack's default manifests.
  auto r = gen::test::load(gen::test::with_module("    build: {stack: python-pip, manifests: []}\n"));
  INFO(r.text);
  REQUIRE(r.spec);
  const auto& b = *r.spec->modules[0].build;
  REQUIRE(b.manifests);
  CHECK(b.manifests->empty());
}
