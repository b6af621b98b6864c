#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

TEST_CASE("waiver: an unknown rule id, with did-you-mean") {
  auto s = project();
  auto m = service("api", 10);
  m.waivers = {waiver("loopback-port", "public proxy", 15), waiver("frobnicate", "why not", 16)};
  s.modules = {m};
  CHECK(full(s, "waiver") == Lines{"15:7 unknown rule 'loopback-port' in waive\n"
                                   "  help: did you mean 'loopback-ports'?",
                                   "16:7 unknown rule 'frobnicate' in waive\n"
                                   "  help: `gen explain --list` lists the rule ids"});
}

TEST_CASE("waiver: an empty or blank reason") {
  auto s = project();
  auto m = service("api", 10, 8100);
  m.ports[0].bind = str("0.0.0.0", 11, 45);
  m.waivers = {waiver("loopback-ports", "", 15)};
  s.modules = {m};
  CHECK(full(s, "waiver") ==
        Lines{"15:23 waiver of loopback-ports in module api gives no reason\n"
              "  help: say why the rule does not apply here, e.g. `loopback-ports: \"public "
              "reverse proxy terminates TLS\"`"});
  // ...and the rule it meant to waive still reports.
  CHECK(findings(s) == Lines{"11:45 error[loopback-ports]: host port 8100 of module api binds "
                             "0.0.0.0, not a loopback address",
                             "15:23 error[waiver]: waiver of loopback-ports in module api gives "
                             "no reason"});
}

TEST_CASE("waiver: rules that cannot be waived, including waiver itself") {
  auto s = project();
  auto m = service("api", 10);
  m.waivers = {waiver("dependency-cycle", "it works on my machine", 15),
               waiver("waiver", "meta", 16)};
  s.modules = {m};
  CHECK(full(s, "waiver") == Lines{"15:7 rule dependency-cycle cannot be waived\n"
                                   "  help: fix the spec; `gen explain dependency-cycle` says how",
                                   "16:7 rule waiver cannot be waived\n"
                                   "  help: fix the spec; `gen explain waiver` says how"});
}

TEST_CASE("waiver: a waiver only covers the module that declares it") {
  auto s = project();
  auto a = service("api", 10);
  a.privileged = flag(true, 14, 17);
  a.waivers = {waiver("no-privileged", "nested containers", 15)};
  auto b = service("app", 20);
  b.privileged = flag(true, 24, 17);
  s.modules = {a, b};
  CHECK(findings(s) == Lines{"24:17 error[no-privileged]: module app runs privileged"});
}

// Issue 22, case 12: `gen explain --list` lists read-only-root and
// cap-drop-all, but `waive` called them unknown rules.
TEST_CASE("waiver: rules checked on the outputs are known, and not waivable") {
  auto s = project();
  auto m = service("api", 10);
  m.waivers = {waiver("read-only-root", "vendor image writes to /var/cache", 15),
               waiver("cap-drop-all", "needs CHOWN", 16), waiver("read-only-rot", "typo", 17),
               waiver("k8s-seccomp", "profile", 18)};
  s.modules = {m};
  // The three the spec can ask for name the key and the rule to waive
  // (issue 20); any other says why it cannot be waived.
  CHECK(full(s, "waiver") ==
        Lines{"15:7 rule read-only-root cannot be waived\n"
              "  help: ask for it in the spec instead: `read_only: false` with a waiver of "
              "read-only-rootfs",
              "16:7 rule cap-drop-all cannot be waived\n"
              "  help: ask for it in the spec instead: `cap_add: [NAME]` with a waiver of "
              "no-added-capabilities",
              "17:7 unknown rule 'read-only-rot' in waive\n"
              "  help: did you mean 'read-only-root'?",
              "18:7 rule k8s-seccomp cannot be waived\n"
              "  help: it is checked on the rendered outputs, which gen's templates always keep; "
              "`gen explain k8s-seccomp` says why"});
}
