// project-paths, host-binds and the config file reader (check/project_files.h):
// issue 22, case 3 (`config: /proc/self/environ` put gen's environment into a
// ConfigMap). Each test builds a small project in a temporary directory.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "check/project_files.h"
#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;
namespace fs = std::filesystem;

namespace {

// A fresh directory holding the spec's project, removed at the end.
struct Project {
  fs::path dir;
  Project() {
    std::string tmpl = (fs::temp_directory_path() / "gen-project-XXXXXX").string();
    dir = ::mkdtemp(tmpl.data());
    write("conf/app.conf", "listen = 8080\n");
    fs::create_directories(dir / "ctx");
    fs::create_symlink("/etc/passwd", dir / "link.conf");
    fs::create_directory_symlink("/etc", dir / "etc-link");
    ::mkfifo((dir / "fifo").c_str(), 0600);
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
  std::string spec_file() const { return (dir / "spec.yaml").string(); }
};

spec::Mount mount(spec::Mount::Kind kind, const std::string& source, int line) {
  spec::Mount mt;
  mt.kind = kind;
  mt.source = str(source, line, 16);
  mt.target = str("/app/m" + std::to_string(line), line, 40);
  mt.loc = at(line, 9);
  return mt;
}

}  // namespace

TEST_CASE("project-paths: config files and build contexts stay in the project") {
  Project p;
  auto s = project();
  s.file = p.spec_file();
  auto m = service("api", 10);
  using K = spec::Mount::Kind;
  m.mounts = {mount(K::Config, "/proc/self/environ", 13), mount(K::Config, "../x.conf", 14),
              mount(K::Config, "./link.conf", 15),        mount(K::Config, "./fifo", 16),
              mount(K::Config, "./ctx", 17),              mount(K::Config, "./conf/app.conf", 18),
              mount(K::Config, "./missing.conf", 19),     mount(K::Config, "etc-link/passwd", 20)};
  spec::Build b;
  b.stack = str("debian", 21, 14);
  b.context = str("./conf/app.conf", 22, 16);
  m.build = b;
  s.modules.push_back(m);
  auto web = service("web", 30);
  spec::Build wb;
  wb.stack = str("debian", 31, 14);
  wb.context = str("../elsewhere", 32, 16);
  web.build = wb;
  s.modules.push_back(web);
  const std::string real_etc = fs::canonical("/etc").string();
  CHECK(findings(s) ==
        Lines{"13:16 error[project-paths]: config file /proc/self/environ of module api is an "
              "absolute host path",
              "14:16 error[project-paths]: config file ../x.conf of module api leaves the spec's "
              "directory with ..",
              "15:16 error[project-paths]: config file ./link.conf of module api leads through a "
              "symbolic link to " + fs::canonical("/etc/passwd").string() +
                  ", outside the spec's directory",
              "16:16 error[project-paths]: config file ./fifo of module api is a FIFO, not a "
              "regular file",
              "17:16 error[project-paths]: config file ./ctx of module api is a directory, not a "
              "file",
              "20:16 error[no-secret-values]: config file etc-link/passwd of module api is named "
              "like a secret; config files become ConfigMaps, readable with the namespace",
              "20:16 error[project-paths]: config file etc-link/passwd of module api leads through "
              "a symbolic link to " + real_etc + "/passwd, outside the spec's directory",
              "22:16 error[project-paths]: build context ./conf/app.conf of module api is a file, "
              "not a directory",
              "32:16 error[project-paths]: build context ../elsewhere of module web leaves the "
              "spec's directory with .."});
  // Not waivable: a waiver of project-paths is itself refused.
  s.modules[0].waivers.push_back(waiver("project-paths", "needs the host's environment", 25));
  CHECK(findings(s)[8] == "25:7 error[waiver]: rule project-paths cannot be waived");
}

TEST_CASE("host-binds: a bind outside the project needs a waiver with a reason") {
  Project p;
  auto s = project();
  s.file = p.spec_file();
  using K = spec::Mount::Kind;
  auto m = service("api", 10);
  m.mounts = {mount(K::Bind, "/var/log", 13), mount(K::Bind, "./ctx", 14),
              mount(K::Bind, "../shared", 15), mount(K::Bind, "./media", 16)};
  s.modules.push_back(m);
  auto shipper = service("shipper", 20);
  shipper.mounts = {mount(K::Bind, "/var/log", 23)};
  shipper.waivers.push_back(waiver("host-binds", "ships the host's /var/log", 24));
  s.modules.push_back(shipper);
  CHECK(full(s, "host-binds") ==
        Lines{"13:16 bind /var/log of module api is an absolute host path\n"
              "  help: bind a directory in the spec's directory tree; when the module needs this "
              "host path, say why with `waive: {host-binds: \"...\"}`",
              "15:16 bind ../shared of module api leaves the spec's directory with ..\n"
              "  help: bind a directory in the spec's directory tree; when the module needs this "
              "host path, say why with `waive: {host-binds: \"...\"}`"});
}

TEST_CASE("read_project_file: reads project files, never special or outside ones") {
  Project p;
  std::string why;
  CHECK(check::read_project_file(p.spec_file(), "conf/app.conf", why) ==
        std::string("listen = 8080\n"));
  CHECK_FALSE(check::read_project_file(p.spec_file(), "/proc/self/environ", why));
  CHECK(why == "it is an absolute host path");
  CHECK_FALSE(check::read_project_file(p.spec_file(), "link.conf", why));
  CHECK_FALSE(check::read_project_file(p.spec_file(), "../x", why));
  // A FIFO is refused without blocking (nobody ever writes to it).
  CHECK_FALSE(check::read_project_file(p.spec_file(), "fifo", why));
  CHECK(why == "it is a FIFO, not a regular file");
  // A spec kept under /proc does not make /proc files readable.
  CHECK_FALSE(check::read_project_file("/proc/self/spec.yaml", "environ", why));
  CHECK(why == "it is on a kernel file system (/proc, /sys, ...)");
  p.write("big.conf", std::string(check::kMaxConfigFileBytes + 1, 'x'));
  CHECK_FALSE(check::read_project_file(p.spec_file(), "big.conf", why));
}

TEST_CASE("no-secret-values: a secret in a config file, at the file's line") {
  Project p;
  p.write("conf/db.conf", "# database\nhost = db\npassword = hunter2\npassword_file = /run/x\n");
  auto s = project();
  s.file = p.spec_file();
  auto m = service("api", 10);
  m.mounts = {mount(spec::Mount::Kind::Config, "./conf/db.conf", 13),
              mount(spec::Mount::Kind::Config, "./conf/app.conf", 14)};
  s.modules.push_back(m);
  Diagnostics d;
  check::check_spec(s, d);
  REQUIRE(d.items().size() == 1);
  const auto& x = d.items().front();
  CHECK(x.rule_id == "no-secret-values");
  CHECK(x.range.begin.file.str() == (p.dir / "conf/db.conf").string());
  CHECK(x.range.begin.line == 3);
  CHECK(x.message == "config file mounted by module api holds a secret in `password` on this line");
}
