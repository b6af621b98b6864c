// Issue 22, case 13: two projects on one host with a volume `db-data`, a
// network `back` and a module `web` get distinct names on every target
// (compose, Quadlet, classic units, Kubernetes images, CONTRACT.md); the
// explicit opt-out (`external: true` with a `name`) yields the shared name;
// a fixed name without it is refused; an override that drops the scoping is
// refused by verify.
#include <catch2/catch.hpp>

#include "compose_gen.h"

using namespace gen::test;

namespace {

std::string spec_for(const std::string& project, const std::string& flavor,
                     const std::string& volume = "{}") {
  return "version: 1\nproject: " + project +
         "\nvolumes:\n  db-data: " + volume +
         "\nnetworks:\n  back: {}\nmodules:\n  web:\n    build: {stack: python-pip}\n"
         "    restart: unless-stopped\n    user: {uid: 1000, gid: 1000}\n"
         "    command: [python, -m, http.server, \"8000\"]\n"
         "    ports: [{container: 8000, host: 8000, name: http}]\n"
         "    health: {liveness: {http: /}}\n"
         "    mounts:\n      - {tmpfs: /tmp}\n      - {volume: db-data, target: /data}\n"
         "    state: {target: /var/lib/web}\n    networks: [back]\n"
         "targets:\n  systemd: {flavor: " + flavor + "}\n";
}

GenRun generate(const Scratch& s, const std::string& spec, const std::string& name,
                const std::vector<std::string>& extra = {}) {
  fs::create_directories(s.dir / "web");
  write_text(s.dir / (name + ".yaml"), spec);
  std::vector<std::string> args = {"all", "--spec", name + ".yaml"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_gen_in(s.dir, args, "out-" + name);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("two projects get distinct volume, network and image names on every target") {
  for (const char* flavor : {"quadlet", "service"}) {
    INFO(flavor);
    Scratch s;
    for (const std::string project : {"alpha", "beta"}) {
      INFO(project);
      GenRun r = generate(s, spec_for(project, flavor), project);
      REQUIRE(r.code == 0);
      const std::string p = project + "_";
      const std::string& compose = r.at("compose.yaml");
      CHECK(contains(compose, "image: \"" + p + "web:latest\""));
      CHECK(contains(compose, "  db-data:\n    name: " + p + "db-data\n"));
      CHECK(contains(compose, "  web-state:\n    name: " + p + "web-state\n"));
      CHECK(contains(compose, "  back:\n    name: " + p + "back\n"));
      if (std::string(flavor) == "quadlet") {
        CHECK(contains(r.at("systemd/db-data.volume"), "VolumeName=" + p + "db-data\n"));
        CHECK(contains(r.at("systemd/web-state.volume"), "VolumeName=" + p + "web-state\n"));
        CHECK(contains(r.at("systemd/back.network"), "NetworkName=" + p + "back\n"));
        CHECK(contains(r.at("systemd/web.container"), "Image=localhost/" + p + "web:latest\n"));
      } else {
        CHECK(contains(r.at("systemd/db-data-volume.service"), " " + p + "db-data\n"));
        CHECK(contains(r.at("systemd/web-state-volume.service"), " " + p + "web-state\n"));
        CHECK(contains(r.at("systemd/back-network.service"), " " + p + "back\n"));
        CHECK(contains(r.at("systemd/web.service"), "localhost/" + p + "web:latest"));
        CHECK(contains(r.at("systemd/web.service"), "--volume \"" + p + "db-data:/data\""));
      }
      // Kubernetes: the namespace scopes claims; the image is the scoped one.
      CHECK(contains(r.at("k8s/base/namespace.yaml"), "name: " + project + "\n"));
      CHECK(contains(r.at("k8s/base/modules/web/statefulset.yaml"),
                     "image: \"" + p + "web:latest\""));
      CHECK(contains(r.at("CONTRACT.md"), "shared volume `" + p + "db-data`"));
      CHECK(contains(r.at("CONTRACT.md"), "persistent state (volume `" + p + "web-state`"));
      CHECK(contains(r.at("web/Dockerfile"), "-t " + p + "web:latest"));
    }
  }
}

TEST_CASE("the opt-out: an external volume keeps its shared name on every target") {
  Scratch s;
  for (const std::string project : {"alpha", "beta"}) {
    GenRun r = generate(s, spec_for(project, "quadlet", "{external: true, name: shared-data}"),
                        project);
    REQUIRE(r.code == 0);
    CHECK(contains(r.at("compose.yaml"), "  db-data:\n    name: shared-data\n    external: true\n"));
    CHECK(contains(r.at("systemd/web.container"), "Volume=shared-data:/data"));
    CHECK_FALSE(r.has("systemd/db-data.volume"));  // created outside gen
    CHECK(contains(r.at("k8s/base/modules/web/statefulset.yaml"), "claimName: shared-data"));
    CHECK(contains(r.at("CONTRACT.md"), "shared volume `shared-data`"));
  }
}

TEST_CASE("a fixed name without external: true is refused at its position") {
  Scratch s;
  GenRun r = generate(s, spec_for("alpha", "quadlet", "{name: db-data}"), "alpha");
  CHECK(r.code == 1);
  CHECK(contains(r.err, "alpha.yaml:4:19: error[project-scoped-names]: volume 'db-data' sets the "
                        "fixed name 'db-data', which every project on the host shares"));
  CHECK(r.files.empty());
}

TEST_CASE("an override that writes an unscoped name is refused by verify") {
  {
    Scratch s;
    std::string body = read_text(fs::path(GEN_SOURCE_DIR) / "templates/compose/_body.yaml.j2");
    size_t at = body.find("    name: {{ v.name|yaml }}\n");
    REQUIRE(at != std::string::npos);
    body.replace(at, std::string("    name: {{ v.name|yaml }}\n").size(),
                 "    name: {{ v.key|yaml }}\n");
    write_text(s.dir / "ov/compose/_body.yaml.j2", body);
    GenRun r = generate(s, spec_for("alpha", "quadlet"), "alpha", {"--templates", "ov"});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "error[project-scoped-names]: volume 'db-data' is named 'db-data'; the "
                          "spec names it 'alpha_db-data'"));
  }
  {
    Scratch s;
    std::string unit = read_text(fs::path(GEN_SOURCE_DIR) / "templates/systemd/volume.volume.j2");
    const std::string from = "VolumeName={{ volume.name|systemd_escape }}";
    size_t at = unit.find(from);
    REQUIRE(at != std::string::npos);
    unit.replace(at, from.size(), "VolumeName={{ volume.key|systemd_escape }}");
    write_text(s.dir / "ov/systemd/volume.volume.j2", unit);
    GenRun r = generate(s, spec_for("alpha", "quadlet"), "alpha", {"--templates", "ov"});
    CHECK(r.code == 1);
    CHECK(contains(r.err, "error[project-scoped-names]: volume 'db-data' is created as 'db-data'"));
  }
}
