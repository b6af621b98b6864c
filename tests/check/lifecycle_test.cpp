#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

TEST_CASE("restart-policy: long-running modules need one other than no") {
  auto s = project();
  s.defaults.restart.reset();
  auto none = service("api", 10);
  auto no = service("app", 20);
  no.restart = str("no", 24, 14);
  auto job = service("migrate", 30);
  job.kind = str("job", 31, 11);
  job.restart = str("no", 34, 14);  // jobs run to completion
  auto ok = service("docs", 40);
  ok.restart = str("always", 44, 14);
  s.modules = {none, no, job, ok};
  CHECK(full(s, "restart-policy") ==
        Lines{"10:3 long-running module api has no restart policy\n"
              "  help: set `restart: unless-stopped` on the module or in defaults",
              "24:14 long-running module app has restart policy no\n"
              "  help: set `restart: unless-stopped` on the module or in defaults"});
}

TEST_CASE("restart-policy: defaults.restart no is reported once, at defaults") {
  auto s = project();
  s.defaults.restart = str("no", 5, 12);
  auto own = service("docs", 30);
  own.restart = str("on-failure", 34, 14);
  auto waived = service("tool", 40);
  waived.waivers.push_back(waiver("restart-policy", "started by hand for debugging", 45));
  s.modules = {service("api", 10), service("app", 20), own, waived};
  CHECK(findings(s) == Lines{"5:12 error[restart-policy]: defaults.restart is no, so long-running "
                             "modules api, app are never restarted"});
}

TEST_CASE("health-check: long-running modules need a probe") {
  auto s = project();
  auto none = service("api", 10);
  none.health.reset();
  auto empty = service("app", 20);
  empty.health->check.reset();
  auto job = service("migrate", 30);
  job.kind = str("job", 31, 11);
  job.health.reset();
  s.modules = {none, empty, job};
  CHECK(full(s, "health-check") ==
        Lines{"10:3 long-running module api has no health check\n"
              "  help: add e.g. `health: {check: {http: /healthz}}`, or a command or tcp probe",
              "22:5 health section of module app declares no probe\n"
              "  help: add e.g. `health: {check: {http: /healthz}}`, or a command or tcp probe"});
}

TEST_CASE("health-check: an http or tcp probe needs a port to probe") {
  auto s = project();
  auto m = service("api", 10);
  m.ports.clear();
  spec::Probe tcp;
  tcp.kind = spec::Probe::Kind::Tcp;
  tcp.loc = at(13, 18);
  m.health->readiness = tcp;
  spec::Probe cmd;
  cmd.kind = spec::Probe::Kind::Command;
  cmd.command = {str("pg_isready", 14, 28)};
  cmd.loc = at(14, 18);
  m.health->liveness = cmd;
  s.modules.push_back(m);
  CHECK(findings(s) ==
        Lines{"12:20 error[health-check]: http probe of module api has no port to probe: the "
              "module declares none",
              "13:18 error[health-check]: tcp probe of module api has no port to probe: the module "
              "declares none"});
}

TEST_CASE("probe-port: a probe on an undeclared port warns") {
  auto s = project();
  auto m = service("api", 10);
  m.health->check->port = num(9000, 12, 40);
  auto ok = service("app", 20);
  ok.health->check->port = num(8000, 22, 40);
  s.modules = {m, ok};
  CHECK(full(s, "probe-port") ==
        Lines{"12:40 probe port 9000 is not a port module api declares\n"
              "  help: declare it under ports (`{container: 9000}`), or probe a declared port"});
  CHECK(findings(s) ==
        Lines{"12:40 warning[probe-port]: probe port 9000 is not a port module api declares"});
}

TEST_CASE("stop-grace-drain: the grace period covers the drain time (seed 002)") {
  auto s = project();
  s.defaults.stop_grace = dur("10s", 10000, 6, 15);
  auto own = service("api", 10);
  own.drain = dur("30s", 30000, 15, 12);
  own.stop_grace = dur("20s", 20000, 16, 17);
  auto inherited = service("app", 20);
  inherited.drain = dur("30s", 30000, 25, 12);
  auto enough = service("docs", 30);
  enough.drain = dur("30s", 30000, 35, 12);
  enough.stop_grace = dur("30s", 30000, 36, 17);
  s.modules = {own, inherited, enough};
  CHECK(full(s, "stop-grace-drain") ==
        Lines{"16:17 stop grace period 20s of module api is shorter than its drain time 30s\n"
              "  help: set `stop_grace: 30s` (or longer) so the engine waits for the drain before "
              "SIGKILL",
              "25:12 module app drains for 30s but defaults.stop_grace is only 10s\n"
              "  note: defaults.stop_grace is set here (6:15)\n"
              "  help: set `stop_grace: 30s` (or longer) so the engine waits for the drain before "
              "SIGKILL"});
}

TEST_CASE("stop-grace-drain: a drain without any stop grace period") {
  auto s = project();
  s.defaults.stop_grace.reset();
  auto m = service("api", 10);
  m.drain = dur("30s", 30000, 15, 12);
  s.modules.push_back(m);
  CHECK(findings(s) == Lines{"15:12 error[stop-grace-drain]: module api drains for 30s but sets "
                             "no stop grace period (engines default to 10s)"});
  s.modules[0].waivers.push_back(waiver("stop-grace-drain", "drain is best effort", 17));
  CHECK(findings(s) == Lines{});
}
