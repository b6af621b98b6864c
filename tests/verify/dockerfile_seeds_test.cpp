// Seed documents against the Dockerfiles (and entrypoint scripts) gen writes
// for their specs: stages, base images, users, ports, health checks, build
// arguments and the startup rule, read back and compared with the seeds' own
// Dockerfile shapes and numbers.
#include <catch2/catch.hpp>

#include "compose_seed_support.h"

using namespace gen::test;
using Strings = std::vector<std::string>;

namespace {

const std::string kReactbinRequired[] = {
    "JWT_SECRET_KEY", "OWNER_USERNAME",   "OWNER_PASSWORD",       "DATABASE_URL", "S3_ENDPOINT_URL",
    "S3_BUCKET_NAME", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_REGION"};

// Runs `script` with /bin/sh under exactly `env` and `args`; exit code and stderr.
std::pair<int, std::string> run_script(const Scratch& where, const std::string& script,
                                       const std::vector<std::string>& env,
                                       const std::string& args) {
  write_text(where.dir / "entrypoint.sh", script);
  std::string cmd = "env -i";
  for (const auto& e : env) cmd += " " + sh_quote(e);
  cmd += " /bin/sh " + sh_quote((where.dir / "entrypoint.sh").string()) + " " + args + " 2>" +
         sh_quote((where.dir / "stderr").string()) + " >" +
         sh_quote((where.dir / "stdout").string());
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_text(where.dir / "stderr")};
}

}  // namespace

TEST_CASE("seed 001 (wats): the Bun Dockerfile shape") {
  SeedOutput s;
  render_seed(s, "wats");
  Dockerfile df(s.file("wats/Dockerfile"));
  // FROM oven/bun:1 AS deps ... FROM oven/bun:1 AS runtime
  for (const auto& from : df.froms()) CHECK(from.rfind("oven/bun:1 AS ", 0) == 0);
  CHECK(df.parse.stages.back().name == "runtime");
  CHECK(contains(s.file("wats/Dockerfile"), "RUN bun install --frozen-lockfile\n"));
  CHECK(df.last("WORKDIR") == "/app");
  // addgroup --gid 10001 wats && adduser --uid 10001 --ingroup wats wats; USER 10001:10001
  CHECK(contains(s.file("wats/Dockerfile"), "groupadd --system --gid 10001 wats"));
  CHECK(contains(s.file("wats/Dockerfile"), "--uid 10001 --gid 10001"));
  CHECK(df.last("USER") == "10001:10001");
  CHECK(df.last("EXPOSE") == "3000/tcp");
  auto [opts, argv] = df.healthcheck();
  CHECK(opts ==
        std::map<std::string, std::string>{
            {"interval", "30s"}, {"timeout", "5s"}, {"start-period", "10s"}, {"retries", "3"}});
  CHECK(argv == Strings{"bun", "-e",
                        "const r = await fetch(\"http://127.0.0.1:3000/healthz\"); "
                        "process.exit(r.ok ? 0 : 1)"});
  CHECK(df.exec("CMD") == Strings{"bun", "run", "wats", "serve", "--config",
                                  "/app/config/wats.config.yaml", "--profile", "prod", "--host",
                                  "0.0.0.0", "--port", "3000"});
  CHECK(contains(df.last("ENV"), "NODE_ENV=\"production\""));
  // No secrets baked into images.
  for (const auto& name : df.arg_and_env_names()) CHECK(name.rfind("WATS_", 0) != 0);
  // .env is never committed nor copied.
  CHECK(contains(s.file("wats/.dockerignore"), "\n.env\n"));
}

TEST_CASE("seed 002 (reactbin): two-stage uv build, UID 1001, health, SIGTERM, no secrets") {
  SeedOutput s;
  render_seed(s, "reactbin");
  const std::string& text = s.file("api/Dockerfile");
  Dockerfile df(text);
  // uv builder + python:3.12-slim runtime (after the sources stage).
  REQUIRE(df.parse.stages.size() == 3);
  CHECK(df.parse.stages[1].from.args == "python:3.12-slim AS builder");
  CHECK(df.parse.stages[2].from.args == "python:3.12-slim AS runtime");
  // No dev deps; manifests first, so the dependency layer is cached.
  CHECK(contains(text,
                 "COPY [\"pyproject.toml\", \"./pyproject.toml\"]\n"
                 "COPY [\"uv.lock\", \"./uv.lock\"]\n"
                 "RUN uv sync --frozen --no-dev --no-install-project\n"));
  CHECK(df.last("WORKDIR") == "/app");
  CHECK(contains(df.final("ENV").front(), "PATH=\"/app/.venv/bin:$PATH\""));
  CHECK(df.last("USER") == "1001:1001");
  CHECK(df.last("EXPOSE") == "8000/tcp");
  CHECK(df.last("STOPSIGNAL") == "SIGTERM");
  auto [opts, argv] = df.healthcheck();
  CHECK(opts ==
        std::map<std::string, std::string>{
            {"interval", "30s"}, {"timeout", "5s"}, {"start-period", "10s"}, {"retries", "3"}});
  CHECK(argv ==
        Strings{"python", "-c",
                "import urllib.request; "
                "urllib.request.urlopen(\"http://127.0.0.1:8000/api/v1/health\", timeout=5)"});
  CHECK(df.exec("CMD") ==
        Strings{"uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"});
  CHECK(df.exec("ENTRYPOINT") == Strings{"/entrypoint.sh"});
  // The image contains no defaults for secret values.
  for (const auto& name : df.arg_and_env_names())
    for (const auto& secret : {"JWT_SECRET_KEY", "OWNER_PASSWORD", "DATABASE_URL",
                               "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"})
      CHECK(name != secret);
}

TEST_CASE("seed 002 (reactbin): a missing required variable stops the start, named") {
  SeedOutput s;
  render_seed(s, "reactbin");
  const std::string& script = s.file("api/entrypoint.sh");
  Scratch run;
  std::vector<std::string> all;
  for (const auto& v : kReactbinRequired) all.push_back(v + "=x");

  // Nothing set: non-zero before accepting anything, each variable named on stderr.
  auto [code, err] = run_script(run, script, {"PATH=/usr/bin:/bin"}, "sh -c 'echo started'");
  CHECK(code != 0);
  for (const auto& v : kReactbinRequired)
    CHECK(contains(err, "api: required environment variable " + v + " is not set\n"));

  // One missing: only that one named.
  std::vector<std::string> all_but_region(all.begin(), all.end() - 1);
  all_but_region.push_back("PATH=/usr/bin:/bin");
  auto [code2, err2] = run_script(run, script, all_but_region, "sh -c 'echo started'");
  CHECK(code2 == 78);
  CHECK(err2 == "api: required environment variable S3_REGION is not set\n");

  // All set: the command runs (exec, so its exit status is the container's).
  all.push_back("PATH=/usr/bin:/bin");
  auto [code3, err3] = run_script(run, script, all, "sh -c 'echo started; exit 7'");
  CHECK(code3 == 7);
  CHECK(read_text(run.dir / "stdout") == "started\n");
  CHECK(err3 == "");

  // The Dockerfile writes exactly this script into the image.
  std::string lines;
  for (const auto& ins : Dockerfile(s.file("api/Dockerfile")).final("RUN"))
    if (contains(ins, "> /entrypoint.sh")) lines = ins;
  REQUIRE_FALSE(lines.empty());
  Scratch sh;
  write_text(
      sh.dir / "make.sh", "cd " + sh_quote(sh.dir.string()) + " && " + [&] {
        std::string cmd = lines.substr(0, lines.find(" > /entrypoint.sh"));
        return cmd + " > entrypoint.sh";
      }());
  REQUIRE(std::system(("/bin/sh " + sh_quote((sh.dir / "make.sh").string())).c_str()) == 0);
  CHECK(read_text(sh.dir / "entrypoint.sh") == script);
}

TEST_CASE("seed 003 (core-infra): base-debian and the services built FROM it") {
  SeedOutput s;
  render_seed(s, "core-infra");
  const std::string& base = s.file("base/Dockerfile");
  Dockerfile b(base);
  CHECK(b.froms() == Strings{"debian:bookworm-slim"});
  // Essential packages, apt lists removed in the same RUN.
  CHECK(contains(base,
                 "apt-get install -y --no-install-recommends bash python3 python3-pip "
                 "python3-venv curl ca-certificates \\\n"
                 "    && rm -rf /var/lib/apt/lists/*\n"));
  // Certificate access group: certgroup (GID 9999), certuser (UID 9999), no home, nologin.
  CHECK(contains(base, "groupadd --system --gid 9999 certgroup"));
  CHECK(contains(base, "--uid 9999 --gid 9999 --no-create-home"));
  CHECK(contains(base, "--shell /usr/sbin/nologin certuser"));
  // Python environment.
  CHECK(contains(base, "RUN python3 -m venv /data/.venv\nENV PATH=\"/data/.venv/bin:$PATH\"\n"));
  CHECK(b.last("USER") == "9999:9999");

  for (const char* svc : {"apache", "bind", "mail", "certbot", "postgres", "liquibase"}) {
    INFO(svc);
    const std::string& text = s.file(std::string(svc) + "/Dockerfile");
    Dockerfile df(text);
    // FROM base-debian:latest, in every stage.
    for (const auto& from : df.froms()) CHECK(from.rfind("base-debian:latest AS ", 0) == 0);
    CHECK(df.exec("ENTRYPOINT") == Strings{"/entrypoint.sh"});
    CHECK(s.dockerfile.has(std::string(svc) + "/entrypoint.sh"));
  }
  // Services are added to certgroup; certbot is certuser itself.
  CHECK(contains(s.file("apache/Dockerfile"), "usermod --append --groups 9999"));
  CHECK(Dockerfile(s.file("apache/Dockerfile")).last("USER") == "1001:1001");
  CHECK(Dockerfile(s.file("certbot/Dockerfile")).last("USER") == "9999:9999");
  CHECK(Dockerfile(s.file("apache/Dockerfile")).last("EXPOSE") == "8080/tcp 8443/tcp");
  // Service-specific packages of each image.
  CHECK(contains(s.file("bind/Dockerfile"), "--no-install-recommends bind9 \\\n"));
  // The postgres image owns its state directory, so a fresh volume is writable.
  CHECK(contains(s.file("postgres/Dockerfile"),
                 "RUN mkdir -p /var/lib/postgresql/data \\\n"
                 "    && chown 1001:1001 /var/lib/postgresql/data\n"));
  CHECK(contains(s.file("certbot/Dockerfile"), "chown 9999:9999 /data/certificates\n"));
}

TEST_CASE("seed 004 (todo): Next.js standalone and FastAPI images, postgres image only") {
  SeedOutput s;
  render_seed(s, "todo");
  CHECK_FALSE(s.dockerfile.has("todo-postgres/Dockerfile"));  // docker pull postgres:15-alpine

  const std::string& fe_text = s.file("todo-frontend/Dockerfile");
  Dockerfile fe(fe_text);
  for (const auto& from : fe.froms()) CHECK(from.rfind("node:20-alpine AS ", 0) == 0);
  Strings names;
  for (const auto& st : fe.parse.stages) names.push_back(st.name);
  CHECK(names == Strings{"sources", "deps", "builder", "runtime"});
  // Build arguments: NEXT_PUBLIC_API_URL required, NEXT_PUBLIC_APP_VERSION 1.0.0, NODE_ENV
  // production.
  Strings args = fe.all("ARG");
  CHECK(args == Strings{"NODE_ENV=\"production\"", "NEXT_PUBLIC_API_URL",
                        "NEXT_PUBLIC_APP_VERSION=\"1.0.0\""});
  CHECK(contains(fe_text, "RUN test -n \"${NEXT_PUBLIC_API_URL}\" || "));
  CHECK(contains(fe_text,
                 "COPY --from=builder /app/.next/standalone ./\n"
                 "COPY --from=builder /app/.next/static ./.next/static\n"
                 "COPY --from=builder /app/public ./public\n"));
  CHECK(fe.last("USER") == "1000:1001");  // UID 1000, GID 1001
  CHECK(fe.last("EXPOSE") == "3000/tcp");
  CHECK(contains(fe.final("ENV").back(), "PORT=\"3000\""));
  CHECK(contains(fe.final("ENV").back(), "HOSTNAME=\"0.0.0.0\""));
  CHECK(fe.exec("CMD") == Strings{"node", "server.js"});
  CHECK(fe.healthcheck().second[2] ==
        "fetch(\"http://127.0.0.1:3000/api/health/live\").then((r) => process.exit(r.ok ? 0 : 1), "
        "() => process.exit(1))");

  const std::string& be_text = s.file("todo-backend/Dockerfile");
  Dockerfile be(be_text);
  for (const auto& from : be.froms()) CHECK(from.rfind("python:3.13-slim AS ", 0) == 0);
  // gcc and postgresql-client in the builder; postgresql-client in the runner.
  CHECK(contains(be_text, "--no-install-recommends gcc postgresql-client \\\n"));
  CHECK(contains(be_text, "--no-install-recommends postgresql-client \\\n"));
  CHECK(contains(be_text, "RUN pip install -r requirements.txt\n"));
  CHECK(be.all("ARG") ==
        Strings{"PYTHON_VERSION=\"3.13\"", "REQUIREMENTS_FILE=\"requirements.txt\""});
  CHECK(be.last("USER") == "1000:1001");
  CHECK(be.last("EXPOSE") == "8000/tcp");
  auto [opts, argv] = be.healthcheck();
  // HEALTHCHECK --interval=30s --timeout=3s --start-period=40s --retries=3 ... /livez
  CHECK(opts ==
        std::map<std::string, std::string>{
            {"interval", "30s"}, {"timeout", "3s"}, {"start-period", "40s"}, {"retries", "3"}});
  CHECK(
      argv[2] ==
      "import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:8000/livez\", timeout=3)");
  CHECK(be.exec("CMD") ==
        Strings{"uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"});
  CHECK(contains(be.final("ENV").back(), "PYTHONPATH=\"/app\""));
  CHECK(contains(be.final("ENV").back(), "PYTHONUNBUFFERED=\"1\""));
}
