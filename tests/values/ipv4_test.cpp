// IPv4 addresses and the block helpers (values/ipv4.h) the rule addresses
// reads a network's subnet and a module's address with.
#include <catch2/catch.hpp>

#include "values/ipv4.h"

using gen::values::Cidr;
using gen::values::Ipv4;

namespace {

Ipv4 ip(const char* text) {
  Ipv4::Result r = Ipv4::parse(text);
  INFO(text << ": " << r.error);
  REQUIRE(r.address);
  return *r.address;
}

Cidr block(const char* text) {
  Cidr::Result r = Cidr::parse(text);
  INFO(text << ": " << r.error);
  REQUIRE(r.cidr);
  return *r.cidr;
}

}  // namespace

TEST_CASE("IPv4 addresses parse once and print dotted", "[ipv4]") {
  CHECK(ip("172.28.0.10").text() == "172.28.0.10");
  CHECK(ip("0.0.0.0").bits() == 0);
  CHECK(ip("255.255.255.255").bits() == 0xffffffffu);
  CHECK(ip("10.0.0.1").bits() == 0x0a000001u);
  CHECK(ip("10.0.0.1") == ip("10.0.0.1"));
  CHECK(ip("10.0.0.1") < ip("10.0.0.2"));
  for (const char* bad : {"", "10.0.0", "10.0.0.1.2", "010.0.0.1", "10.0.0.256", "10.0.0.1/32",
                          "::1", "fd00::1", "a.b.c.d", " 10.0.0.1", "10.0.0.1 "}) {
    INFO("'" << bad << "'");
    Ipv4::Result r = Ipv4::parse(bad);
    CHECK_FALSE(r.address);
    CHECK(r.error.find("is not an IPv4 address") != std::string::npos);
  }
}

TEST_CASE("IPv4 blocks: first and last address, membership, overlap", "[ipv4]") {
  Cidr b = block("172.28.0.0/16");
  CHECK(gen::values::first_address(b)->text() == "172.28.0.0");
  CHECK(gen::values::last_address(b)->text() == "172.28.255.255");
  CHECK(gen::values::contains(b, ip("172.28.0.10")));
  CHECK(gen::values::contains(b, ip("172.28.255.255")));
  CHECK_FALSE(gen::values::contains(b, ip("172.29.0.1")));
  CHECK_FALSE(gen::values::contains(b, ip("172.27.255.255")));
  CHECK(gen::values::last_address(block("10.1.2.0/30"))->text() == "10.1.2.3");
  CHECK(gen::values::contains(block("0.0.0.0/0"), ip("203.0.113.7")));
  CHECK_FALSE(gen::values::first_address(block("fd00::/64")));
  CHECK_FALSE(gen::values::contains(block("fd00::/64"), ip("10.0.0.1")));

  CHECK(gen::values::overlaps(block("172.28.0.0/16"), block("172.28.5.0/24")));
  CHECK(gen::values::overlaps(block("172.28.5.0/24"), block("172.28.0.0/16")));
  CHECK(gen::values::overlaps(block("10.0.0.0/8"), block("10.0.0.0/8")));
  CHECK_FALSE(gen::values::overlaps(block("172.28.0.0/16"), block("172.29.0.0/16")));
  CHECK_FALSE(gen::values::overlaps(block("10.0.0.0/25"), block("10.0.0.128/25")));
  CHECK_FALSE(gen::values::overlaps(block("10.0.0.0/8"), block("fd00::/8")));
}
