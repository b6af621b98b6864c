#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

namespace {

void depend(spec::Module& m, const std::string& on, const std::string& condition, int line) {
  m.depends_on.push_back(spec::Dependency{str(on, line, 7), str(condition, line, 9 + static_cast<int>(on.size()))});
}

}  // namespace

TEST_CASE("dependency-target: itself, or a base module") {
  auto s = project();
  auto base = service("base-debian", 10);
  base.kind = str("base", 11, 11);
  base.build = spec::Build{};
  base.ports.clear();
  base.health.reset();
  auto api = service("api", 20);
  depend(api, "api", "started", 25);
  depend(api, "base-debian", "started", 26);
  depend(api, "nowhere", "started", 27);  // unknown: the loader's finding
  s.modules = {base, api};
  CHECK(full(s, "dependency-target") ==
        Lines{"25:7 module api depends on itself\n"
              "  help: remove this depends_on entry",
              "26:7 module api depends on base module base-debian, which never runs\n"
              "  help: depend on a module that runs; a base module only builds an image that "
              "others extend (build.base)"});
  CHECK(full(s, "dependency-cycle") == Lines{});
}

TEST_CASE("dependency-condition: healthy needs a health check, completed a job") {
  auto s = project();
  auto db = service("postgres", 10);
  db.health.reset();
  db.kind = str("service", 11, 11);
  db.waivers.push_back(waiver("health-check", "checked by the operator's monitoring", 14));
  auto migrate = service("migrate", 20);
  migrate.kind = str("job", 21, 11);
  auto api = service("api", 30);
  depend(api, "postgres", "healthy", 35);
  depend(api, "migrate", "completed", 36);
  depend(api, "postgres", "started", 37);
  auto app = service("app", 40);
  depend(app, "api", "completed", 45);
  depend(app, "migrate", "healthy", 46);  // the job has a probe: fine
  s.modules = {db, migrate, api, app};
  CHECK(full(s, "dependency-condition") ==
        Lines{"35:17 module api waits for postgres to be healthy, but postgres has no health "
              "check\n"
              "  help: add a health check to postgres, or wait for `started`",
              "45:12 module app waits for api to complete, but api is a service, not a job\n"
              "  help: wait for `healthy` or `started`; `completed` is for modules of kind job"});
}

TEST_CASE("dependency-cycle: reported once, with its path, at the first module") {
  auto s = project();
  auto a = service("a", 10);
  auto b = service("b", 20);
  auto c = service("c", 30);
  auto d = service("d", 40);
  depend(a, "d", "started", 15);
  depend(a, "b", "started", 16);
  depend(b, "c", "healthy", 25);
  depend(c, "a", "healthy", 35);
  depend(d, "d", "started", 45);  // a self-loop is dependency-target's
  s.modules = {a, b, c, d};
  CHECK(full(s, "dependency-cycle") ==
        Lines{"16:7 dependency cycle: a -> b -> c -> a\n"
              "  note: b depends on c here (25:7)\n"
              "  note: c depends on a here (35:7)\n"
              "  help: remove one of these depends_on entries; modules start in dependency order"});
}

TEST_CASE("dependency-cycle: two separate cycles, shortest path through the first module") {
  auto s = project();
  auto a = service("a", 10);
  auto b = service("b", 20);
  auto c = service("c", 30);
  auto x = service("x", 40);
  auto y = service("y", 50);
  depend(a, "b", "started", 15);
  depend(b, "c", "started", 25);
  depend(b, "a", "started", 26);
  depend(c, "a", "started", 35);
  depend(x, "y", "started", 45);
  depend(y, "x", "started", 55);
  s.modules = {a, b, c, x, y};
  CHECK(findings(s) == Lines{"15:7 error[dependency-cycle]: dependency cycle: a -> b -> a",
                             "45:7 error[dependency-cycle]: dependency cycle: x -> y -> x"});
}

TEST_CASE("dependency-cycle: a long chain neither loops nor exhausts the stack") {
  auto s = project();
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    auto m = service("m" + std::to_string(i), 10 + i);
    m.health.reset();
    m.kind = str("job", 10 + i, 11);
    if (i + 1 < n) depend(m, "m" + std::to_string(i + 1), "started", 10 + i);
    s.modules.push_back(std::move(m));
  }
  CHECK(full(s, "dependency-cycle") == Lines{});
  depend(s.modules.back(), "m0", "started", 10 + n);
  auto found = full(s, "dependency-cycle");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rfind("10:7 dependency cycle: m0 -> m1 -> m2 -> ", 0) == 0);
}
