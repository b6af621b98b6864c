// The systemd verifier: unit files read back as systemd reads them, and the
// container contract checked on them, with positioned diagnostics naming
// the rule and the template.
#include <catch2/catch.hpp>

#include <string>

#include "diagnostics/render.h"
#include "load/load_spec.h"
#include "resolve/resolve.h"
#include "verify/systemd_unit.h"
#include "verify/verifiers.h"

using namespace gen;

namespace {

// One module with a conf mount, a published port and a health check.
model::Project project_for(const std::string& flavor, const std::string& engine,
                           const std::string& extra = "") {
  std::string spec = R"(version: 1
project: shop
defaults:
  user: {uid: 1000, gid: 1001, groups: [9999]}
  restart: unless-stopped
modules:
  api:
    image: registry.example.com/shop/api:1.4.2
    ports: [{container: 5000, host: 8100}]
    health: {check: {http: /healthz}}
    mounts:
      - {tmpfs: /tmp}
      - {own: conf, target: /app/conf}
)" + extra + R"(targets:
  systemd: {flavor: )" + flavor + ", engine: " + engine + "}\n";
  Diagnostics diags;
  SourceFiles sources;
  auto loaded = load::load_spec_from_string("shop.yaml", spec, diags, sources);
  REQUIRE(loaded);
  auto project = resolve::resolve(*loaded, "", diags, 1);
  REQUIRE(project);
  REQUIRE(!diags.has_errors());
  return std::move(*project);
}

const std::string kContainer = R"([Unit]
Description=shop api

[Container]
ContainerName=api
Image=registry.example.com/shop/api:1.4.2
User=1000
Group=1001
GroupAdd=9999
ReadOnly=true
Tmpfs=/tmp
DropCapability=all
NoNewPrivileges=true
PublishPort=127.0.0.1:8100:5000/tcp
Volume=../api/conf:/app/conf:ro,z
HealthCmd=["curl", "-f", "http://127.0.0.1:5000/healthz"]
Network=shop-egress.network
[Install]
WantedBy=default.target
)";

const std::string kService = R"([Unit]
Description=shop api

[Service]
ExecStart=/usr/bin/docker run \
    --rm \
    --name "api" \
    --user "1000:1001" \
    --group-add 9999 \
    --read-only \
    --tmpfs "/tmp" \
    --cap-drop all \
    --security-opt no-new-privileges \
    --publish "127.0.0.1:8100:5000/tcp" \
    --volume %Y/"../api/conf:/app/conf:ro,z" \
    --health-cmd "curl -f http://127.0.0.1:5000/healthz" \
    --network shop_egress \
    registry.example.com/shop/api:1.4.2
)";

std::string edit(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  REQUIRE(text.find(from, at + 1) == std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string check(const std::string& path, const std::string& text,
                  const model::Project& project) {
  FileSet files;
  std::string tmpl = path.size() > 10 && path.substr(path.size() - 10) == ".container"
                         ? "systemd/container.container.j2"
                         : "systemd/service.service.j2";
  files[path] = OutputFile{text, tmpl};
  Diagnostics diags;
  verify::verify_systemd(files, project, diags);
  diags.sort();
  SourceFiles sources;
  sources.add(path, text);
  return render_diagnostics(diags, sources, RenderOptions{});
}

std::string check_quadlet(const std::string& text) {
  return check("systemd/api.container", text, project_for("quadlet", "podman"));
}

std::string check_docker(const std::string& text) {
  return check("systemd/api.service", text, project_for("service", "docker"));
}

}  // namespace

TEST_CASE("a hardened Quadlet unit and a hardened docker unit pass") {
  CHECK(check_quadlet(kContainer) == "");
  CHECK(check_docker(kService) == "");
}

TEST_CASE("a Quadlet unit without DropCapability is refused at [Container]") {
  CHECK(check_quadlet(edit(kContainer, "DropCapability=all\n", "")) ==
        "systemd/api.container:4:1: error[cap-drop-all]: module 'api' does not drop every "
        "capability (DropCapability=all)\n"
        " 4 | [Container]\n"
        "   | ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
}

TEST_CASE("root, a user name and a missing group are refused where they are") {
  CHECK(check_quadlet(edit(kContainer, "User=1000\n", "User=0\n")) ==
        "systemd/api.container:7:6: error[non-root-user]: module 'api' runs with user 0 (root)\n"
        " 7 | User=0\n"
        "   |      ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
  CHECK(check_quadlet(edit(kContainer, "User=1000\n", "User=app\n")) ==
        "systemd/api.container:7:6: error[non-root-user]: module 'api' sets user 'app' by name; "
        "the contract needs a numeric id\n"
        " 7 | User=app\n"
        "   |      ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
  CHECK(check_quadlet(edit(kContainer, "Group=1001\n", "")) ==
        "systemd/api.container:4:1: error[non-root-user]: module 'api' sets no group (Group=), so "
        "its container runs with the image's group (often root)\n"
        " 4 | [Container]\n"
        "   | ^\n"
        "  = note: rendered from template systemd/container.container.j2\n"
        "  = help: set Group= to the spec's numeric group id\n");
}

TEST_CASE("writable root, new privileges and a wildcard port are refused") {
  CHECK(check_quadlet(edit(kContainer, "ReadOnly=true\n", "ReadOnly=false\n")) ==
        "systemd/api.container:10:10: error[read-only-root]: module 'api' has a writable root "
        "filesystem: ReadOnly=true is 'false'\n"
        " 10 | ReadOnly=false\n"
        "    |          ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
  CHECK(check_quadlet(edit(kContainer, "NoNewPrivileges=true\n", "")) ==
        "systemd/api.container:4:1: error[no-new-privileges]: module 'api' may gain privileges: "
        "NoNewPrivileges=true is missing\n"
        " 4 | [Container]\n"
        "   | ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
  CHECK(check_quadlet(edit(kContainer, "PublishPort=127.0.0.1:8100:5000/tcp",
                           "PublishPort=8100:5000/tcp")) ==
        "systemd/api.container:14:13: error[loopback-ports]: module 'api' publishes "
        "'8100:5000/tcp' on every host address, not on loopback\n"
        " 14 | PublishPort=8100:5000/tcp\n"
        "    |             ^\n"
        "  = note: rendered from template systemd/container.container.j2\n"
        "  = help: bind published ports to 127.0.0.1 (the spec's bind address)\n");
}

TEST_CASE("PodmanArgs cannot undo the keys, and conf stays read-only") {
  CHECK(check_quadlet(edit(kContainer, "[Install]", "PodmanArgs=--cap-add=NET_ADMIN\n[Install]")) ==
        "systemd/api.container:18:12: error[cap-drop-all]: module 'api' adds capability "
        "'NET_ADMIN' back, which the spec does not grant under a waiver of "
        "no-added-capabilities\n"
        " 18 | PodmanArgs=--cap-add=NET_ADMIN\n"
        "    |            ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
  CHECK(check_quadlet(edit(kContainer, "/app/conf:ro,z", "/app/conf:z")) ==
        "systemd/api.container:15:8: error[read-only-conf]: module 'api' mounts /app/conf "
        "writable; the spec makes it read-only\n"
        " 15 | Volume=../api/conf:/app/conf:z\n"
        "    |        ^\n"
        "  = note: rendered from template systemd/container.container.j2\n"
        "  = help: add the ro option: <source>:/app/conf:ro\n");
}

TEST_CASE("a long-running module needs a health check") {
  CHECK(check_quadlet(edit(kContainer,
                           "HealthCmd=[\"curl\", \"-f\", \"http://127.0.0.1:5000/healthz\"]\n",
                           "")) ==
        "systemd/api.container:4:1: error[health-check]: module 'api' is long-running but its "
        "unit has no health check (HealthCmd=)\n"
        " 4 | [Container]\n"
        "   | ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
}

TEST_CASE("classic units are checked on the run flags, positioned on continuation lines") {
  CHECK(check_docker(edit(kService, "    --user \"1000:1001\" \\\n", "")) ==
        "systemd/api.service:5:1: error[non-root-user]: module 'api' sets no group (--user), so "
        "its container runs with the image's group (often root)\n"
        " 5 | ExecStart=/usr/bin/docker run \\\n"
        "   | ^\n"
        "  = note: rendered from template systemd/service.service.j2\n"
        "  = help: set --user to the spec's numeric group id\n"
        "systemd/api.service:5:1: error[non-root-user]: module 'api' sets no user (--user), so "
        "its container runs with the image's user (often root)\n"
        " 5 | ExecStart=/usr/bin/docker run \\\n"
        "   | ^\n"
        "  = note: rendered from template systemd/service.service.j2\n"
        "  = help: set --user to the spec's numeric user id\n");
  CHECK(check_docker(edit(kService, "--cap-drop all", "--cap-drop NET_RAW")) ==
        "systemd/api.service:12:16: error[cap-drop-all]: module 'api' does not drop every "
        "capability (--cap-drop all)\n"
        " 12 |     --cap-drop NET_RAW \\\n"
        "    |                ^\n"
        "  = note: rendered from template systemd/service.service.j2\n");
  CHECK(check_docker(edit(kService, "\"127.0.0.1:8100:5000/tcp\"", "\"0.0.0.0:8100:5000/tcp\"")) ==
        "systemd/api.service:14:15: error[loopback-ports]: module 'api' publishes "
        "'0.0.0.0:8100:5000/tcp' on '0.0.0.0', not on loopback\n"
        " 14 |     --publish \"0.0.0.0:8100:5000/tcp\" \\\n"
        "    |               ^\n"
        "  = note: rendered from template systemd/service.service.j2\n"
        "  = help: bind published ports to 127.0.0.1 (the spec's bind address)\n");
}

TEST_CASE("a unit line systemd would reject is reported") {
  CHECK(check_quadlet(edit(kContainer, "Description=shop api\n", "Description shop api\n")) ==
        "systemd/api.container:2:1: error[systemd-syntax]: line is not a [Section] header, a "
        "comment or Key=value\n"
        " 2 | Description shop api\n"
        "   | ^\n"
        "  = note: rendered from template systemd/container.container.j2\n");
}

TEST_CASE("unit files are read back as systemd reads them") {
  using namespace gen::verify::unit;
  UnitFile u = parse(
      "# comment\n[Service]\nExecStart=/bin/echo \"a b\" \\\n  ; a comment inside\n"
      "  'c d' e\\x41\\n \"q\\\"\\\\\"\nEnvironment=\"K=v w\" X=\\s\n");
  REQUIRE(u.problems.empty());
  REQUIRE(u.entries.size() == 2);
  const Entry& exec = u.entries[0];
  CHECK(exec.key == "ExecStart");
  std::vector<Word> words;
  Problem p;
  REQUIRE(split_words(exec, words, p));
  REQUIRE(words.size() == 5);
  CHECK(words[1].text == "a b");
  CHECK(words[2].text == "c d");
  CHECK(words[2].at.line == 5);
  CHECK(words[2].at.column == 3);
  CHECK(words[3].text == "eA\n");
  CHECK(words[4].text == "q\"\\");
  std::vector<Word> env;
  REQUIRE(split_words(u.entries[1], env, p));
  REQUIRE(env.size() == 2);
  CHECK(env[0].text == "K=v w");
  CHECK(env[1].text == "X= ");

  std::vector<Word> bad;
  CHECK_FALSE(split_words(parse("[S]\nA=\"open\n").entries[0], bad, p));
  CHECK(p.message == "unbalanced quoting in A=");
  CHECK(p.at.line == 2);
  CHECK(p.at.column == 3);
  CHECK_FALSE(split_words(parse("[S]\nA=x\\q\n").entries[0], bad, p));
  CHECK(p.message == "invalid escape sequence in A=");
  CHECK(is_true("Yes"));
  CHECK_FALSE(is_true("0"));
}

TEST_CASE("every byte of a unit value keeps its line and column") {
  using namespace gen::verify::unit;
  UnitFile u = parse(
      "[S]\nA = xy \\\n  ; note\n\tz\\\n  w  \nB=q \\\n   \n"
      "C=a\\\r\nb\r\nD=\n");
  REQUIRE(u.problems.empty());
  REQUIRE(u.entries.size() == 4);
  auto pos = [](const Entry& e, size_t offset) {
    Position p = e.position_of(offset);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  // Continuation lines, a comment inside them, trailing blanks trimmed.
  const Entry& a = u.entries[0];
  CHECK(a.value == "xy  z w");
  CHECK(pos(a, 0) == "2:5");
  CHECK(pos(a, 2) == "2:7");
  CHECK(pos(a, 3) == "2:8");  // the joining space is where the backslash was
  CHECK(pos(a, 4) == "4:2");
  CHECK(pos(a, 5) == "4:3");
  CHECK(pos(a, 6) == "5:3");
  CHECK(pos(a, 7) == "5:4");  // past the end: the column after the last byte
  std::vector<Word> words;
  Problem p;
  REQUIRE(split_words(a, words, p));
  REQUIRE(words.size() == 3);
  CHECK(words[1].at.line == 4);
  CHECK(words[1].at.column == 2);
  CHECK(words[2].at.line == 5);
  CHECK(words[2].at.column == 3);
  // A continuation onto a blank line: the joining space is trimmed away.
  const Entry& b = u.entries[1];
  CHECK(b.value == "q");
  CHECK(pos(b, 0) == "6:3");
  CHECK(pos(b, 1) == "6:4");
  // CRLF line ends.
  const Entry& c = u.entries[2];
  CHECK(c.value == "a b");
  CHECK(pos(c, 1) == "8:4");
  CHECK(pos(c, 2) == "9:1");
  // An empty value: the key's position.
  const Entry& d = u.entries[3];
  CHECK(d.value.empty());
  CHECK(pos(d, 0) == "10:1");
  // An even run of backslashes ends the line; an odd one continues it.
  UnitFile runs = parse("[S]\nE=a\\\\\nF=b\\\\\\\nc\n");
  REQUIRE(runs.entries.size() == 2);
  CHECK(runs.entries[0].value == "a\\\\");
  CHECK(runs.entries[1].value == "b\\\\ c");
  CHECK(pos(runs.entries[1], 4) == "4:1");
}

TEST_CASE("setup steps: the unit requires and starts after its step, a oneshot") {
  const auto project =
      project_for("quadlet", "podman", "    setup: [{name: migrate, command: [migrate]}]\n");
  const std::string waits = "Description=shop api\nRequires=api-migrate.service\n"
                            "After=api-migrate.service\n";
  CHECK(check("systemd/api.container", edit(kContainer, "Description=shop api\n", waits),
              project) == "");
  SECTION("without Requires=") {
    std::string out = check("systemd/api.container",
                            edit(kContainer, "Description=shop api\n",
                                 "Description=shop api\nAfter=api-migrate.service\n"),
                            project);
    CHECK(out.find("error[systemd-setup-steps]") != std::string::npos);
    CHECK(out.find("(Requires=api-migrate.service in [Unit])") != std::string::npos);
    CHECK(out.find("(After=") == std::string::npos);
  }
  SECTION("a step that is not Type=oneshot") {
    std::string out = check("systemd/api-migrate.container",
                            "[Container]\nImage=x\n\n[Service]\nType=simple\n", project);
    CHECK(out.find("error[systemd-setup-steps]") != std::string::npos);
    CHECK(out.find("must be Type=oneshot") != std::string::npos);
  }
}

TEST_CASE("host name and aliases: HostName=/NetworkAlias=, --hostname/--network-alias") {
  const std::string names = "    hostname: es\n    aliases: [search]\n";
  const auto quadlet = project_for("quadlet", "podman", names);
  const std::string good =
      edit(kContainer, "NoNewPrivileges=true\n",
           "NoNewPrivileges=true\nHostName=es\nNetworkAlias=es\nNetworkAlias=search\n");
  CHECK(check("systemd/api.container", good, quadlet) == "");
  SECTION("an alias missing") {
    std::string out = check("systemd/api.container", edit(good, "NetworkAlias=search\n", ""),
                            quadlet);
    CHECK(out.find("error[host-aliases]") != std::string::npos);
    CHECK(out.find("is not reached as search") != std::string::npos);
    CHECK(out.find("NetworkAlias=search") != std::string::npos);  // the help
  }
  SECTION("another host name, from PodmanArgs (which wins)") {
    std::string out = check("systemd/api.container",
                            edit(good, "HostName=es\n", "HostName=es\nPodmanArgs=--hostname x\n"),
                            quadlet);
    CHECK(out.find("error[host-aliases]") != std::string::npos);
    CHECK(out.find("has host name x; the spec's is es") != std::string::npos);
  }
  SECTION("a host name the spec does not set") {
    std::string out = check("systemd/api.container",
                            edit(kContainer, "NoNewPrivileges=true\n",
                                 "NoNewPrivileges=true\nHostName=other\n"),
                            project_for("quadlet", "podman"));
    CHECK(out.find("has host name other; the spec's is none") != std::string::npos);
  }
  const auto docker = project_for("service", "docker", names);
  const std::string flags = "    --hostname es \\\n    --network-alias es \\\n"
                            "    --network-alias search \\\n";
  const std::string classic = edit(kService, "    --read-only \\\n", "    --read-only \\\n" + flags);
  CHECK(check("systemd/api.service", classic, docker) == "");
  std::string out = check("systemd/api.service", edit(classic, "    --network-alias es \\\n", ""),
                          docker);
  CHECK(out.find("error[host-aliases]") != std::string::npos);
  CHECK(out.find("is not reached as es") != std::string::npos);
}
