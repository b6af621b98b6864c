// The one grammar of each value type: quantities, durations, image references.
#include <catch2/catch.hpp>

#include "values/duration.h"
#include "values/image_ref.h"
#include "values/quantity.h"

using gen::values::Duration;
using gen::values::ImageRef;
using gen::values::Quantity;
using gen::values::millicores_to_cores;

namespace {
std::optional<int64_t> millicores(const char* s) { return Quantity::read(s).millicores(); }
std::optional<int64_t> bytes(const char* s) { return Quantity::read(s).bytes(); }
long double value(const char* s) { return *Quantity::read(s).value(); }
}  // namespace

TEST_CASE("quantity grammar: digits, a fraction, a Kubernetes suffix") {
  for (const char* good : {"250m", "0.5", "1", "256Mi", "1Gi", "1G", "64k", "7Ei", "1.5Gi"})
    CHECK(Quantity::read(good).valid());
  // The spec's format is the grammar: no sign, no exponent, no bare fraction.
  for (const char* bad : {"", "m", "-1", "+2", ".5", "1.", "1..2", "1.2.3", "1 Gi", "1gi", "1MB",
                          "abc", "1e3", "1n", "1u"})
    CHECK_FALSE(Quantity::read(bad).valid());
  CHECK(Quantity::read("1Gi").text() == "1Gi");
}

TEST_CASE("quantities compare by value, however written") {
  CHECK(value("250m") == 0.25L);
  CHECK(value("1000m") == value("1"));
  CHECK(value("0.5") == value("500m"));
  CHECK(value("0.1") == value("100m"));
  CHECK(value("1Gi") == value("1024Mi"));
  CHECK(value("1.5Gi") == value("1536Mi"));
  CHECK(value("1G") == value("1000M"));
  CHECK(value("256Mi") == 268435456.0L);
  CHECK(value("1M") < value("1Mi"));
  CHECK(value("123456789012345678901234567890") > value("1Ei"));
  CHECK(static_cast<double>(value("0.1000000000000000000000000000000000001")) == Approx(0.1));
  CHECK_FALSE(Quantity::read("1234567890123456789012345678901").value());
}

TEST_CASE("cpu quantities become millicores and cores") {
  CHECK(millicores("250m") == 250);
  CHECK(millicores("1000m") == 1000);
  CHECK(millicores("1") == 1000);
  CHECK(millicores("0.5") == 500);
  CHECK(millicores("1.25") == 1250);
  CHECK(millicores("0.0001") == 1);  // rounded up, never to zero
  for (const char* bad : {"", "m", "-1", "1.5m", "abc", "1e3", "1.", "1..2", "1Gi", "1k",
                          "9999999999999999999"})
    CHECK_FALSE(millicores(bad).has_value());
  CHECK(millicores_to_cores(250) == "0.25");
  CHECK(millicores_to_cores(1000) == "1");
  CHECK(millicores_to_cores(1500) == "1.5");
  CHECK(millicores_to_cores(1) == "0.001");
  CHECK(millicores_to_cores(0) == "0");
}

TEST_CASE("memory quantities become bytes") {
  CHECK(bytes("256Mi") == 268435456);
  CHECK(bytes("1Gi") == 1073741824);
  CHECK(bytes("1G") == 1000000000);
  CHECK(bytes("64k") == 64000);
  CHECK(bytes("1024") == 1024);
  CHECK(bytes("1.5Gi") == 1610612736);
  CHECK(bytes("0.1") == 1);  // fractions of a byte round up
  CHECK(bytes("7Ei") == int64_t{7} << 60);
  for (const char* bad : {"", "Mi", "1 Gi", "1gi", "-1Mi", "8Ei", "1.0000000001Gi", "x", "500m"})
    CHECK_FALSE(bytes(bad).has_value());
}

TEST_CASE("durations: groups of digits and units, saturating") {
  CHECK(Duration::parse("30s")->millis == 30000);
  CHECK(Duration::parse("1m30s")->millis == 90000);
  CHECK(Duration::parse("500ms")->millis == 500);
  CHECK(Duration::parse("2h")->millis == 7200000);
  CHECK(Duration::parse("1h1m1s1ms")->millis == 3661001);
  CHECK(Duration::parse("1m30s")->text == "1m30s");
  for (const char* bad : {"", "30", "s", "1d", "1.5s", "-1s", "1234567890s", "30s "})
    CHECK_FALSE(Duration::parse(bad).has_value());
  CHECK(Duration::parse("500ms")->ceil_seconds() == 1);
  CHECK(Duration::parse("2s")->ceil_seconds() == 2);
  CHECK(Duration::parse("0s")->ceil_seconds() == 0);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "999999999h";  // 3.6e19 ms
  CHECK(Duration::parse(many)->millis == std::numeric_limits<int64_t>::max());
}

TEST_CASE("image references split into name, tag and digest") {
  ImageRef a = ImageRef::parse("postgres:15-alpine");
  CHECK(a.name == "postgres");
  CHECK(a.tag == std::optional<std::string>("15-alpine"));
  CHECK_FALSE(a.digest.has_value());
  ImageRef b = ImageRef::parse("registry:5000/org/app");
  CHECK(b.name == "registry:5000/org/app");
  CHECK_FALSE(b.tag.has_value());
  ImageRef c = ImageRef::parse("ghcr.io/org/app:1.2@sha256:abc");
  CHECK(c.name == "ghcr.io/org/app");
  CHECK(c.tag == std::optional<std::string>("1.2"));
  CHECK(c.digest == std::optional<std::string>("sha256:abc"));
  CHECK(c.ref == "ghcr.io/org/app:1.2@sha256:abc");
  ImageRef d = ImageRef::compose("ghcr.io/yourorg/", "todo-backend", "git-${GIT_SHA}");
  CHECK(d.ref == "ghcr.io/yourorg/todo-backend:git-${GIT_SHA}");
  CHECK(ImageRef::compose("", "wats", "local").ref == "wats:local");
}
