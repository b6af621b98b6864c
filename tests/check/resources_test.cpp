#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

namespace {

spec::Resources resources(std::optional<std::string> cpu_req, std::optional<std::string> cpu_lim,
                          std::optional<std::string> mem_req, std::optional<std::string> mem_lim,
                          int line) {
  spec::Resources r;
  if (cpu_req) r.cpu.request = str(*cpu_req, line, 25);
  if (cpu_lim) r.cpu.limit = str(*cpu_lim, line, 40);
  if (mem_req) r.memory.request = str(*mem_req, line + 1, 25);
  if (mem_lim) r.memory.limit = str(*mem_lim, line + 1, 40);
  r.loc = at(line, 5);
  return r;
}

}  // namespace

TEST_CASE("requests-within-limits: requests above limits, invalid quantities") {
  auto s = project();
  auto m = service("api", 10);
  m.resources = resources("2", "1000m", "256Mi", "1Gi", 15);
  auto n = service("app", 20);
  n.resources = resources("250m", "1", "2Gi", "2000M", 25);
  auto bad = service("docs", 30);
  bad.resources = resources("lots", std::nullopt, std::nullopt, "1 GB", 35);
  s.modules = {m, n, bad};
  CHECK(full(s, "requests-within-limits") ==
        Lines{"15:25 cpu request 2 of module api is above its limit 1000m\n"
              "  help: lower the request or raise the limit; Kubernetes refuses a request above "
              "its limit",
              "26:25 memory request 2Gi of module app is above its limit 2000M\n"
              "  help: lower the request or raise the limit; Kubernetes refuses a request above "
              "its limit",
              "35:25 cpu request 'lots' is not a Kubernetes quantity\n"
              "  help: write cores (0.5, 2) or millicores (250m)",
              "36:40 memory limit '1 GB' is not a Kubernetes quantity\n"
              "  help: write bytes with a suffix, e.g. 256Mi, 1Gi or 500M"});
}

TEST_CASE("requests-within-limits: equal request and limit are fine") {
  auto s = project();
  auto m = service("api", 10);
  m.resources = resources("1", "1000m", "1Gi", "1024Mi", 15);
  s.modules = {m};
  CHECK(findings(s) == Lines{});
}

TEST_CASE("requests-within-limits: a profile overlay combines with the module's values") {
  auto s = project();
  auto m = service("api", 10);
  m.resources = resources("500m", "1", "256Mi", "1Gi", 15);
  s.modules = {m};
  spec::Profile prod;
  prod.name = str("prod", 30, 3);
  spec::ProfileModule pm;
  pm.module = str("api", 32, 5);
  pm.resources = resources(std::nullopt, "250m", "2Gi", std::nullopt, 33);
  prod.modules = {pm};
  s.profiles = {prod};
  CHECK(full(s, "requests-within-limits") ==
        Lines{"33:40 cpu request 500m of module api is above its limit 250m in profile prod\n"
              "  note: the request is set here (15:25)\n"
              "  help: lower the request or raise the limit; Kubernetes refuses a request above "
              "its limit",
              "34:25 memory request 2Gi of module api is above its limit 1Gi in profile prod\n"
              "  note: the limit is set here (16:40)\n"
              "  help: lower the request or raise the limit; Kubernetes refuses a request above "
              "its limit"});
}

TEST_CASE("requests-within-limits cannot be waived") {
  auto s = project();
  auto m = service("api", 10);
  m.resources = resources("2", "1", std::nullopt, std::nullopt, 15);
  m.waivers.push_back(waiver("requests-within-limits", "burst", 18));
  s.modules = {m};
  CHECK(findings(s) == Lines{"15:25 error[requests-within-limits]: cpu request 2 of module api is "
                             "above its limit 1",
                             "18:7 error[waiver]: rule requests-within-limits cannot be waived"});
}
