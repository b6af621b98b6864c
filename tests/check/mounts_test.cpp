#include <catch2/catch.hpp>

#include "values/host_paths.h"
#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;
using Kind = spec::Mount::Kind;

namespace {

spec::Mount mount(Kind kind, const std::string& source, const std::string& target, int line) {
  spec::Mount m;
  m.kind = kind;
  m.source = str(source, line, 15);
  m.target = str(target, line, 30);
  m.loc = at(line, 9);
  return m;
}

}  // namespace

TEST_CASE("paths: lexical normalisation") {
  using gen::values::normalise_path;
  CHECK(normalise_path("/app//data/") == "/app/data");
  CHECK(normalise_path("/app/./data/../logs") == "/app/logs");
  CHECK(normalise_path("/..") == "/");
  CHECK(normalise_path("/") == "/");
}

TEST_CASE("read-only-conf: writable conf, config and another module's directory") {
  auto s = project();
  auto m = service("api", 10);
  auto conf = mount(Kind::Own, "conf", "/app/conf", 15);
  conf.read_only = flag(false, 15, 50);
  auto data = mount(Kind::Own, "data", "/app/data", 16);
  data.read_only = flag(false, 16, 50);  // data may be writable
  auto from = mount(Kind::From, "waha", "/app/provider-sessions", 17);
  from.path = str("sessions", 17, 25);
  from.read_only = flag(false, 17, 60);
  auto config = mount(Kind::Config, "./wats.config.yaml", "/app/config/wats.config.yaml", 18);
  config.read_only = flag(false, 18, 70);
  auto ro = mount(Kind::Own, "conf", "/etc/app", 19);
  ro.read_only = flag(true, 19, 50);
  m.mounts = {conf, data, from, config, ro};
  s.modules.push_back(m);
  CHECK(full(s, "read-only-conf") ==
        Lines{"15:50 conf mount /app/conf of module api is writable; conf mounts are read-only\n"
              "  help: remove `read_only: false`; write run-time state to the module's data/ "
              "directory or to a tmpfs",
              "17:60 directory sessions of module waha is mounted writable; another module's "
              "directory is mounted read-only\n"
              "  help: remove `read_only: false`; only the owning module writes its directories",
              "18:70 config mount /app/config/wats.config.yaml of module api is writable; "
              "configuration is mounted read-only\n"
              "  help: remove `read_only: false`; generate writable files into a tmpfs at start"});
}

TEST_CASE("read-only-conf: a waiver with a reason") {
  auto s = project();
  auto m = service("api", 10);
  auto conf = mount(Kind::Own, "conf", "/app/conf", 15);
  conf.read_only = flag(false, 15, 50);
  m.mounts = {conf};
  m.waivers.push_back(waiver("read-only-conf", "the app rewrites its config on upgrade", 20));
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{});
}

TEST_CASE("mount-targets: absolute, normalised, not /, unique with tmpfs and state") {
  auto s = project();
  auto m = service("db", 10);
  spec::Mount tmp;
  tmp.kind = Kind::Tmpfs;
  tmp.source = str("/tmp", 15, 18);  // a tmpfs may name its target as its source only
  m.mounts = {tmp,
              mount(Kind::Own, "data", "app/data", 16),
              mount(Kind::Own, "logs", "/app//logs/", 17),
              mount(Kind::Volume, "certs", "/", 18),
              mount(Kind::Own, "conf", "/tmp", 19),
              mount(Kind::Volume, "pg", "/var/lib/postgresql/data", 20)};
  spec::State st;
  st.target = str("/var/lib/postgresql/data/", 22, 20);
  m.state = st;
  s.modules.push_back(m);
  CHECK(full(s, "mount-targets") ==
        Lines{"16:30 mount target 'app/data' is not an absolute path\n"
              "  help: write the path from the container's root, e.g. /app/data",
              "17:30 mount target /app//logs/ is not normalised\n"
              "  help: write it as /app/logs",
              "18:30 mount target / would hide the container's whole filesystem\n"
              "  help: mount a directory below /, e.g. /app/data",
              "19:30 mount target /tmp is already used by another mount of module db\n"
              "  note: first used here (15:18)\n"
              "  help: mount each path once; the later mount would hide the earlier one",
              "22:20 mount target /var/lib/postgresql/data is already used by another mount of "
              "module db\n"
              "  note: first used here (20:30)\n"
              "  help: mount each path once; the later mount would hide the earlier one",
              // same position: ordered by message
              "22:20 mount target /var/lib/postgresql/data/ is not normalised\n"
              "  help: write it as /var/lib/postgresql/data"});
}

TEST_CASE("mount-targets: the same target in two modules is fine") {
  auto s = project();
  auto a = service("api", 10);
  a.mounts = {mount(Kind::Own, "data", "/app/data", 15)};
  auto b = service("app", 20);
  b.mounts = {mount(Kind::Own, "data", "/app/data", 25)};
  s.modules = {a, b};
  CHECK(findings(s) == Lines{});
}

TEST_CASE("shared-volume-writers: one writer, the others read-only (seed 003)") {
  auto s = project();
  auto certbot = service("certbot", 10);
  certbot.mounts = {mount(Kind::Volume, "certs", "/data/certificates", 15),
                    mount(Kind::Volume, "certs", "/backup/certificates", 16)};
  auto apache = service("apache", 20);
  auto ro = mount(Kind::Volume, "certs", "/data/certificates", 25);
  ro.read_only = flag(true, 25, 60);
  apache.mounts = {ro};
  auto mail = service("mail", 30);
  mail.mounts = {mount(Kind::Volume, "certs", "/data/certificates", 35)};
  auto bind = service("bind", 40);
  auto rw = mount(Kind::Volume, "certs", "/data/certificates", 45);
  rw.read_only = flag(false, 45, 60);
  bind.mounts = {rw};
  bind.waivers.push_back(waiver("shared-volume-writers", "renews its own DNS-01 records", 47));
  s.modules = {certbot, apache, mail, bind};
  CHECK(full(s, "shared-volume-writers") ==
        Lines{"35:15 module mail mounts volume certs read-write, but module certbot already "
              "writes it\n"
              "  note: first writer here (15:15)\n"
              "  help: add `read_only: true` here: one module writes a shared volume, the others "
              "read it"});
}
