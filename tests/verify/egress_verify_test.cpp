// Verify on an egress allow-list (issue 21; tests/render/egress_spec.h):
// gen's own output passes on every target; each copy with one fact changed
// (a NetworkPolicy rule to another block or port, a rule wider than the
// spec's, a network no longer internal, a module off or on the routed
// network) gives egress-output.
#include <catch2/catch.hpp>

#include "../render/egress_spec.h"
#include "verified_output.h"

namespace {

// tests/render/egress_spec.h rendered by gen, with the systemd target given
// (the spec's directory first: bases are built in order).
struct Outbound : gen::test::EgressSpec, gen::test::VerifiedOutput {
  explicit Outbound(const std::string& systemd = "{flavor: quadlet}")
      : EgressSpec(systemd), VerifiedOutput(spec()) {}
};

bool has(const std::vector<std::string>& errors, const std::string& says) {
  return gen::test::has_rule(errors, "egress-output", says);
}

const char* const kPolicy = "k8s/base/modules/fetcher/network-policy.yaml";

}  // namespace

TEST_CASE("gen's own output passes the egress checks on every target") {
  for (const char* systemd : {"{flavor: quadlet}", "{flavor: service, engine: podman}",
                              "{flavor: service, engine: docker}"}) {
    Outbound o(systemd);
    auto errors = o.errors();
    INFO(systemd);
    for (const auto& e : errors) INFO(e);
    CHECK(errors.empty());
  }
}

TEST_CASE("a NetworkPolicy must let a module out exactly to its egress entries") {
  {
    Outbound o;  // another block: an unknown rule, and the entry missing
    o.mutate(kPolicy, "cidr: \"192.0.2.53/32\"", "cidr: \"192.0.2.0/24\"");
    auto e = o.errors();
    CHECK(has(e, "reaches 192.0.2.0/24 on UDP/53, which module fetcher's egress does not name"));
    CHECK(has(e, "no egress rule to 192.0.2.53/32 on UDP/53"));
  }
  {
    Outbound o;  // another port
    o.mutate(kPolicy, "port: 443", "port: 8443");
    CHECK(has(o.errors(), "no egress rule to 0.0.0.0/0 on TCP/443"));
  }
  {
    Outbound o;  // a rule without `to`: every destination
    o.mutate(kPolicy, "  egress:\n", "  egress:\n    - ports:\n        - port: 25\n");
    CHECK(has(o.errors(), "reaches every destination"));
  }
  {
    Outbound o;  // db's policy lets it out although db has no egress
    o.mutate("k8s/base/modules/db/network-policy.yaml", "  egress: []",
             "  egress:\n    - to:\n        - ipBlock:\n            cidr: 0.0.0.0/0");
    CHECK(has(o.errors(), "NetworkPolicy db: an egress rule reaches 0.0.0.0/0 on every port"));
  }
  {
    Outbound o;  // allow-dns opened beyond port 53
    o.mutate("k8s/base/network-policy-default.yaml", "port: 53\n", "port: 443\n");
    CHECK(has(o.errors(), "reaches more than the cluster DNS on port 53"));
  }
}

TEST_CASE("compose networks are internal where the spec says, and joined by who needs a way out") {
  {
    Outbound o;
    o.mutate("compose.yaml", "  default:\n    internal: true\n", "  default: {}\n");
    auto e = o.errors();
    CHECK(has(e, "network 'default' routes out of the host"));
    CHECK(has(e, "service 'db' has no egress in the spec but joins network 'default'"));
  }
  {
    Outbound o;  // fetcher off the routed network
    o.mutate("compose.yaml", "      - egress\n      - default\n", "      - default\n");
    CHECK(has(o.errors(), "service 'fetcher' is not on network 'egress', so its egress"));
  }
  {
    Outbound o;  // the routed network made internal
    o.mutate("compose.yaml", "    name: outbound_egress\n",
             "    name: outbound_egress\n    internal: true\n");
    CHECK(has(o.errors(), "network 'egress' is internal"));
  }
}

TEST_CASE("Quadlet and classic networks are internal where the spec says") {
  {
    Outbound o;
    o.mutate("systemd/outbound-default.network", "Internal=true\n", "");
    CHECK(has(o.errors(), "network 'outbound-default' routes out of the host"));
  }
  {
    Outbound o;
    o.mutate("systemd/fetcher.container", "Network=outbound-egress.network\n", "");
    CHECK(has(o.errors(), "module 'fetcher' is not on the network that routes out"));
  }
  {
    Outbound o;
    o.mutate("systemd/db.container", "Network=outbound-default.network\n",
             "Network=outbound-default.network\nNetwork=outbound-egress.network\n");
    CHECK(has(o.errors(), "module 'db' has no egress in the spec but joins outbound-egress.network"));
  }
  {
    Outbound o("{flavor: service, engine: podman}");
    o.mutate("systemd/outbound-default-network.service", " --internal", "");
    CHECK(has(o.errors(), "network 'outbound-default' routes out of the host"));
  }
  {
    Outbound o("{flavor: service, engine: podman}");
    o.mutate("systemd/web.service", " --network outbound_egress", "");
    CHECK(has(o.errors(), "module 'web' is not on the network that routes out"));
  }
}
