// values::Platform: OS/ARCH[/VARIANT] read once, as compose, podman
// --platform and the OCI image index write it.
#include <catch2/catch.hpp>

#include "values/platform.h"

using gen::values::Platform;

TEST_CASE("a platform is a known OS, a known architecture and an optional variant") {
  auto p = Platform::parse("linux/arm/v7");
  REQUIRE(p);
  CHECK(p->os == "linux");
  CHECK(p->arch == "arm");
  CHECK(p->variant == "v7");
  CHECK(p->text() == "linux/arm/v7");
  auto q = Platform::parse("linux/amd64");
  REQUIRE(q);
  CHECK(q->variant.empty());
  CHECK(q->text() == "linux/amd64");
  for (const char* arch : {"arm64", "386", "ppc64le", "s390x", "riscv64"})
    CHECK(Platform::parse(std::string("linux/") + arch));
}

TEST_CASE("a malformed platform is not read") {
  for (const char* bad :
       {"", "linux", "arm64", "linux/", "/amd64", "linux/amd64/", "linux/x86_64", "windows/amd64",
        "wasi/wasm", "linux/arm/7", "linux/arm/v", "linux/arm/v123", "linux/arm/v7/x",
        "Linux/amd64"}) {
    INFO(bad);
    CHECK_FALSE(Platform::parse(bad));
  }
}
