// Issue 20, anonymous volumes: `{anonymous: /path}` is a writable volume of
// the container's own on every target (compose `- /path`, Quadlet
// `Volume=/path`, `--volume /path`, a Kubernetes emptyDir), never a named
// volume or a claim, and the verifiers refuse an override that drops it or
// makes it a named volume.
#include <catch2/catch.hpp>

#include "../render/k8s_output.h"
#include "compose_gen.h"
#include "override_refusal.h"
#include "run_deployment.h"

using namespace gen::test;

namespace {

const char* const kSpec =
    "version: 1\n"
    "project: anon\n"
    "defaults:\n"
    "  user: {uid: 10001, gid: 10001}\n"
    "  restart: unless-stopped\n"
    "modules:\n"
    "  web:\n"
    "    image: docker.io/library/web:1.0\n"
    "    ports: [{container: 8080}]\n"
    "    health: {tcp: 8080}\n"
    "    mounts:\n"
    "      - {anonymous: /var/cache/web}\n";
const char* const kClassic = "targets:\n  systemd: {flavor: service, engine: podman}\n";

}  // namespace

TEST_CASE("an anonymous mount is a volume of the container's own on every target") {
  Scratch s;
  GenRun r = gen_in(s, kSpec, {"all"});
  INFO(r.err);
  REQUIRE(r.code == 0);

  YAML::Node compose = YAML::Load(r.at("compose.yaml"));
  YAML::Node vols = compose["services"]["web"]["volumes"];
  REQUIRE(vols.size() == 1);
  REQUIRE(vols[0].IsScalar());
  CHECK(vols[0].as<std::string>() == "/var/cache/web");  // no source: anonymous
  CHECK_FALSE(compose["volumes"]);                        // nothing named, nothing shared

  const std::string& unit = r.at("systemd/web.container");
  CHECK(unit.find("\nVolume=/var/cache/web\n") != std::string::npos);
  for (const auto& [path, text] : r.files) CHECK(path.find(".volume") == std::string::npos);

  YAML::Node web = deployment(r, "web");
  YAML::Node m = mount_at(container(web), "/var/cache/web");
  REQUIRE(m.IsMap());
  CHECK_FALSE(m["readOnly"]);
  YAML::Node v = volume(web, m["name"].as<std::string>());
  REQUIRE(v.IsMap());
  CHECK(v["emptyDir"].IsMap());
  CHECK_FALSE(v["emptyDir"]["medium"]);
  for (const auto& [path, text] : r.files)
    CHECK(text.find("kind: PersistentVolumeClaim") == std::string::npos);

  const std::string& contract = r.at("CONTRACT.md");
  CHECK(contract.find("| `web` | `/var/cache/web` | anonymous volume of this container, seeded "
                      "from the image") != std::string::npos);
  CHECK(contract.find("| anonymous | read-write |") != std::string::npos);

  Scratch c;
  GenRun classic = gen_in(c, std::string(kSpec) + kClassic, {"systemd"});
  INFO(classic.err);
  REQUIRE(classic.code == 0);
  CHECK(classic.at("systemd/web.service").find("--volume \"/var/cache/web\" \\\n") !=
        std::string::npos);
}

TEST_CASE("an override that drops an anonymous volume or names it is refused on each target") {
  const std::string svc = "compose/_service.yaml.j2";
  const std::string short_form = "      - {{ v.short|replace(\"$\", \"$$\")|verbatim }}\n";
  expect_refused(kSpec, "compose", svc, replaced(svc, short_form, ""), "anonymous-volumes");
  expect_refused(kSpec, "compose", svc,
                 replaced(svc, short_form, "      - cache:{{ v.short|verbatim }}\n"),
                 "anonymous-volumes");
  const std::string unit = "systemd/container.container.j2";
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "Volume={{ mount.target|systemd_value }}\n", ""),
                 "anonymous-volumes");
  expect_refused(kSpec, "systemd", unit,
                 replaced(unit, "Volume={{ mount.target|systemd_value }}\n",
                          "Volume=cache:{{ mount.target|systemd_value }}\n"),
                 "anonymous-volumes");
  const std::string service = "systemd/service.service.j2";
  expect_refused(std::string(kSpec) + kClassic, "systemd", service,
                 replaced(service, "[\"--volume \" ~ mount.target|systemd_exec]",
                          "[\"--volume \" ~ (\"/srv:\" ~ mount.target)|systemd_exec]"),
                 "anonymous-volumes");
  const std::string pod = "k8s/_pod.yaml.j2";
  expect_refused(kSpec, "k8s", pod,
                 replaced(pod, "          emptyDir: {}\n",
                          "          persistentVolumeClaim:\n            claimName: cache\n"),
                 "k8s-anonymous-volumes");
}
