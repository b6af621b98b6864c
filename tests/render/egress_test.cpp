// The egress allow-list (issue 21) on every target, from tests/render/
// egress_spec.h. Expectations are written from the spec and the targets'
// documentation: a NetworkPolicy egress rule per entry to an ipBlock with
// its ports (networking.k8s.io/v1), compose `internal: true` networks, Quadlet
// `Internal=` (podman-network.unit(5)) and `podman network create --internal`.
#include <catch2/catch.hpp>

#include <set>

#include "egress_spec.h"
#include "k8s_output.h"

using namespace gen::test;

namespace {

// "TCP/443" per port of a policy rule; "*" when it has none (every port).
std::set<std::string> ports_of(const YAML::Node& rule) {
  std::set<std::string> out;
  if (!rule["ports"]) return {"*"};
  for (const auto& p : rule["ports"])
    out.insert(p["protocol"].as<std::string>() + "/" + p["port"].as<std::string>());
  return out;
}

}  // namespace

TEST_CASE("egress entries become ipBlock rules in the module's NetworkPolicy, nothing else") {
  EgressSpec spec;
  GenOutput out = run_gen_out({"k8s", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  YAML::Node egress = objects.at("NetworkPolicy/fetcher").node["spec"]["egress"];
  REQUIRE(egress.IsSequence());
  REQUIRE(egress.size() == 4);
  // First the peer (depends_on db), on db's port.
  CHECK(egress[0]["to"][0]["podSelector"]);
  CHECK(ports_of(egress[0]) == std::set<std::string>{"TCP/5432"});
  // Then one rule per entry, in spec order; the IPv6 block canonical.
  CHECK(egress[1]["to"][0]["ipBlock"]["cidr"].as<std::string>() == "0.0.0.0/0");
  CHECK(ports_of(egress[1]) == std::set<std::string>{"TCP/443"});
  CHECK(egress[2]["to"][0]["ipBlock"]["cidr"].as<std::string>() == "2001:db8::/32");
  CHECK(ports_of(egress[2]) == std::set<std::string>{"*"});
  CHECK(egress[3]["to"][0]["ipBlock"]["cidr"].as<std::string>() == "192.0.2.53/32");
  CHECK(ports_of(egress[3]) == std::set<std::string>{"UDP/53"});
  for (size_t i = 1; i < 4; ++i) CHECK(egress[i]["to"].size() == 1);
  // Without egress: peers only (web talks to db), or nothing at all (db).
  YAML::Node web = objects.at("NetworkPolicy/web").node["spec"]["egress"];
  REQUIRE(web.size() == 1);
  CHECK_FALSE(web[0]["to"][0]["ipBlock"]);
  YAML::Node db = objects.at("NetworkPolicy/db").node["spec"]["egress"];
  CHECK(db.IsSequence());
  CHECK(db.size() == 0);
  // The namespace still denies everything else.
  CHECK(objects.count("NetworkPolicy/default-deny"));
}

TEST_CASE("compose: the default network is internal; egress and publishers join the routed one") {
  EgressSpec spec;
  GenOutput out = run_gen_out({"compose", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node doc = YAML::Load(out.at("compose.yaml"));
  CHECK(doc["networks"]["default"]["internal"].as<bool>());
  CHECK_FALSE(doc["networks"]["default"]["name"]);  // compose's own <project>_default
  CHECK(doc["networks"]["egress"]["name"].as<std::string>() == "outbound_egress");
  CHECK_FALSE(doc["networks"]["egress"]["internal"]);
  CHECK_FALSE(doc["services"]["db"]["networks"]);  // compose's default only
  auto nets = [&](const char* svc) {
    std::vector<std::string> v;
    for (const auto& n : doc["services"][svc]["networks"]) v.push_back(n.as<std::string>());
    return v;
  };
  CHECK(nets("fetcher") == std::vector<std::string>{"egress", "default"});
  CHECK(nets("web") == std::vector<std::string>{"egress", "default"});
}

TEST_CASE("Quadlet: the default network is Internal=true, the routed one is joined by who needs it") {
  EgressSpec spec;
  GenOutput out = run_gen_out({"systemd", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& def = out.at("systemd/outbound-default.network");
  CHECK(has_line(def, "Internal=true"));
  const std::string& routed = out.at("systemd/outbound-egress.network");
  CHECK(has_line(routed, "NetworkName=outbound_egress"));
  CHECK(routed.find("Internal=") == std::string::npos);
  CHECK(has_line(out.at("systemd/fetcher.container"), "Network=outbound-default.network"));
  CHECK(has_line(out.at("systemd/fetcher.container"), "Network=outbound-egress.network"));
  CHECK(has_line(out.at("systemd/web.container"), "Network=outbound-egress.network"));
  CHECK(has_line(out.at("systemd/db.container"), "Network=outbound-default.network"));
  CHECK(out.at("systemd/db.container").find("outbound-egress") == std::string::npos);
}

TEST_CASE("classic units: network create --internal, and --network for the routed one") {
  EgressSpec spec("{flavor: service, engine: podman}");
  GenOutput out = run_gen_out({"systemd", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& def = out.at("systemd/outbound-default-network.service");
  CHECK(def.find("network create --ignore --internal outbound_default") != std::string::npos);
  const std::string& routed = out.at("systemd/outbound-egress-network.service");
  CHECK(routed.find("network create --ignore outbound_egress") != std::string::npos);
  CHECK(out.at("systemd/fetcher.service").find("--network outbound_egress") != std::string::npos);
  CHECK(out.at("systemd/db.service").find("outbound_egress") == std::string::npos);
}

TEST_CASE("CONTRACT.md lists each module's destinations and networks") {
  EgressSpec spec;
  GenOutput out = run_gen_out({"all", "--spec", spec.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  const std::string& doc = out.at("CONTRACT.md");
  CHECK(doc.find("\n## Egress\n") != std::string::npos);
  CHECK(doc.find("| `fetcher` | `0.0.0.0/0` tcp 443; `2001:db8::/32` every port and protocol; "
                 "`192.0.2.53/32` udp 53 | routes out on `outbound_egress` |") != std::string::npos);
  CHECK(doc.find("| `db` | none | internal networks only |") != std::string::npos);
  CHECK(doc.find("| `web` | none | routes out on `outbound_egress` (a published port) |") !=
        std::string::npos);
}

TEST_CASE("an unreadable egress block is refused at its position") {
  EgressSpec spec;
  std::string text = k8s_slurp(spec.spec());
  text.replace(text.find("192.0.2.53/32"), 13, "192.0.2.53/24");
  std::ofstream(spec.spec()) << text;
  GenOutput out = run_gen_out({"all", "--spec", spec.spec()});
  CHECK(out.code == 1);
  CHECK(out.files.empty());  // nothing written
  CHECK(out.err.find("error[egress]") != std::string::npos);
  CHECK(out.err.find("the block is 192.0.2.0/24") != std::string::npos);
}
