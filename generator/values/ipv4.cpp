#include "values/ipv4.h"

namespace gen::values {
namespace {

uint32_t mask_of(int prefix) {
  return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
}

// The block's IPv4 address as bits (the block must be IPv4).
uint32_t base_of(const Cidr& block) {
  const auto& b = block.bytes();
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | uint32_t{b[3]};
}

}  // namespace

Ipv4::Result Ipv4::parse(std::string_view text) {
  Result r;
  std::string quoted = "'" + std::string(text.substr(0, 64)) + (text.size() > 64 ? "...'" : "'");
  // One grammar for addresses: the one Cidr reads a block's address with.
  bool plain = text.find('/') == std::string_view::npos && text.find(':') == std::string_view::npos;
  Cidr::Result one = plain ? Cidr::parse(std::string(text) + "/32") : Cidr::Result{};
  if (!one.cidr) {
    r.error = quoted + " is not an IPv4 address (four decimal parts 0-255 without leading "
              "zeros, such as 172.28.0.10)";
    return r;
  }
  r.address = from_bits(base_of(*one.cidr));
  return r;
}

std::string Ipv4::text() const {
  return std::to_string(bits_ >> 24) + "." + std::to_string(bits_ >> 16 & 0xff) + "." +
         std::to_string(bits_ >> 8 & 0xff) + "." + std::to_string(bits_ & 0xff);
}

std::optional<Ipv4> first_address(const Cidr& block) {
  if (block.v6()) return std::nullopt;
  return Ipv4::from_bits(base_of(block));
}

std::optional<Ipv4> last_address(const Cidr& block) {
  if (block.v6()) return std::nullopt;
  return Ipv4::from_bits(base_of(block) | ~mask_of(block.prefix()));
}

bool contains(const Cidr& block, const Ipv4& address) {
  if (block.v6()) return false;
  return (address.bits() & mask_of(block.prefix())) == base_of(block);
}

bool overlaps(const Cidr& a, const Cidr& b) {
  if (a.v6() != b.v6()) return false;
  // Blocks nest or are disjoint: they overlap when the shorter prefix's
  // block holds the other's first address.
  const Cidr& wide = a.prefix() <= b.prefix() ? a : b;
  const Cidr& narrow = &wide == &a ? b : a;
  int bits = wide.prefix();
  const auto& w = wide.bytes();
  const auto& n = narrow.bytes();
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((w[i] & mask) != (n[i] & mask)) return false;
  }
  return true;
}

}  // namespace gen::values
