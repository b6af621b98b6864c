// The systemd units of every seed, read back, hold the numbers the seed
// documents state (not the spec's: the seed's own text), line by line.
#include <catch2/catch.hpp>

#include <sstream>

#include "../render/k8s_output.h"

namespace {

using gen::test::GenOutput;

GenOutput units(const std::string& seed, const std::string& profile = "") {
  std::vector<std::string> args = {"systemd", "--spec", gen::test::spec_path(seed)};
  if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
  GenOutput out = gen::test::run_gen_out(args);
  INFO(out.err);
  REQUIRE(out.code == 0);
  return out;
}

// True when `file` has a line equal to `line` (an Exec flag line: trimmed,
// without its continuation backslash).
bool has_line(const GenOutput& out, const std::string& file, const std::string& line) {
  REQUIRE(out.has(file));
  std::istringstream in(out.at(file));
  std::string l;
  while (std::getline(in, l)) {
    size_t b = l.find_first_not_of(' ');
    l = b == std::string::npos ? "" : l.substr(b);
    if (l.size() >= 2 && l.compare(l.size() - 2, 2, " \\") == 0) l.resize(l.size() - 2);
    if (l == line) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("seed 000: WhatsApp adapter runs in Docker with the contract's ports, user and mounts") {
  GenOutput out = units("whatsapp-adapter", "local");
  struct Port { const char* module; const char* mapping; };
  for (Port p : {Port{"api", "127.0.0.1:8100:5000/tcp"}, Port{"app", "127.0.0.1:8101:5000/tcp"},
                 Port{"waha", "127.0.0.1:8102:3000/tcp"}, Port{"docs", "127.0.0.1:8103:8080/tcp"}}) {
    std::string f = std::string("systemd/whatsapp-adapter-") + p.module + ".service";
    INFO(f);
    CHECK(has_line(out, f, std::string("--publish \"") + p.mapping + "\""));
    CHECK(has_line(out, f, "--user \"1001:1001\""));  // 1001:1001 on mathbox
    CHECK(has_line(out, f, "Restart=always"));        // restart: unless-stopped
    CHECK(has_line(out, f, "ExecStart=/usr/bin/docker run"));
    CHECK(has_line(out, f, std::string("--volume %Y/\"../whatsapp-adapter-") + p.module +
                               "/conf:/app/conf:ro,z\""));  // conf/ stays read-only
    CHECK(has_line(out, f, std::string("--volume %Y/\"../whatsapp-adapter-") + p.module +
                               "/logs:/app/logs:z\""));
    CHECK(has_line(out, f, std::string("--env-file %Y/\"../whatsapp-adapter-") + p.module +
                               "/.env.local\""));
    CHECK(has_line(out, f, "--network ${PROJECT_INTERNAL_NETWORK}"));
    CHECK(has_line(out, f, "ExecStartPre=/usr/bin/docker network inspect --format \"{{.Name}}\" "
                           "${PROJECT_INTERNAL_NETWORK}"));
  }
  // Read-only bind of waha's sessions for the provider history supplement.
  CHECK(has_line(out, "systemd/whatsapp-adapter-api.service",
                 "--volume %Y/\"../whatsapp-adapter-waha/sessions:/app/provider-sessions:ro,z\""));
  CHECK(has_line(out, "systemd/whatsapp-adapter-waha.service",
                 "--volume %Y/\"../whatsapp-adapter-waha/sessions:/app/.sessions:z\""));
  CHECK(out.at("systemd/whatsapp-adapter-api.service").find("http://127.0.0.1:5000/healthz") !=
        std::string::npos);
  CHECK(out.at("systemd/whatsapp-adapter-waha.service").find("http://127.0.0.1:3000/ping") !=
        std::string::npos);
}

TEST_CASE("seed 001: WATS as a Quadlet unit, loopback 3000, uid 10001, /healthz every 30s") {
  GenOutput out = units("wats");
  const std::string f = "systemd/wats.container";
  CHECK(has_line(out, f, "User=10001"));
  CHECK(has_line(out, f, "Group=10001"));
  CHECK(has_line(out, f, "PublishPort=127.0.0.1:3000:3000/tcp"));
  CHECK(has_line(out, f, "ReadOnly=true"));
  CHECK(has_line(out, f, "Tmpfs=/tmp"));
  CHECK(has_line(out, f, "DropCapability=all"));
  CHECK(has_line(out, f, "NoNewPrivileges=true"));
  CHECK(has_line(out, f, "HealthInterval=30s"));
  CHECK(has_line(out, f, "HealthTimeout=5s"));
  CHECK(has_line(out, f, "HealthStartPeriod=10s"));
  CHECK(has_line(out, f, "HealthRetries=3"));
  CHECK(out.at(f).find("fetch(\\\"http://127.0.0.1:3000/healthz\\\")") != std::string::npos);
  // ./wats.config.yaml:/app/config/wats.config.yaml:ro, a writable /var/lib/wats
  CHECK(out.at(f).find(":/app/config/wats.config.yaml:ro,z\n") != std::string::npos);
  CHECK(has_line(out, f, "Volume=wats-state.volume:/var/lib/wats"));
  for (const char* s : {"WATS_ACCESS_TOKEN", "WATS_VERIFY_TOKEN", "WATS_APP_SECRET",
                        "WATS_SERVICE_TOKEN"})
    CHECK(has_line(out, f, std::string("Secret=wats-") + s + ",type=env,target=" + s));
}

TEST_CASE("seed 002: reactbin API, uid 1001, 8000, /api/v1/health 30s/5s/10s/3, SIGTERM 30s") {
  GenOutput out = units("reactbin", "prod");
  const std::string f = "systemd/api.container";
  CHECK(has_line(out, f, "User=1001"));
  CHECK(has_line(out, f, "Group=1001"));
  CHECK(has_line(out, f, "PublishPort=127.0.0.1:8000:8000/tcp"));
  CHECK(out.at(f).find("http://127.0.0.1:8000/api/v1/health") != std::string::npos);
  CHECK(has_line(out, f, "HealthInterval=30s"));
  CHECK(has_line(out, f, "HealthTimeout=5s"));
  CHECK(has_line(out, f, "HealthStartPeriod=10s"));
  CHECK(has_line(out, f, "HealthRetries=3"));
  CHECK(has_line(out, f, "StopSignal=SIGTERM"));
  CHECK(has_line(out, f, "StopTimeout=30"));
  // reactbin-api-prod:<git-sha>, substituted by systemd at start.
  CHECK(has_line(out, f, "Image=localhost/reactbin-api-prod:${GIT_SHA}"));
  CHECK(out.at(f).find("${GIT_SHA:?GIT_SHA is not set") != std::string::npos);
}

TEST_CASE("seed 003: rootless Podman units, certs read-only except for certbot, certgroup 9999") {
  GenOutput out = units("core-infra");
  for (const char* m : {"apache", "bind", "mail", "postgres"}) {
    std::string f = std::string("systemd/") + m + ".container";
    INFO(f);
    CHECK(has_line(out, f, "Volume=certs.volume:/data/certificates:ro"));
    CHECK(has_line(out, f, "GroupAdd=9999"));
  }
  CHECK(has_line(out, "systemd/certbot.container", "Volume=certs.volume:/data/certificates"));
  CHECK(has_line(out, "systemd/certbot.container", "User=9999"));
  CHECK(has_line(out, "systemd/certbot.container", "Type=oneshot"));
  CHECK(has_line(out, "systemd/certs.volume", "VolumeName=core-infra_certs"));
  CHECK(has_line(out, "systemd/certs.volume", "User=9999"));  // certuser owns it
  CHECK_FALSE(out.has("systemd/base.container"));             // base-debian is built, never run
  CHECK(has_line(out, "systemd/liquibase.container", "Requires=postgres.service"));
  CHECK(has_line(out, "systemd/postgres.container", "Notify=healthy"));
}

TEST_CASE("seed 004: todo backend 1000:1001, 30s/3s/40s/3, 1 CPU and 1Gi, waits for postgres") {
  GenOutput out = units("todo", "prod");
  const std::string b = "systemd/todo-backend.container";
  CHECK(has_line(out, b, "User=1000"));
  CHECK(has_line(out, b, "Group=1001"));
  CHECK(has_line(out, b, "HealthInterval=30s"));
  CHECK(has_line(out, b, "HealthTimeout=3s"));
  CHECK(has_line(out, b, "HealthStartPeriod=40s"));
  CHECK(has_line(out, b, "HealthRetries=3"));
  CHECK(out.at(b).find("http://127.0.0.1:8000/livez") != std::string::npos);
  CHECK(has_line(out, b, "CPUQuota=100%"));
  CHECK(has_line(out, b, "MemoryMax=1073741824"));
  CHECK(has_line(out, b, "Requires=todo-postgres.service"));
  CHECK(has_line(out, b, "Image=ghcr.io/yourorg/todo-backend:git-${GIT_SHA}"));
  const std::string p = "systemd/todo-postgres.container";
  CHECK(has_line(out, p, "Image=docker.io/library/postgres:15-alpine"));
  CHECK(has_line(out, p, "HealthInterval=10s"));
  CHECK(has_line(out, p, "HealthRetries=5"));
  CHECK(has_line(out, p, "Notify=healthy"));  // depends_on: condition service_healthy
  CHECK(has_line(out, p, "Volume=todo-postgres-state.volume:/var/lib/postgresql/data"));
  CHECK(has_line(out, "systemd/todo-frontend.container", "User=1000"));
  CHECK(has_line(out, "systemd/todo-frontend.container", "Tmpfs=/app/.next/cache"));
  CHECK(has_line(out, "systemd/todo-frontend.container", "PublishPort=127.0.0.1:3000:3000/tcp"));
}
