#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

TEST_CASE("loopback-ports: a port's own bind must be loopback") {
  auto s = project();
  auto m = service("api", 10, 8100);
  m.ports[0].bind = str("0.0.0.0", 11, 45);
  s.modules.push_back(m);
  auto ok = service("app", 20, 8101);
  ok.ports[0].bind = str("127.0.0.2", 21, 45);
  s.modules.push_back(ok);
  auto v6 = service("docs", 30, 8102);
  v6.ports[0].bind = str("[::1]", 31, 45);
  s.modules.push_back(v6);
  CHECK(full(s, "loopback-ports") ==
        Lines{"11:45 host port 8100 of module api binds 0.0.0.0, not a loopback address\n"
              "  help: bind 127.0.0.1 (or ::1) and let a reverse proxy publish the service, or "
              "waive the rule on the module with a reason: `waive: {loopback-ports: \"...\"}`"});
}

TEST_CASE("loopback-ports: unpublished ports are not checked") {
  auto s = project();
  auto m = service("api", 10);  // no host port
  m.ports[0].bind = str("0.0.0.0", 11, 45);
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{});
}

TEST_CASE("loopback-ports: a public defaults.bind is reported once, naming the modules") {
  auto s = project();
  s.defaults.bind = str("0.0.0.0", 7, 9);
  s.modules.push_back(service("api", 10, 8100));
  s.modules.push_back(service("app", 20, 8101));
  auto own = service("docs", 30, 8102);
  own.ports[0].bind = str("127.0.0.1", 31, 45);  // does not inherit
  s.modules.push_back(own);
  auto waived = service("proxy", 40, 443);
  waived.ports[0].container = num(8443, 41, 20);
  waived.waivers.push_back(waiver("loopback-ports", "public reverse proxy terminates TLS", 45));
  s.modules.push_back(waived);
  CHECK(findings(s) == Lines{"7:9 error[loopback-ports]: defaults.bind 0.0.0.0 is not a loopback "
                             "address; it publishes the ports of api, app"});
}

TEST_CASE("loopback-ports: a profile's bind applies to ports without their own") {
  auto s = project();
  s.modules.push_back(service("api", 10, 8100));
  spec::Profile prod;
  prod.name = str("prod", 30, 3);
  prod.bind = str("0.0.0.0", 30, 16);
  s.profiles.push_back(prod);
  spec::Profile local;
  local.name = str("local", 31, 3);
  local.bind = str("127.0.0.1", 31, 16);
  s.profiles.push_back(local);
  CHECK(findings(s) == Lines{"30:16 error[loopback-ports]: profile prod binds published ports to "
                             "0.0.0.0, not a loopback address (modules api)"});
}

TEST_CASE("loopback-ports: the module's waiver covers its own bind") {
  auto s = project();
  auto m = service("proxy", 10, 443);
  m.ports[0].bind = str("0.0.0.0", 11, 45);
  m.waivers.push_back(waiver("loopback-ports", "public reverse proxy", 15));
  s.modules.push_back(m);
  CHECK(full(s, "loopback-ports") == Lines{});
}

TEST_CASE("unique-host-ports: two modules on one host port") {
  auto s = project();
  s.modules.push_back(service("api", 10, 8100));
  s.modules.push_back(service("app", 20, 8100));
  auto udp = service("dns", 30, 8100);
  udp.ports[0].protocol = str("udp", 31, 50);  // another protocol: no clash
  s.modules.push_back(udp);
  auto other = service("docs", 40, 8100);
  other.ports[0].bind = str("127.0.0.2", 41, 45);  // another address: no clash
  s.modules.push_back(other);
  CHECK(full(s, "unique-host-ports") ==
        Lines{"21:32 host port 8100/tcp on 127.0.0.1 is already published by module api\n"
              "  note: first published here (11:32)\n"
              "  help: choose another host port; two containers cannot listen on the same "
              "address"});
}

TEST_CASE("unique-host-ports: a wildcard bind clashes with every address; one module twice") {
  auto s = project();
  auto m = service("api", 10, 8100);
  m.ports[0].bind = str("0.0.0.0", 11, 45);
  m.waivers.push_back(waiver("loopback-ports", "public", 19));
  spec::Port again = m.ports[0];
  again.container = num(9000, 12, 20);
  again.host = num(8100, 12, 32);
  again.bind.reset();
  m.ports.push_back(again);
  s.modules.push_back(m);
  CHECK(full(s, "unique-host-ports") ==
        Lines{"12:32 host port 8100/tcp on 127.0.0.1 is already published by this module\n"
              "  note: first published here (11:32)\n"
              "  help: choose another host port; two containers cannot listen on the same "
              "address"});
}

TEST_CASE("unique-host-ports cannot be waived") {
  auto s = project();
  s.modules.push_back(service("api", 10, 8100));
  auto app = service("app", 20, 8100);
  app.waivers.push_back(waiver("unique-host-ports", "we know", 25));
  s.modules.push_back(app);
  CHECK(findings(s) == Lines{"21:32 error[unique-host-ports]: host port 8100/tcp on 127.0.0.1 is "
                             "already published by module api",
                             "25:7 error[waiver]: rule unique-host-ports cannot be waived"});
}

TEST_CASE("low-container-port: a non-root process below 1024 warns") {
  auto s = project();
  auto m = service("web", 10, 8080);
  m.ports[0].container = num(80, 11, 20);
  s.modules.push_back(m);
  CHECK(full(s, "low-container-port") ==
        Lines{"11:20 container port 80 is below 1024; a non-root process without "
              "CAP_NET_BIND_SERVICE may not listen on it\n"
              "  help: listen on a port of 1024 or above (e.g. 8080) inside the container; the "
              "host port can stay what it is"});
  CHECK(findings(s).size() == 1);
  CHECK(findings(s)[0].rfind("11:20 warning[low-container-port]", 0) == 0);
}
