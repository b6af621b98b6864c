#include "resolve/host_path.h"

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
  CHECK(output_path_json("waha/data", "waha").dump() ==
        R"({"base":"output","path":"waha/data","single":"./waha/data","per_module":"./data"})");
  CHECK(
      output_path_json("./waha/sessions", "api").dump() ==
      R"({"base":"output","path":"waha/sessions","single":"./waha/sessions","per_module":"../waha/sessions"})");
  CHECK(output_path_json("./backend", "backend").dump() ==
        R"({"base":"output","path":"backend","single":"./backend","per_module":"."})");
  CHECK(output_path_json(".", "m").dump() ==
        R"({"base":"output","path":".","single":".","per_module":".."})");
  CHECK(
      output_path_json("/etc/x.conf", "m").dump() ==
      R"({"base":"output","path":"/etc/x.conf","single":"/etc/x.conf","per_module":"/etc/x.conf"})");
  CHECK(output_path_json("../shared", "m").dump() ==
        R"({"base":"output","path":"../shared","single":"../shared","per_module":"../../shared"})");
  // A module whose name prefixes another directory's is not its parent.
  CHECK(
      output_path_json("api-docs/x", "api").dump() ==
      R"({"base":"output","path":"api-docs/x","single":"./api-docs/x","per_module":"../api-docs/x"})");
}

TEST_CASE("paths the spec names stay relative to the spec's directory") {
  CHECK(spec_path_json("./frontend/").dump() ==
        R"({"base":"spec","path":"frontend","single":null,"per_module":null})");
  CHECK(spec_path_json("/etc/app.conf").dump() ==
        R"({"base":"spec","path":"/etc/app.conf","single":null,"per_module":null})");
}
