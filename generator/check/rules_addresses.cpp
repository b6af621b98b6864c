// addresses: issue 20 (static IPv4 addresses and subnets, as compose's ipam
// and ipv4_address say them). Each network's subnet and gateway and each
// module's address is parsed once (values::Cidr, values::Ipv4); the engines
// refuse an address outside the block, on its network or broadcast address,
// on the gateway or twice on one network only when the container starts, so
// the rule refuses them here, at the value in the spec.
#include <map>

#include "check/effective.h"
#include "check/families.h"
#include "values/ipv4.h"

namespace gen::check {
namespace {

bool is_external(const spec::Network& n) { return n.external && n.external->value; }

// The address the engine gives the network's gateway: the spec's, else the
// block's first host (Podman and Docker both take it).
values::Ipv4 gateway_of(const spec::Network& n, const values::Cidr& block) {
  if (n.gateway_parsed.address) return *n.gateway_parsed.address;
  return values::Ipv4::from_bits(values::first_address(block)->bits() + 1);
}

// Why `a` cannot be a host's address in `block` ("" when it can).
std::string outside_hosts(const values::Ipv4& a, const values::Cidr& block) {
  if (!values::contains(block, a)) return "outside the subnet " + block.text();
  if (a == *values::first_address(block)) return "the network address of " + block.text();
  if (a == *values::last_address(block)) return "the broadcast address of " + block.text();
  return "";
}

// A network's subnet and gateway; the usable block, or nullptr.
const values::Cidr* check_network(const spec::Network& n, Reporter& report) {
  const std::string key = n.key.value;
  if (n.gateway && !n.subnet)
    report.report(n.gateway->loc, "network " + key + " has a gateway but no subnet",
                  "add the block it is in, e.g. subnet: 172.28.0.0/16");
  if (!n.subnet) return nullptr;
  if (is_external(n)) {
    report.report(n.subnet->loc,
                  "network " + key + " is external: its subnet is set where it is created, "
                  "not by gen",
                  "remove subnet (and gateway) here");
    return nullptr;
  }
  const auto& parsed = n.subnet_parsed;
  if (!parsed.cidr) {
    report.report(n.subnet->loc, "subnet of network " + key + ": " + parsed.error,
                  "write an IPv4 block with host bits zero, e.g. 172.28.0.0/16");
    return nullptr;
  }
  const values::Cidr& block = *parsed.cidr;
  if (block.v6()) {
    report.report(n.subnet->loc,
                  "subnet of network " + key + " is IPv6 (" + block.text() +
                      "): gen sets IPv4 subnets and addresses only",
                  "write an IPv4 block, e.g. 172.28.0.0/16");
    return nullptr;
  }
  if (block.prefix() > 30) {
    report.report(n.subnet->loc,
                  "subnet " + block.text() + " of network " + key +
                      " has no room for a gateway and a module besides its network and "
                      "broadcast addresses",
                  "use a prefix of 30 or less, e.g. /24");
    return nullptr;
  }
  if (n.gateway) {
    const auto& gw = n.gateway_parsed;
    if (!gw.address) {
      report.report(n.gateway->loc, "gateway of network " + key + ": " + gw.error,
                    "write an IPv4 address inside " + block.text());
    } else if (std::string why = outside_hosts(*gw.address, block); !why.empty()) {
      report.report(n.gateway->loc, "gateway " + gw.address->text() + " of network " + key +
                                        " is " + why,
                    "choose a host address of " + block.text());
    }
  }
  return &block;
}

void check_module(const spec::Module& m, const spec::Spec& spec,
                  const std::map<std::string, const values::Cidr*>& blocks,
                  std::map<std::pair<std::string, uint32_t>, const spec::LString*>& taken,
                  Reporter& report) {
  if (m.addresses.empty()) return;
  const std::string name = m.name.value;
  if (module_kind(m) == "base") {
    report.report(m, m.addresses.front().network.loc,
                  "module " + name + " is a base image, never run: it has no address",
                  "remove addresses here");
    return;
  }
  if (m.network_mode) {
    report.report(m, m.addresses.front().network.loc,
                  "module " + name + " has network_mode " + m.network_mode->value +
                      ": it joins none of the project's networks, so it has no address on one",
                  "remove addresses, or network_mode");
    return;
  }
  for (const auto& a : m.addresses) {
    const std::string net = a.network.value;
    bool joins = false;
    for (const auto& n : m.networks) joins |= n.value == net;
    const spec::Network* network = spec.find_network(net);
    if (!network) {
      report.report(m, a.network.loc, "module " + name + " has an address on network " + net +
                                          ", which the spec does not declare",
                    "declare it under networks (with a subnet), or fix the key");
      continue;
    }
    if (!joins) {
      report.report(m, a.network.loc,
                    "module " + name + " has an address on network " + net +
                        ", which it does not join",
                    "add " + net + " to its networks");
      continue;
    }
    if (!a.parsed.address) {
      report.report(m, a.address.loc, "address of module " + name + ": " + a.parsed.error,
                    "write an IPv4 address such as 172.28.0.10");
      continue;
    }
    auto block = blocks.find(net);
    if (block == blocks.end() || !block->second) {
      if (!network->subnet)
        report.report(m, a.network.loc,
                      "module " + name + " has an address on network " + net +
                          ", which has no subnet: the engine chooses the block, so no address "
                          "can be known to be inside it",
                      "give network " + net + " a subnet, e.g. subnet: 172.28.0.0/16");
      continue;  // an external network, or a subnet reported at the network
    }
    const values::Cidr& cidr = *block->second;
    const values::Ipv4& ip = *a.parsed.address;
    if (std::string why = outside_hosts(ip, cidr); !why.empty()) {
      report.report(m, a.address.loc,
                    "address " + ip.text() + " of module " + name + " on network " + net +
                        " is " + why,
                    "choose a host address of " + cidr.text());
      continue;
    }
    if (ip == gateway_of(*network, cidr)) {
      report.report(m, a.address.loc,
                    "address " + ip.text() + " of module " + name + " on network " + net +
                        " is the network's gateway" +
                        (network->gateway ? "" : " (the engine takes the subnet's first host)"),
                    "choose another host address of " + cidr.text());
      continue;
    }
    auto [it, fresh] = taken.emplace(std::make_pair(net, ip.bits()), &a.address);
    if (!fresh) {
      if (auto* d = report.report(m, a.address.loc,
                                  "address " + ip.text() + " on network " + net +
                                      " is given to two modules",
                                  "give each module its own address"))
        d->notes.push_back(Note("first given here", it->second->loc));
    }
  }
}

}  // namespace

void check_addresses(const spec::Spec& spec, Reporter& report) {
  std::map<std::string, const values::Cidr*> blocks;
  std::vector<std::pair<const spec::Network*, const values::Cidr*>> usable;
  for (const auto& n : spec.networks) {
    const values::Cidr* block = check_network(n, report);
    blocks[n.key.value] = block;
    if (!block) continue;
    // Subnets of the networks gen creates must not overlap: the host routes
    // each block to one bridge.
    for (const auto& [other, other_block] : usable)
      if (values::overlaps(*block, *other_block)) {
        report.report(n.subnet->loc,
                      "subnet " + block->text() + " of network " + n.key.value +
                          " overlaps subnet " + other_block->text() + " of network " +
                          other->key.value,
                      "give each network a block of its own")
            .notes.push_back(Note("that subnet is here", other->subnet->loc));
        break;
      }
    usable.emplace_back(&n, block);
  }
  std::map<std::pair<std::string, uint32_t>, const spec::LString*> taken;
  for (const auto& m : spec.modules) check_module(m, spec, blocks, taken, report);
}

}  // namespace gen::check
