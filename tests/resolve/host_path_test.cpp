#include <catch2/catch.hpp>

#include "resolve/host_path.h"

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

TEST_CASE("host paths are spelled for both compose layouts") {
  CHECK(host_path_json("waha/data", "waha").dump() ==
        R"({"path":"waha/data","single":"./waha/data","per_module":"./data"})");
  CHECK(host_path_json("./waha/sessions", "api").dump() ==
        R"({"path":"waha/sessions","single":"./waha/sessions","per_module":"../waha/sessions"})");
  CHECK(host_path_json("./backend", "backend").dump() ==
        R"({"path":"backend","single":"./backend","per_module":"."})");
  CHECK(host_path_json(".", "m").dump() == R"({"path":".","single":".","per_module":".."})");
  CHECK(host_path_json("/etc/x.conf", "m").dump() ==
        R"({"path":"/etc/x.conf","single":"/etc/x.conf","per_module":"/etc/x.conf"})");
  CHECK(host_path_json("../shared", "m").dump() ==
        R"({"path":"../shared","single":"../shared","per_module":"../../shared"})");
  // A module whose name prefixes another directory's is not its parent.
  CHECK(host_path_json("api-docs/x", "api").dump() ==
        R"({"path":"api-docs/x","single":"./api-docs/x","per_module":"../api-docs/x"})");
}
