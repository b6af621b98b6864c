#include "resolve/quantity.h"

#include <catch2/catch.hpp>

#include "resolve/image_ref.h"

using namespace gen::resolve;

TEST_CASE("cpu quantities become millicores and cores") {
  CHECK(parse_cpu_millicores("250m") == 250);
  CHECK(parse_cpu_millicores("1000m") == 1000);
  CHECK(parse_cpu_millicores("1") == 1000);
  CHECK(parse_cpu_millicores("0.5") == 500);
  CHECK(parse_cpu_millicores("1.25") == 1250);
  CHECK(parse_cpu_millicores(".5") == 500);
  CHECK(parse_cpu_millicores("0.0001") == 1);  // rounded up, never to zero
  CHECK(millicores_to_cores(250) == "0.25");
  CHECK(millicores_to_cores(1000) == "1");
  CHECK(millicores_to_cores(1500) == "1.5");
  CHECK(millicores_to_cores(1) == "0.001");
  CHECK(millicores_to_cores(0) == "0");
}

TEST_CASE("malformed cpu quantities give nothing") {
  for (const char* bad :
       {"", "m", "-1", "1.5m", "abc", "1e3", "1.", "1..2", "1Gi", "9999999999999999999"})
    CHECK_FALSE(parse_cpu_millicores(bad).has_value());
}

TEST_CASE("memory quantities become bytes") {
  CHECK(parse_memory_bytes("256Mi") == 268435456);
  CHECK(parse_memory_bytes("1Gi") == 1073741824);
  CHECK(parse_memory_bytes("1G") == 1000000000);
  CHECK(parse_memory_bytes("64k") == 64000);
  CHECK(parse_memory_bytes("1024") == 1024);
  CHECK(parse_memory_bytes("1.5Gi") == 1610612736);
  CHECK(parse_memory_bytes("0.1") == 1);  // fractions of a byte round up
  CHECK(parse_memory_bytes("7Ei") == int64_t{7} << 60);
}

TEST_CASE("malformed or overflowing memory quantities give nothing") {
  for (const char* bad : {"", "Mi", "1 Gi", "1gi", "-1Mi", "8Ei", "1.0000000001Gi", "x"})
    CHECK_FALSE(parse_memory_bytes(bad).has_value());
}

TEST_CASE("image references split into name, tag and digest") {
  ImageRef a = parse_image_ref("postgres:15-alpine");
  CHECK(a.name == "postgres");
  CHECK(a.tag == std::optional<std::string>("15-alpine"));
  CHECK_FALSE(a.digest.has_value());
  ImageRef b = parse_image_ref("registry:5000/org/app");
  CHECK(b.name == "registry:5000/org/app");
  CHECK_FALSE(b.tag.has_value());
  ImageRef c = parse_image_ref("ghcr.io/org/app:1.2@sha256:abc");
  CHECK(c.name == "ghcr.io/org/app");
  CHECK(c.tag == std::optional<std::string>("1.2"));
  CHECK(c.digest == std::optional<std::string>("sha256:abc"));
  CHECK(c.ref == "ghcr.io/org/app:1.2@sha256:abc");
  ImageRef d = compose_image_ref("ghcr.io/yourorg/", "todo-backend", "git-${GIT_SHA}");
  CHECK(d.ref == "ghcr.io/yourorg/todo-backend:git-${GIT_SHA}");
  CHECK(compose_image_ref("", "wats", "local").ref == "wats:local");
}
