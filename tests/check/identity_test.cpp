#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

TEST_CASE("a project built by the test helper passes every rule") {
  auto s = project();
  s.modules.push_back(service("api", 10, 8100));
  s.modules.push_back(service("app", 20, 8101));
  CHECK(findings(s) == Lines{});
}

TEST_CASE("non-root-user: uid and gid 0 on a module") {
  auto s = project();
  auto m = service("api", 10);
  spec::User u;
  u.uid = num(0, 14, 18);
  u.gid = num(0, 14, 26);
  u.loc = at(14, 11);
  m.user = u;
  s.modules.push_back(m);
  CHECK(full(s, "non-root-user") ==
        Lines{"14:18 module api runs as uid 0 (root)\n"
              "  help: use a numeric id above 0, e.g. 1001, and make the image work without root",
              "14:26 module api runs with gid 0 (the root group)\n"
              "  help: use a numeric id above 0, e.g. 1001, and make the image work without root"});
}

TEST_CASE("non-root-user: supplementary group 0") {
  auto s = project();
  auto m = service("api", 10);
  spec::User u;
  u.groups = {num(9999, 14, 20), num(0, 14, 26)};
  u.loc = at(14, 11);
  m.user = u;
  s.modules.push_back(m);
  CHECK(findings(s) ==
        Lines{"14:26 error[non-root-user]: module api joins supplementary group 0 (the root group)"});
}

TEST_CASE("non-root-user: root in defaults is reported once, at defaults") {
  auto s = project();
  s.defaults.user->uid = num(0, 4, 16);
  s.modules.push_back(service("api", 10));
  s.modules.push_back(service("app", 20));
  CHECK(findings(s) == Lines{"4:16 error[non-root-user]: defaults.user runs as uid 0 (root)"});
}

TEST_CASE("non-root-user: a module's own uid overrides defaults") {
  auto s = project();
  s.defaults.user.reset();
  auto m = service("api", 10);
  spec::User u;
  u.uid = num(1000, 14, 18);
  u.gid = num(1001, 14, 29);
  m.user = u;
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{});
}

TEST_CASE("non-root-user: every module that runs needs a uid and gid") {
  auto s = project();
  s.defaults.user.reset();
  s.modules.push_back(service("api", 10));
  auto app = service("app", 20);
  spec::User u;
  u.uid = num(1000, 24, 18);
  u.loc = at(24, 11);
  app.user = u;
  s.modules.push_back(app);
  auto base = service("base-debian", 30);
  base.kind = str("base", 31, 11);
  base.build = spec::Build{};
  base.ports.clear();
  base.health.reset();
  s.modules.push_back(base);  // a base module only builds an image: no user needed
  CHECK(full(s, "non-root-user") ==
        Lines{"10:3 module api has no uid and gid: neither its user nor defaults.user sets them\n"
              "  help: set `defaults: {user: {uid: 1001, gid: 1001}}`, or `user: {uid: ..., gid: "
              "...}` on the module",
              "24:11 module app has no gid: neither its user nor defaults.user sets it\n"
              "  help: set `defaults: {user: {uid: 1001, gid: 1001}}`, or `user: {uid: ..., gid: "
              "...}` on the module"});
}

TEST_CASE("non-root-user: a waiver with a reason silences the module's finding") {
  auto s = project();
  auto m = service("api", 10);
  spec::User u;
  u.uid = num(0, 14, 18);
  m.user = u;
  m.waivers.push_back(waiver("non-root-user", "vendor image must start as root", 16));
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{});
}

TEST_CASE("non-root-user: a waiver without a reason silences nothing and is an error") {
  auto s = project();
  auto m = service("api", 10);
  spec::User u;
  u.uid = num(0, 14, 18);
  m.user = u;
  m.waivers.push_back(waiver("non-root-user", "  ", 16));
  s.modules.push_back(m);
  CHECK(findings(s) ==
        Lines{"14:18 error[non-root-user]: module api runs as uid 0 (root)",
              "16:22 error[waiver]: waiver of non-root-user in module api gives no reason"});
}
