#include "resolve/host_path.h"

#include "context/context.h"

#include <catch2/catch.hpp>

using namespace gen::resolve;

TEST_CASE("paths normalise lexically") {
  CHECK(normalize_path("./backend") == "backend");
  CHECK(normalize_path("backend/") == "backend");
  CHECK(normalize_path("a/./b//c/../d") == "a/b/d");
  CHECK(normalize_path("") == ".");
  CHECK(normalize_path("./") == ".");
  CHECK(normalize_path("../x") == "../x");
  CHECK(normalize_path("a/../../x") == "../x");
  CHECK(normalize_path("/etc/../srv/") == "/srv");
  CHECK(normalize_path("/..") == "/");
}

TEST_CASE("paths in the output tree are spelled for both compose layouts") {
  CHECK(gen::context::to_json(output_path("waha/data", "waha")).dump() ==
        R"({"base":"output","path":"waha/data","single":"./waha/data","per_module":"./data"})");
  CHECK(
      gen::context::to_json(output_path("./waha/sessions", "api")).dump() ==
      R"({"base":"output","path":"waha/sessions","single":"./waha/sessions","per_module":"../waha/sessions"})");
  CHECK(gen::context::to_json(output_path("./backend", "backend")).dump() ==
        R"({"base":"output","path":"backend","single":"./backend","per_module":"."})");
  CHECK(gen::context::to_json(output_path(".", "m")).dump() ==
        R"({"base":"output","path":".","single":".","per_module":".."})");
  CHECK(
      gen::context::to_json(output_path("/etc/x.conf", "m")).dump() ==
      R"({"base":"output","path":"/etc/x.conf","single":"/etc/x.conf","per_module":"/etc/x.conf"})");
  CHECK(gen::context::to_json(output_path("../shared", "m")).dump() ==
        R"({"base":"output","path":"../shared","single":"../shared","per_module":"../../shared"})");
  // A module whose name prefixes another directory's is not its parent.
  CHECK(
      gen::context::to_json(output_path("api-docs/x", "api")).dump() ==
      R"({"base":"output","path":"api-docs/x","single":"./api-docs/x","per_module":"../api-docs/x"})");
}

TEST_CASE("paths the spec names stay relative to the spec's directory") {
  CHECK(gen::context::to_json(spec_path("./frontend/")).dump() ==
        R"({"base":"spec","path":"frontend","single":null,"per_module":null})");
  CHECK(gen::context::to_json(spec_path("/etc/app.conf")).dump() ==
        R"({"base":"spec","path":"/etc/app.conf","single":null,"per_module":null})");
}
