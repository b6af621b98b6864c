#include "render/dockerfile_model.h"

#include <catch2/catch.hpp>

#include <stdexcept>

#include "context/context.h"
#include "load/load_spec.h"
#include "render/container_probe.h"
#include "render/dockerfile_quote.h"
#include "render/targets.h"
#include "resolve/resolve.h"

using namespace gen;
using Json = nlohmann::ordered_json;

namespace {

const char* kSpec = R"(version: 1
project: infra
defaults:
  user: {uid: 1001, gid: 1001, groups: [9999]}
volumes:
  certs: {}
modules:
  base:
    kind: base
    build: {stack: debian, from: "debian:bookworm-slim", image: base-debian,
            packages: [python3-venv, ca-certificates]}
    user: {uid: 9999, gid: 9999, name: certuser, group_name: certgroup}
  web:
    build: {stack: debian, base: base, packages: [apache2]}
    entrypoint: [/entrypoint.sh]
    ports: [{container: 8080, host: 8080}]
    health: {check: {http: /healthz}, interval: 15s, retries: 4}
    env:
      DOMAIN: {required: true}
      NOTE: "line one\nline two"
      QUOTED: "say \"hi\" to $USER \\ bye"
    mounts:
      - {volume: certs, target: /data/certificates}
    state: {target: /var/lib/web}
  ui:
    build: {stack: nextjs, context: ./ui}
    user: {uid: 1000, gid: 1001, name: nextjs, group_name: nodejs}
    ports: [{container: 3000, host: 3000}]
    health: {check: {http: /api/health}}
    env:
      API_KEY: {secret: true}
)";

// The resolved project of kSpec and its context, with the output paths the
// pipeline adds for a spec in specs/ rendered into output-examples/<project>/.
struct Resolved {
  model::Project project;
  Json context;

  Resolved() {
    Diagnostics diags;
    SourceFiles sources;
    auto spec = load::load_spec_from_string("specs/test.yaml", kSpec, diags, sources);
    if (!spec || diags.has_errors()) throw std::runtime_error("kSpec does not load");
    auto resolved = resolve::resolve(*spec, "", diags, 1);
    if (!resolved || diags.has_errors()) throw std::runtime_error("kSpec does not resolve");
    project = std::move(*resolved);
    project.paths = model::Paths{"../../specs", "../output-examples/test"};
    context = context::to_json(project);
  }

  // The dockerfile model of the module called `name`.
  Json docker(const std::string& name) const {
    for (size_t i = 0; i < project.modules.size(); ++i)
      if (project.modules[i].name == name)
        return render::dockerfile_model(project, project.modules[i]);
    throw std::runtime_error("no module " + name);
  }
};

}  // namespace

TEST_CASE("dockerfile_quote round-trips what Docker unescapes in double quotes") {
  CHECK(render::dockerfile_quote("plain") == "\"plain\"");
  CHECK(render::dockerfile_quote("a\"b\\c$d") == "\"a\\\"b\\\\c\\$d\"");
  CHECK(render::dockerfile_quote("caf\xc3\xa9 #1: x") == "\"caf\xc3\xa9 #1: x\"");
  CHECK(render::dockerfile_writable("tab\there"));
  CHECK_FALSE(render::dockerfile_writable("two\nlines"));
  CHECK_FALSE(render::dockerfile_writable("cr\r"));
}

TEST_CASE("a service built FROM a base module: family, packages, user, entrypoint") {
  Json d = Resolved().docker("web");
  CHECK(d["family"] == "debian");
  CHECK(d["from"] == "base-debian:latest");
  CHECK(d["base_module"] == "base");
  CHECK(d["context"] == "../../specs/web");
  // The HTTP check uses curl, which neither web nor its base installs.
  CHECK(d["packages"] == Json{"apache2", "curl"});
  CHECK(d["user"] == Json{{"uid", 1001},
                          {"gid", 1001},
                          {"spec", "1001:1001"},
                          {"name", "app"},
                          {"group_name", "app"},
                          {"groups", {9999}}});
  // gen's script replaces the spec's /entrypoint.sh rather than wrapping it.
  CHECK(d["entrypoint"] == Json{"/entrypoint.sh"});
  CHECK(d["entrypoint_script"] == true);
  CHECK(d["required_env"] == Json{"DOMAIN"});
  CHECK(d["healthcheck"]["options"] ==
        "--interval=15s --timeout=5s --start-period=10s --retries=4");
  CHECK(d["healthcheck"]["argv"][0] == "curl");
  CHECK(d["healthcheck"]["argv"].back() == "http://127.0.0.1:8080/healthz");
  CHECK(d["expose"] == Json{"8080/tcp"});
  CHECK(d["writable_dirs"] == Json{"/data/certificates", "/var/lib/web"});
  // A value with a line break cannot be written in ENV; the others are quoted.
  CHECK(d["env_not_baked"] == Json{"NOTE"});
  REQUIRE(d["env"].size() == 1);
  CHECK(d["env"][0]["name"] == "QUOTED");
  CHECK(d["env"][0]["value"] == "\"say \\\"hi\\\" to \\$USER \\\\ bye\"");
}

TEST_CASE("the base image: no entrypoint script, the venv on PATH") {
  Json d = Resolved().docker("base");
  CHECK(d["entrypoint_script"] == false);
  CHECK(d["entrypoint"].is_null());
  CHECK(d["venv"] == true);
  CHECK(d["healthcheck"].is_null());
  CHECK(d["user"]["spec"] == "9999:9999");
  CHECK(d["user"]["name"] == "certuser");
}

TEST_CASE("alpine images and the node check; secrets never reach ENV") {
  Json d = Resolved().docker("ui");
  CHECK(d["family"] == "alpine");
  CHECK(d["healthcheck"]["argv"] ==
        Json{"node", "-e",
             "fetch(\"http://127.0.0.1:3000/api/health\").then((r) => process.exit(r.ok ? 0 : 1), "
             "() => process.exit(1))"});
  CHECK(d["env"].empty());
  CHECK(d["required_env"] == Json{"API_KEY"});
}

TEST_CASE("probe tools follow the stack") {
  model::Module m;
  m.build = model::Build{};
  m.build->stack = "python-uv";
  model::Probe http;
  http.kind = model::ProbeKind::Http;
  http.path = "/h'x";
  http.port = 8000;
  m.health = model::Health{};
  m.health->liveness = http;
  m.health->timings.timeout = model::Duration::of("3s", 3000);
  CHECK(render::probe_tool(m) == "python");
  CHECK(render::container_probe_argv(m) ==
        Json{"python", "-c",
             "import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:8000/h'x\", "
             "timeout=3)"});
  m.health->timings.timeout = model::Duration::of("500ms", 500);  // never 0: at least 1 s
  CHECK(render::container_probe_argv(m)[2] ==
        "import urllib.request; urllib.request.urlopen(\"http://127.0.0.1:8000/h'x\", "
        "timeout=1)");
  m.build->stack = "bun";
  model::Probe tcp;
  tcp.kind = model::ProbeKind::Tcp;
  tcp.port = 5432;
  m.health->liveness = tcp;
  CHECK(render::container_probe_argv(m)[0] == "bun");
  model::Probe command;
  command.kind = model::ProbeKind::Command;
  command.command = {"pg_isready"};
  m.health->readiness = command;  // liveness first: still the tcp check
  CHECK(render::container_probe_argv(m)[0] == "bun");
  m.health->liveness.reset();
  CHECK(render::container_probe_argv(m) == Json{"pg_isready"});
  m.health.reset();
  CHECK(render::container_probe_argv(m).is_null());
  m.build.reset();
  CHECK(render::probe_tool(m) == "sh");
}

TEST_CASE("plan_dockerfile: one Dockerfile per built module, by stack, in context order") {
  Resolved r;
  render::Plan plan = render::plan_dockerfile(r.project, r.context);
  std::vector<std::string> got;
  for (const auto& f : plan) got.push_back(f.path + " <- " + f.template_name);
  CHECK(got == std::vector<std::string>{
                   "base/Dockerfile <- dockerfile/debian.Dockerfile.j2",
                   "base/.dockerignore <- dockerfile/dockerignore.j2",
                   "web/Dockerfile <- dockerfile/debian.Dockerfile.j2",
                   "web/.dockerignore <- dockerfile/dockerignore.j2",
                   "web/entrypoint.sh <- dockerfile/entrypoint.sh.j2",
                   "ui/Dockerfile <- dockerfile/nextjs.Dockerfile.j2",
                   "ui/.dockerignore <- dockerfile/dockerignore.j2",
                   "ui/entrypoint.sh <- dockerfile/entrypoint.sh.j2",
               });
}
