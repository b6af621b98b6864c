// One IPv4 address as a spec writes a static address or a gateway
// ("172.28.0.10"): four decimal parts 0-255 without leading zeros, the
// grammar values::Cidr reads a block's address with. Parsed once; compose,
// Podman and docker get text(), verify compares parsed addresses.
//
// The block helpers answer what the rule `addresses` asks of an address on
// a network with a subnet: inside it, not its first (network) or last
// (broadcast) address; and whether two subnets share an address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "values/cidr.h"

namespace gen::values {

class Ipv4 {
 public:
  struct Result;  // the address, or why not
  static Result parse(std::string_view text);
  static Ipv4 from_bits(uint32_t bits) {
    Ipv4 a;
    a.bits_ = bits;
    return a;
  }

  uint32_t bits() const { return bits_; }
  std::string text() const;  // dotted decimal

  bool operator==(const Ipv4& o) const { return bits_ == o.bits_; }
  bool operator!=(const Ipv4& o) const { return bits_ != o.bits_; }
  bool operator<(const Ipv4& o) const { return bits_ < o.bits_; }

 private:
  uint32_t bits_ = 0;
};

struct Ipv4::Result {
  std::optional<Ipv4> address;
  std::string error;  // set exactly when address is not
};

// The first and last address of an IPv4 block (nullopt for an IPv6 one).
std::optional<Ipv4> first_address(const Cidr& block);
std::optional<Ipv4> last_address(const Cidr& block);
// Whether an IPv4 block holds the address (false for an IPv6 block).
bool contains(const Cidr& block, const Ipv4& address);
// Whether two blocks of one family share an address.
bool overlaps(const Cidr& a, const Cidr& b);

}  // namespace gen::values
