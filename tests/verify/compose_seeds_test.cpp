// Seed documents against the compose files gen writes for their specs: each
// value a seed states (ports, users, mounts, health endpoints and timings,
// environment, networks, grace periods) read back from the generated YAML
// and compared with the seed's own numbers. The seeds are in
// ../shared/seeds/; specs/README.md maps their rules onto the specs.
#include <catch2/catch.hpp>

#include "compose_seed_support.h"

using namespace gen::test;
using Strings = std::vector<std::string>;

TEST_CASE("seed 000 (whatsapp-adapter): per-module compose files with the contract's values") {
  SeedOutput s;
  render_seed(s, "whatsapp-adapter", "local");
  // "Every module owns data/, logs/, conf/, and its compose file."
  CHECK_FALSE(s.compose.has("compose.yaml"));
  struct Expect {
    const char* module;
    const char* port;    // "Default Ports"
    const char* health;  // GET /healthz, vendor GET /ping
    Strings volumes;     // "Expected Mounts"
  };
  const Expect expected[] = {
      {"whatsapp-adapter-api",
       "127.0.0.1:8100:5000",
       "http://127.0.0.1:5000/healthz",
       {"./data:/app/data", "./logs:/app/logs", "./conf:/app/conf:ro",
        "../whatsapp-adapter-waha/sessions:/app/provider-sessions:ro"}},
      {"whatsapp-adapter-app",
       "127.0.0.1:8101:5000",
       "http://127.0.0.1:5000/healthz",
       {"./data:/app/data", "./logs:/app/logs", "./conf:/app/conf:ro"}},
      {"whatsapp-adapter-waha",
       "127.0.0.1:8102:3000",
       "http://127.0.0.1:3000/ping",
       {"./data:/app/data", "./logs:/app/logs", "./conf:/app/conf:ro", "./sessions:/app/.sessions",
        "./media:/app/.media"}},
      {"whatsapp-adapter-docs",
       "127.0.0.1:8103:8080",
       "http://127.0.0.1:8080/healthz",
       {"./data:/app/data", "./logs:/app/logs", "./conf:/app/conf:ro"}},
  };
  for (const auto& e : expected) {
    std::string file = std::string(e.module) + "/compose.yaml";
    INFO(file);
    YAML::Node doc = YAML::Load(s.file(file));
    CHECK(doc["name"].as<std::string>() == e.module);
    YAML::Node svc = compose_service(s, file, e.module);
    // "non-root numeric user", default 1001:1001 on mathbox.
    check_hardened(svc, "1001:1001");
    CHECK(svc["restart"].as<std::string>() == "unless-stopped");
    CHECK(strings(svc["ports"]) == Strings{e.port});
    CHECK(contains(health_command(svc), e.health));
    CHECK(strings(svc["volumes"]) == e.volumes);
    // Local start reads <module>/.env.local (materialized from SOPS).
    CHECK(strings(svc["env_file"]) == Strings{"./.env.local"});
    // "Cross-module calls use the shared Docker network ${PROJECT_INTERNAL_NETWORK}";
    // gen's routed network first: every module here publishes a port.
    CHECK(strings(svc["networks"]) == Strings{"egress", "internal"});
    CHECK(doc["networks"]["internal"]["name"].as<std::string>() ==
          "${PROJECT_INTERNAL_NETWORK:?set outside repo}");
    CHECK(doc["networks"]["internal"]["external"].as<bool>());
  }
  SeedOutput prod;
  render_seed(prod, "whatsapp-adapter", "prod");
  // Deploy materializes <module>/.env.server.
  CHECK(strings(compose_service(prod, "whatsapp-adapter-api/compose.yaml",
                                "whatsapp-adapter-api")["env_file"]) == Strings{"./.env.server"});
}

TEST_CASE("seed 001 (wats): the future compose shape, hardened") {
  SeedOutput s;
  render_seed(s, "wats", "local");
  YAML::Node svc = compose_service(s, "compose.yaml", "wats");
  CHECK(svc["image"].as<std::string>() == "wats:local");
  CHECK(strings(svc["command"]) == Strings{"bun", "run", "wats", "serve", "--config",
                                           "/app/config/wats.config.yaml", "--profile", "prod",
                                           "--host", "0.0.0.0", "--port", "3000"});
  CHECK(strings(svc["ports"]) == Strings{"127.0.0.1:3000:3000"});
  for (const char* v :
       {"WATS_ACCESS_TOKEN", "WATS_VERIFY_TOKEN", "WATS_APP_SECRET", "WATS_SERVICE_TOKEN"})
    CHECK(svc["environment"][v].as<std::string>() == std::string("${") + v + ":?set outside repo}");
  // ./wats.config.yaml:/app/config/wats.config.yaml:ro (the spec's dir, seen from the output).
  CHECK(strings(svc["volumes"])[0] ==
        "../../specs/wats/wats.config.yaml:/app/config/wats.config.yaml:ro");
  CHECK(svc["read_only"].as<bool>());
  CHECK(strings(svc["tmpfs"]) == Strings{"/tmp"});
  check_hardened(svc, "10001:10001");
  // Healthcheck and readiness: /healthz, never a token.
  CHECK(contains(health_command(svc), "http://127.0.0.1:3000/healthz"));
  CHECK(svc["healthcheck"]["interval"].as<std::string>() == "30s");
  CHECK(svc["healthcheck"]["timeout"].as<std::string>() == "5s");
  CHECK(svc["healthcheck"]["start_period"].as<std::string>() == "10s");
  CHECK(svc["healthcheck"]["retries"].as<int>() == 3);
}

TEST_CASE("seed 002 (reactbin): port, identity, health timings, drain window") {
  SeedOutput s;
  render_seed(s, "reactbin");
  YAML::Node svc = compose_service(s, "compose.yaml", "api");
  check_hardened(svc, "1001:1001");                                // UID 1001, GID 1001
  CHECK(strings(svc["ports"]) == Strings{"127.0.0.1:8000:8000"});  // port 8000 (TCP)
  CHECK(contains(health_command(svc), "http://127.0.0.1:8000/api/v1/health"));
  YAML::Node hc = svc["healthcheck"];
  CHECK(hc["interval"].as<std::string>() == "30s");
  CHECK(hc["timeout"].as<std::string>() == "5s");
  CHECK(hc["start_period"].as<std::string>() == "10s");
  CHECK(hc["retries"].as<int>() == 3);
  // SIGTERM: drain in-flight requests, exit within 30s.
  CHECK(svc["stop_signal"].as<std::string>() == "SIGTERM");
  CHECK(svc["stop_grace_period"].as<std::string>() == "30s");
  // Required variables must be set outside the repo; optional ones have the seed's defaults.
  for (const char* v :
       {"JWT_SECRET_KEY", "OWNER_USERNAME", "OWNER_PASSWORD", "DATABASE_URL", "S3_ENDPOINT_URL",
        "S3_BUCKET_NAME", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"})
    CHECK(svc["environment"][v].as<std::string>() == std::string("${") + v + ":?set outside repo}");
  CHECK(svc["environment"]["JWT_EXPIRY_SECONDS"].as<std::string>() == "86400");
  CHECK(svc["environment"]["MAX_UPLOAD_BYTES"].as<std::string>() == "52428800");
  CHECK(svc["environment"]["LOGIN_MAX_FAILURES"].as<std::string>() == "5");
  CHECK(svc["environment"]["LOGIN_WINDOW_SECONDS"].as<std::string>() == "300");
  CHECK(svc["environment"]["LOGIN_COOLDOWN_SECONDS"].as<std::string>() == "900");
  CHECK(svc["environment"]["LOGIN_TRUSTED_PROXY_IPS"].as<std::string>() == "");
  // "No writable state": nothing mounted but what read-only needs.
  CHECK_FALSE(svc["volumes"]);
}

TEST_CASE("seed 003 (core-infra): the certs volume, certgroup, base images never run") {
  SeedOutput s;
  render_seed(s, "core-infra");
  YAML::Node doc = YAML::Load(s.file("compose.yaml"));
  CHECK_FALSE(doc["services"]["base"]);  // base-debian is built, not run
  // Named volume certs at /data/certificates: read-only for services, read-write for certbot.
  CHECK(doc["volumes"]["certs"]["name"].as<std::string>() == "core-infra_certs");
  for (const char* svc_name : {"apache", "bind", "mail", "postgres"}) {
    INFO(svc_name);
    YAML::Node svc = doc["services"][svc_name];
    check_hardened(svc, "1001:1001");
    CHECK(strings(svc["group_add"]) == Strings{"9999"});  // services added to certgroup
    auto vols = strings(svc["volumes"]);
    CHECK(std::find(vols.begin(), vols.end(), "certs:/data/certificates:ro") != vols.end());
  }
  YAML::Node certbot = doc["services"]["certbot"];
  check_hardened(certbot, "9999:9999");  // certuser 9999, certgroup 9999
  CHECK(strings(certbot["volumes"]) == Strings{"certs:/data/certificates"});
  CHECK(certbot["restart"].as<std::string>() == "no");  // a job
  CHECK(doc["services"]["liquibase"]["depends_on"]["postgres"]["condition"].as<std::string>() ==
        "service_healthy");
  // The header says how to build base-debian before the services FROM it.
  CHECK(contains(
      s.file("compose.yaml"),
      "#   docker build -f base/Dockerfile -t base-debian:latest ../../specs/base-debian\n"));
}

TEST_CASE("seed 004 (todo): images, probes, dependencies, resources, state") {
  SeedOutput s;
  render_seed(s, "todo", "local");
  YAML::Node doc = YAML::Load(s.file("compose.yaml"));
  YAML::Node pg = doc["services"]["todo-postgres"];
  CHECK(pg["image"].as<std::string>() == "postgres:15-alpine");
  CHECK(strings(pg["ports"]) == Strings{"127.0.0.1:5432:5432"});
  CHECK(pg["environment"]["POSTGRES_USER"].as<std::string>() == "todo_user");
  CHECK(pg["environment"]["POSTGRES_DB"].as<std::string>() == "todo_db");
  CHECK(pg["environment"]["POSTGRES_PASSWORD"].as<std::string>() ==
        "${POSTGRES_PASSWORD:?set outside repo}");
  CHECK(pg["environment"]["PGDATA"].as<std::string>() == "/var/lib/postgresql/data/pgdata");
  // postgresql.conf (production tuning) read-only, the data directory on a named volume.
  CHECK(strings(pg["volumes"]) ==
        Strings{"../../specs/postgres/postgresql.conf:/etc/postgresql/postgresql.conf:ro",
                "todo-postgres-state:/var/lib/postgresql/data"});
  // pg_isready -U $POSTGRES_USER -d $POSTGRES_DB every 10s, 5s timeout, 5 retries.
  CHECK(health_command(pg) == "sh -c 'pg_isready -U \"$$POSTGRES_USER\" -d \"$$POSTGRES_DB\"'");
  CHECK(pg["healthcheck"]["interval"].as<std::string>() == "10s");
  CHECK(pg["healthcheck"]["timeout"].as<std::string>() == "5s");
  CHECK(pg["healthcheck"]["retries"].as<int>() == 5);

  YAML::Node be = doc["services"]["todo-backend"];
  check_hardened(be, "1000:1001");  // UID 1000, GID 1001
  CHECK(be["image"].as<std::string>() == "todo-backend:dev");
  CHECK(strings(be["ports"]) == Strings{"127.0.0.1:8000:8000"});
  CHECK(contains(health_command(be), "http://127.0.0.1:8000/livez"));
  CHECK(be["healthcheck"]["interval"].as<std::string>() == "30s");
  CHECK(be["healthcheck"]["timeout"].as<std::string>() == "3s");
  CHECK(be["healthcheck"]["start_period"].as<std::string>() == "40s");
  CHECK(be["healthcheck"]["retries"].as<int>() == 3);
  CHECK(be["depends_on"]["todo-postgres"]["condition"].as<std::string>() == "service_healthy");
  CHECK(strings(be["command"]) ==
        Strings{"uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"});
  CHECK(be["environment"]["LOG_LEVEL"].as<std::string>() == "DEBUG");  // local overlay
  CHECK(be["environment"]["CORS_ORIGINS"].as<std::string>() == "http://localhost:3000");
  CHECK(be["environment"]["JWT_SECRET"].as<std::string>() == "${JWT_SECRET:?set outside repo}");
  // limits: cpu 1000m, memory 1Gi; requests: cpu 250m, memory 256Mi.
  YAML::Node res = be["deploy"]["resources"];
  CHECK(res["limits"]["cpus"].as<std::string>() == "1");
  CHECK(res["limits"]["memory"].as<std::string>() == "1073741824");
  CHECK(res["reservations"]["cpus"].as<std::string>() == "0.25");
  CHECK(res["reservations"]["memory"].as<std::string>() == "268435456");
  CHECK(strings(be["tmpfs"]) == Strings{"/tmp"});

  YAML::Node fe = doc["services"]["todo-frontend"];
  check_hardened(fe, "1000:1001");
  CHECK(strings(fe["ports"]) == Strings{"127.0.0.1:3000:3000"});
  CHECK(contains(health_command(fe), "http://127.0.0.1:3000/api/health/live"));
  CHECK(fe["depends_on"]["todo-backend"]["condition"].as<std::string>() == "service_started");
  CHECK(strings(fe["tmpfs"]) == Strings{"/tmp", "/app/.next/cache"});
  // Build arguments of the local build (--build-arg NEXT_PUBLIC_API_URL=http://localhost:8000).
  CHECK(fe["build"]["args"]["NEXT_PUBLIC_API_URL"].as<std::string>() == "http://localhost:8000");
  CHECK(fe["build"]["args"]["NEXT_PUBLIC_APP_VERSION"].as<std::string>() == "dev");
  CHECK(fe["build"]["args"]["NODE_ENV"].as<std::string>() == "production");
  CHECK(fe["environment"]["BETTER_AUTH_URL"].as<std::string>() == "http://localhost:3000");
  CHECK(fe["environment"]["BETTER_AUTH_TRUST_HOST"].as<std::string>() == "true");
  CHECK(fe["environment"]["BETTER_AUTH_SECRET"].as<std::string>() ==
        "${BETTER_AUTH_SECRET:?set outside repo}");
}
