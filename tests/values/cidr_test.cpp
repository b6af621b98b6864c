// CIDR blocks (values/cidr.h): what parses, its canonical spelling, and the
// errors, written from RFC 4632 (IPv4 CIDR) and RFC 4291/5952 (IPv6 text).
#include <catch2/catch.hpp>

#include "values/cidr.h"

using gen::values::Cidr;

namespace {

std::string canonical(const char* text) {
  Cidr::Result r = Cidr::parse(text);
  INFO(text << ": " << r.error);
  REQUIRE(r.cidr);
  CHECK(r.error.empty());
  return r.cidr->text();
}

std::string error_of(const char* text) {
  Cidr::Result r = Cidr::parse(text);
  INFO(text);
  CHECK_FALSE(r.cidr);
  return r.error;
}

}  // namespace

TEST_CASE("CIDR blocks parse and print canonically", "[cidr]") {
  CHECK(canonical("0.0.0.0/0") == "0.0.0.0/0");
  CHECK(canonical("10.0.0.0/8") == "10.0.0.0/8");
  CHECK(canonical("192.0.2.53/32") == "192.0.2.53/32");
  CHECK(canonical("::/0") == "::/0");
  CHECK(canonical("2001:DB8:0::/32") == "2001:db8::/32");
  CHECK(canonical("2001:db8:0:0:1:0:0:0/80") == "2001:db8:0:0:1::/80");  // the longest zero run
  CHECK(canonical("fe80::/10") == "fe80::/10");
  CHECK(canonical("::ffff:192.0.2.0/120") == "::ffff:c000:200/120");
  CHECK(canonical("2001:db8::1/128") == "2001:db8::1/128");
  CHECK(Cidr::parse("0.0.0.0/0").cidr->everything());
  CHECK_FALSE(Cidr::parse("10.0.0.0/8").cidr->everything());
  CHECK(Cidr::parse("2001:db8::/32").cidr->v6());
  // One block, however written.
  CHECK(*Cidr::parse("2001:DB8::/32").cidr == *Cidr::parse("2001:db8:0:0::/32").cidr);
  CHECK(*Cidr::parse("10.0.0.0/8").cidr != *Cidr::parse("10.0.0.0/9").cidr);
}

TEST_CASE("CIDR blocks gen cannot read exactly are refused with a reason", "[cidr]") {
  CHECK(error_of("10.0.0.1").find("no prefix length") != std::string::npos);
  CHECK(error_of("10.0.0.1/8").find("the block is 10.0.0.0/8") != std::string::npos);
  CHECK(error_of("2001:db8::1/32").find("the block is 2001:db8::/32") != std::string::npos);
  CHECK(error_of("10.0.0.0/33").find("0 to 32") != std::string::npos);
  CHECK(error_of("::/129").find("0 to 128") != std::string::npos);
  CHECK(error_of("10.0.0.0/08").find("0 to 32") != std::string::npos);
  CHECK(error_of("10.0.0.0/").find("0 to 32") != std::string::npos);
  CHECK(error_of("010.0.0.0/8").find("not an IPv4") != std::string::npos);
  CHECK(error_of("256.0.0.0/8").find("not an IPv4") != std::string::npos);
  CHECK(error_of("10.0.0/8").find("not an IPv4") != std::string::npos);
  CHECK(error_of("1:2:3:4:5:6:7:8:9/64").find("not an IPv6") != std::string::npos);
  CHECK(error_of("1::2::3/64").find("not an IPv6") != std::string::npos);
  CHECK(error_of("12345::/16").find("not an IPv6") != std::string::npos);
  CHECK(error_of("fe80::/10/1").find("0 to 128") != std::string::npos);
  CHECK(error_of("example.com/32").find("not an IPv4") != std::string::npos);
  CHECK_FALSE(error_of(std::string(5000, '1').c_str()).empty());
}
