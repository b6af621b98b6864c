#include <catch2/catch.hpp>
#include <string>

#include "diagnostics/render.h"
#include "verify/compose_checks.h"
#include "verify/verifiers.h"

using namespace gen;

namespace {

model::Mount own_mount(const std::string& target, bool read_only) {
  model::Mount m;
  m.kind = model::MountKind::Own;
  m.target = target;
  m.read_only = read_only;
  return m;
}

model::Module api_module() {
  model::Module m;
  m.name = "api";
  m.kind = model::ModuleKind::Service;
  m.user = model::User{1000, 1001, {}, std::nullopt, std::nullopt};
  m.health.emplace();
  m.health->timings = {values::Duration::of("30s", 30000), values::Duration::of("5s", 5000),
                       values::Duration::of("10s", 10000), 3};
  m.mounts = {own_mount("/app/conf", true), own_mount("/app/data", false)};
  model::EnvEntry password;
  password.name = "DB_PASSWORD";
  password.kind = model::EnvKind::Secret;
  m.env = {password};
  return m;
}

model::Project project_with(std::vector<model::Module> modules) {
  model::Project p;
  p.modules = std::move(modules);
  p.index();
  return p;
}

const std::string kGood = R"(name: p
services:
  api:
    image: "api:1"
    user: "1000:1001"
    read_only: true
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
    healthcheck:
      test: ["CMD-SHELL", "true"]
      interval: "30s"
      timeout: "5s"
      start_period: "10s"
      retries: 3
    ports:
      - "127.0.0.1:8100:5000"
    environment:
      DB_PASSWORD: "${DB_PASSWORD:?set outside repo}"
    volumes:
      - ./api/conf:/app/conf:ro
      - ./api/data:/app/data
)";

// `kGood` with `from` replaced by `to` (which must occur once).
std::string edit(const std::string& from, const std::string& to) {
  std::string s = kGood;
  size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(s.find(from, at + 1) == std::string::npos);
  return s.replace(at, from.size(), to);
}

// `text` is checked with compose's default network declared internal at
// its end (as gen writes it; egress-output is tested apart), unless it
// declares networks itself; line numbers above it are unchanged.
std::string check_compose(const std::string& written,
                          const model::Project& project = project_with({api_module()})) {
  std::string text = written;
  if (text.find("\nnetworks:") == std::string::npos)
    text += "\nnetworks:\n  default:\n    internal: true\n";
  FileSet files;
  files["compose.yaml"] = OutputFile{text, "compose/compose.yaml.j2"};
  Diagnostics diags;
  verify::verify_compose(files, project, diags);
  diags.sort();
  SourceFiles sources;
  sources.add("compose.yaml", text);
  return render_diagnostics(diags, sources, RenderOptions{});
}

}  // namespace

TEST_CASE("a hardened compose file passes") { CHECK(check_compose(kGood) == ""); }

TEST_CASE("dropping cap_drop is refused at the service, naming rule and template") {
  CHECK(check_compose(edit("    cap_drop:\n      - ALL\n", "")) ==
        "compose.yaml:3:3: error[cap-drop-all]: service 'api' does not drop all capabilities\n"
        " 3 |   api:\n"
        "   |   ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: set cap_drop: [ALL]\n");
}

TEST_CASE("cap_drop without ALL, or cap_add, is refused") {
  CHECK(check_compose(edit("      - ALL\n", "      - NET_RAW\n")) ==
        "compose.yaml:8:7: error[cap-drop-all]: service 'api' does not drop all capabilities\n"
        " 8 |       - NET_RAW\n"
        "   |       ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: set cap_drop: [ALL]\n");
  CHECK(
      check_compose(edit("    security_opt:\n", "    cap_add: [NET_ADMIN]\n    security_opt:\n")) ==
      "compose.yaml:9:15: error[cap-drop-all]: service 'api' adds capability NET_ADMIN back "
      "(cap_add), which the spec does not grant under a waiver of no-added-capabilities\n"
      " 9 |     cap_add: [NET_ADMIN]\n"
      "   |               ^\n"
      "  = note: rendered from template compose/compose.yaml.j2\n");
}

TEST_CASE("read_only must be true, and only once") {
  CHECK(check_compose(edit("    read_only: true\n", "    read_only: false\n")) ==
        "compose.yaml:6:16: error[read-only-root]: service 'api' does not run with a read-only "
        "root filesystem\n"
        " 6 |     read_only: false\n"
        "   |                ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: set read_only: true and give writable paths a tmpfs or a mount\n");
  CHECK(check_compose(edit("    read_only: true\n", "    read_only: \"true\"\n"))
            .find("error[read-only-root]") != std::string::npos);
  // A second key would be read differently by different parsers.
  std::string twice =
      check_compose(edit("    read_only: true\n", "    read_only: true\n    read_only: false\n"));
  CHECK(twice.find("compose.yaml:7:5: error[duplicate-key]") != std::string::npos);
  CHECK(twice.find("note: rendered from template compose/compose.yaml.j2") != std::string::npos);
}

TEST_CASE("the user is numeric, not root, and the spec's") {
  CHECK(check_compose(edit("    user: \"1000:1001\"\n", "    user: \"0:0\"\n")) ==
        "compose.yaml:5:11: error[non-root-user]: service 'api' runs as root (0:0)\n"
        " 5 |     user: \"0:0\"\n"
        "   |           ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n");
  CHECK(check_compose(edit("    user: \"1000:1001\"\n", "    user: app\n"))
            .find("error[non-root-user]: service 'api' runs as 'app', not a numeric uid:gid") !=
        std::string::npos);
  CHECK(
      check_compose(edit("    user: \"1000:1001\"\n", "    user: \"1000:1000\"\n"))
          .find("error[non-root-user]: service 'api' runs as 1000:1000; the spec says 1000:1001") !=
      std::string::npos);
  CHECK(check_compose(edit("    user: \"1000:1001\"\n", ""))
            .find("compose.yaml:3:3: error[non-root-user]: service 'api' sets no user") !=
        std::string::npos);
}

TEST_CASE("no-new-privileges is required") {
  // (An option that keeps confinement: seccomp=unconfined is no-unconfined's.)
  CHECK(check_compose(edit("      - no-new-privileges:true\n", "      - apparmor=docker-default\n")) ==
        "compose.yaml:10:7: error[no-new-privileges]: service 'api' does not set "
        "no-new-privileges\n"
        " 10 |       - apparmor=docker-default\n"
        "    |       ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: set security_opt: [\"no-new-privileges:true\"]\n");
}

TEST_CASE("published ports bind loopback unless the module waives it") {
  CHECK(check_compose(edit("\"127.0.0.1:8100:5000\"", "\"8100:5000\"")) ==
        "compose.yaml:18:9: error[loopback-ports]: service 'api' publishes port 8100:5000 on "
        "every interface\n"
        " 18 |       - \"8100:5000\"\n"
        "    |         ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: bind published ports to 127.0.0.1 (\"127.0.0.1:8100:5000\")\n");
  CHECK(check_compose(edit("\"127.0.0.1:8100:5000\"", "\"0.0.0.0:8100:5000\""))
            .find("publishes port 0.0.0.0:8100:5000 on a non-loopback address") !=
        std::string::npos);
  CHECK(check_compose(edit("\"127.0.0.1:8100:5000\"", "{target: 5000, published: 8100}"))
            .find("publishes port host_ip (none) on every interface") != std::string::npos);
  model::Module waived = api_module();
  waived.waivers = {model::Waiver{"loopback-ports", "public proxy", {}}};
  CHECK(check_compose(edit("\"127.0.0.1:8100:5000\"", "\"0.0.0.0:8100:5000\""),
                      project_with({waived})) == "");
  CHECK(check_compose(edit("\"127.0.0.1:8100:5000\"", "\"[::1]:8100:5000/tcp\"")) == "");
}

TEST_CASE("long-running services keep a health check with the spec's timings") {
  std::string no_hc = edit(
      "    healthcheck:\n      test: [\"CMD-SHELL\", \"true\"]\n      interval: \"30s\"\n"
      "      timeout: \"5s\"\n      start_period: \"10s\"\n      retries: 3\n",
      "");
  CHECK(check_compose(no_hc) ==
        "compose.yaml:3:3: error[health-check]: service 'api' has no health check\n"
        " 3 |   api:\n"
        "   |   ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: the image's HEALTHCHECK is not enough: compose must know when it is healthy\n");
  CHECK(
      check_compose(edit("[\"CMD-SHELL\", \"true\"]", "[\"NONE\"]"))
          .find(
              "compose.yaml:12:7: error[health-check]: service 'api' disables its health check") !=
      std::string::npos);
  CHECK(check_compose(edit("interval: \"30s\"", "interval: \"300s\""))
            .find("compose.yaml:13:17: error[health-check]: service 'api' health check interval is "
                  "300s; the spec says 30s") != std::string::npos);
  model::Module job = api_module();
  job.kind = model::ModuleKind::Job;  // runs to completion: not long-running
  CHECK(check_compose(no_hc, project_with({job})) == "");
}

TEST_CASE("conf and other modules' directories stay read-only") {
  CHECK(check_compose(edit("./api/conf:/app/conf:ro", "./api/conf:/app/conf")) ==
        "compose.yaml:22:9: error[read-only-conf]: service 'api' mounts /app/conf writable; it "
        "must be read-only\n"
        " 22 |       - ./api/conf:/app/conf\n"
        "    |         ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: add :ro (or read_only: true)\n");
  CHECK(check_compose(edit(
            "      - ./api/conf:/app/conf:ro\n",
            "      - {type: bind, source: ./api/conf, target: /app/conf, read_only: true}\n")) ==
        "");
  CHECK(check_compose(edit("      - ./api/conf:/app/conf:ro\n", ""))
            .find("error[read-only-conf]: service 'api' does not mount /app/conf (read-only)") !=
        std::string::npos);
}

TEST_CASE("secrets appear only as references") {
  CHECK(check_compose(edit("\"${DB_PASSWORD:?set outside repo}\"", "hunter2")) ==
        "compose.yaml:20:20: error[no-secret-values]: service 'api' writes a value for secret "
        "DB_PASSWORD; secrets are passed by reference only\n"
        " 20 |       DB_PASSWORD: hunter2\n"
        "    |                    ^\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: DB_PASSWORD: ${DB_PASSWORD:?set outside repo}\n");
  CHECK(check_compose(edit("\"${DB_PASSWORD:?set outside repo}\"", "\"${DB_PASSWORD}x\""))
            .find("error[no-secret-values]") != std::string::npos);
  CHECK(check_compose(edit("      DB_PASSWORD: \"${DB_PASSWORD:?set outside repo}\"\n",
                           "      - DB_PASSWORD=${DB_PASSWORD}\n")) == "");
}

TEST_CASE("every module that runs has a service") {
  model::Module worker, base;
  worker.name = "worker";
  worker.kind = model::ModuleKind::Job;
  base.name = "base";
  base.kind = model::ModuleKind::Base;
  CHECK(check_compose(kGood, project_with({api_module(), worker, base})) ==
        "compose.yaml: error[compose-services]: no compose service runs module 'worker'\n"
        "  = note: rendered from template compose/compose.yaml.j2\n"
        "  = help: every module of the spec except base images gets a service\n");
}

TEST_CASE("an unknown extra service still gets the generic hardening checks") {
  std::string extra = kGood + "  sidecar:\n    image: \"busybox:1\"\n";
  std::string out = check_compose(extra);
  CHECK(out.find("error[non-root-user]: service 'sidecar' sets no user") != std::string::npos);
  CHECK(out.find("error[read-only-root]: service 'sidecar'") != std::string::npos);
  CHECK(out.find("error[cap-drop-all]: service 'sidecar'") != std::string::npos);
  CHECK(out.find("error[no-new-privileges]: service 'sidecar'") != std::string::npos);
}

TEST_CASE("loopback addresses and port host addresses") {
  CHECK(verify::is_loopback("127.0.0.1"));
  CHECK(verify::is_loopback("127.8.9.10"));
  CHECK(verify::is_loopback("::1"));
  CHECK(verify::is_loopback("[::1]"));
  CHECK_FALSE(verify::is_loopback("127.1"));
  CHECK_FALSE(verify::is_loopback("127.0.0.256"));
  CHECK_FALSE(verify::is_loopback("0.0.0.0"));
  CHECK_FALSE(verify::is_loopback(""));
  CHECK(verify::port_host_ip("127.0.0.1:8100:5000") == "127.0.0.1");
  CHECK(verify::port_host_ip("127.0.0.1:5353:5353/udp") == "127.0.0.1");
  CHECK(verify::port_host_ip("[::1]:80:80") == "::1");
  CHECK(verify::port_host_ip("8100:5000") == "");
  CHECK(verify::port_host_ip("5000") == "");
  CHECK(verify::port_host_ip("${BIND}:80:80") == "${BIND}");
}

namespace {

model::Module built_api(bool own) {
  model::Module m = api_module();
  m.image.built = true;
  model::Build b;
  b.context = model::HostPath{model::PathBase::Spec, "api", "", ""};
  if (own) {
    b.dockerfile = model::HostPath{model::PathBase::Spec, "docker/api/Dockerfile", "", ""};
    b.target = "runtime";
  } else {
    b.stack = "go";
  }
  m.build = b;
  return m;
}

std::string with_build(const std::string& build) {
  return edit("    image: \"api:1\"\n", "    image: \"api:1\"\n" + build);
}

}  // namespace

TEST_CASE("a built module's service builds the spec's Dockerfile and stage") {
  const auto own = project_with({built_api(true)});
  CHECK(check_compose(with_build("    build:\n      context: ../api\n      dockerfile: "
                                 "../docker/api/Dockerfile\n      target: runtime\n"),
                      own) == "");
  std::string out = check_compose(with_build("    build:\n      context: ../api\n      dockerfile: "
                                             "Dockerfile\n      target: debug\n"),
                                  own);
  INFO(out);
  CHECK(out.find("compose.yaml:7:19: error[compose-build]: service 'api' builds Dockerfile; the "
                 "spec builds docker/api/Dockerfile (../docker/api/Dockerfile from its context)") !=
        std::string::npos);
  CHECK(out.find("compose.yaml:8:15: error[compose-build]: service 'api' builds stage 'debug'; "
                 "the spec builds stage 'runtime'") != std::string::npos);
  CHECK(check_compose(kGood, own).find("error[compose-build]: service 'api' does not build its "
                                       "image, yet the spec builds module 'api'") !=
        std::string::npos);

  const auto stack = project_with({built_api(false)});
  CHECK(check_compose(with_build("    build:\n      context: ../api\n      dockerfile: "
                                 "../out/api/Dockerfile\n"),
                      stack) == "");
  out = check_compose(with_build("    build:\n      context: ../api\n      dockerfile: "
                                 "../api/Dockerfile\n      target: x\n"),
                      stack);
  CHECK(out.find("error[compose-build]: service 'api' builds ../api/Dockerfile, not the Dockerfile "
                 "gen writes for module 'api' (api/Dockerfile)") == std::string::npos);
  CHECK(out.find("builds a stage of gen's Dockerfile ('x')") != std::string::npos);
  out = check_compose(with_build("    build:\n      context: ../api\n      dockerfile: "
                                 "../src/Dockerfile\n"),
                      stack);
  CHECK(out.find("error[compose-build]: service 'api' builds ../src/Dockerfile, not the Dockerfile "
                 "gen writes for module 'api' (api/Dockerfile)") != std::string::npos);
}

TEST_CASE("setup steps: the module waits for its step to complete, and the step runs once") {
  model::Module api = api_module();
  model::Module step = api_module();
  step.name = "api-migrate";
  step.kind = model::ModuleKind::Job;
  step.health.reset();
  step.setup_of = "api";
  step.setup_step = "migrate";
  api.setup = {"api-migrate"};
  const model::Project project = project_with({step, api});
  const std::string step_service = R"(  api-migrate:
    image: "api:1"
    command: [migrate]
    user: "1000:1001"
    read_only: true
    cap_drop:
      - ALL
    security_opt:
      - no-new-privileges:true
    restart: "no"
    environment:
      DB_PASSWORD: "${DB_PASSWORD:?set outside repo}"
    volumes:
      - ./api/conf:/app/conf:ro
      - ./api/data:/app/data
)";
  const std::string waits = R"(    depends_on:
      api-migrate:
        condition: service_completed_successfully
)";
  const std::string good = edit("services:\n", "services:\n" + step_service) + waits;
  CHECK(check_compose(good, project) == "");
  SECTION("the module does not wait for its step") {
    std::string out = check_compose(edit("services:\n", "services:\n" + step_service), project);
    CHECK(out.find("compose-setup-steps") != std::string::npos);
    CHECK(out.find("must wait for setup step 'api-migrate'") != std::string::npos);
  }
  SECTION("it waits for the step to start only") {
    std::string started = waits;
    started.replace(started.find("service_completed_successfully"), 30, "service_started");
    std::string out =
        check_compose(edit("services:\n", "services:\n" + step_service) + started, project);
    CHECK(out.find("compose-setup-steps") != std::string::npos);
  }
  SECTION("the step restarts") {
    std::string restarts = step_service;
    restarts.replace(restarts.find("restart: \"no\""), 13, "restart: unless-stopped");
    std::string out = check_compose(edit("services:\n", "services:\n" + restarts) + waits, project);
    CHECK(out.find("compose-setup-steps") != std::string::npos);
    CHECK(out.find("must run once") != std::string::npos);
  }
}

TEST_CASE("host name and aliases: hostname, and the aliases on each network") {
  model::Module api = api_module();
  api.hostname = "es";
  api.aliases = {"es", "search"};
  api.networks = {"back", "front"};
  const model::Project project = project_with({api});
  const std::string names = R"(    hostname: es
    networks:
      back:
        aliases: [es, search]
      front:
        aliases: [search, es]
)";
  const std::string good = kGood + names;
  CHECK(check_compose(good, project) == "");
  SECTION("an alias missing on one network") {
    std::string out = check_compose(kGood + R"(    hostname: es
    networks:
      back:
        aliases: [es, search]
      front:
        aliases: [es]
)", project);
    CHECK(out.find("error[host-aliases]") != std::string::npos);
    CHECK(out.find("is not reached as search on network front") != std::string::npos);
  }
  SECTION("networks in list form carry no aliases") {
    std::string out = check_compose(kGood + "    hostname: es\n    networks: [back, front]\n",
                                    project);
    CHECK(out.find("is not reached as es on network back") != std::string::npos);
  }
  SECTION("another host name, or none") {
    std::string other = good;
    other.replace(other.find("hostname: es"), 12, "hostname: xy");
    CHECK(check_compose(other, project).find("has hostname xy; the spec's is es") !=
          std::string::npos);
    CHECK(check_compose(kGood + "    hostname: es\n").find(
              "has hostname es; the spec's is none") != std::string::npos);
  }
  SECTION("no networks: compose's default one") {
    model::Module plain = api_module();
    plain.aliases = {"jobs"};
    const model::Project p = project_with({plain});
    CHECK(check_compose(kGood + "    networks:\n      default:\n        aliases: [jobs]\n", p) ==
          "");
    CHECK(check_compose(kGood, p).find("is not reached as jobs on network default") !=
          std::string::npos);
  }
}

TEST_CASE("from_host: the service interpolates the host's variable") {
  model::Module api = api_module();
  model::EnvEntry tz;
  tz.name = "TZ";
  tz.kind = model::EnvKind::Required;
  tz.from_host = "TIMEZONE";
  api.env.push_back(tz);
  const model::Project project = project_with({api});
  const std::string reads = "      TZ: \"${TIMEZONE:?set outside repo}\"\n";
  const std::string at = "    volumes:\n";
  CHECK(check_compose(edit(at, reads + at), project) == "");
  for (const char* wrong : {"      TZ: \"${TZ:?set outside repo}\"\n", "      TZ: Europe/Berlin\n",
                            "      TZ: \"${TIMEZONE_X}\"\n"}) {
    INFO(wrong);
    std::string out = check_compose(edit(at, std::string(wrong) + at), project);
    CHECK(out.find("error[env-from-host]") != std::string::npos);
    CHECK(out.find("does not read TZ from the host's TIMEZONE") != std::string::npos);
  }
  CHECK(check_compose(kGood, project).find("error[env-from-host]") != std::string::npos);
}

// The services stream past the checker (yaml/mapping_stream.h), and what
// they need from the top level is concluded at the document's end: an
// override may write `networks` and `secrets` before `services`, or after.
TEST_CASE("services before or after the top level: faults in a service and at the top are found") {
  model::Module api = api_module();
  model::Mount token;
  token.kind = model::MountKind::Secret;
  token.secret = "tok";
  token.target = "/run/secrets/tok";
  api.mounts.push_back(token);
  const model::Project project = project_with({api});
  const std::string top =
      "networks:\n  default:\n    internal: true\nsecrets:\n  tok:\n    external: true\n";
  const std::string services =
      kGood.substr(kGood.find("services:\n")) +
      "    secrets:\n      - source: tok\n        target: /run/secrets/tok\n";
  const std::string last = "name: p\n" + top + services;  // "  api:" on line 9
  const std::string first = "name: p\n" + services + top;
  CHECK(check_compose(last, project) == "");
  CHECK(check_compose(first, project) == "");

  auto both = [&](const std::string& from, const std::string& to) {
    auto change = [&](std::string text) {
      size_t at = text.find(from);
      REQUIRE(at != std::string::npos);
      return check_compose(text.replace(at, from.size(), to), project);
    };
    return std::make_pair(change(last), change(first));
  };
  // In a service.
  auto [cap_last, cap_first] = both("    cap_drop:\n      - ALL\n", "");
  CHECK(cap_last.find("compose.yaml:9:3: error[cap-drop-all]: service 'api' does not drop all "
                      "capabilities") != std::string::npos);
  CHECK(cap_first.find("compose.yaml:3:3: error[cap-drop-all]") != std::string::npos);
  // At the top level, and what services need of it.
  auto [net_last, net_first] = both("    internal: true\n", "    internal: false\n");
  for (const std::string& out : {net_last, net_first}) {
    CHECK(out.find(":3: error[egress-output]: network 'default' routes out of the host; the spec "
                   "makes it internal") != std::string::npos);
    CHECK(out.find(":3: error[egress-output]: service 'api' has no egress in the spec but joins "
                   "network 'default', which routes out of the host") != std::string::npos);
  }
  auto [secret_last, secret_first] = both("    external: true\n", "    file: ./tok\n");
  CHECK(secret_last.find("compose.yaml:7:5: error[compose-secret-files]: secret tok of service "
                         "'api' is not declared at the top level as external") !=
        std::string::npos);
  CHECK(secret_first.find("error[compose-secret-files]: secret tok of service 'api' is not "
                          "declared at the top level as external") != std::string::npos);
  auto [undeclared, undeclared_first] = both("secrets:\n  tok:\n    external: true\n", "");
  CHECK(undeclared.find("compose.yaml:6:3: error[compose-secret-files]: secret tok of service "
                        "'api' is not declared") != std::string::npos);
  CHECK(undeclared_first.find("compose.yaml:3:3: error[compose-secret-files]") !=
        std::string::npos);
}

TEST_CASE("a compose file that does not parse reports its syntax error alone") {
  // The service before the error was checked while it streamed; what it
  // found is dropped with the file, as when the file was parsed whole.
  std::string out = check_compose(edit("    cap_drop:\n      - ALL\n", "") + "x: [\n");
  CHECK(out.find("error[yaml-syntax]") != std::string::npos);
  CHECK(out.find("cap-drop-all") == std::string::npos);
  CHECK(out.find("no compose service runs module 'api'") != std::string::npos);
}
