#include <catch2/catch.hpp>

#include "util/spellcheck.h"

TEST_CASE("edit distance counts single-character edits") {
  CHECK(gen::edit_distance("", "") == 0);
  CHECK(gen::edit_distance("port", "ports") == 1);
  CHECK(gen::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest_match suggests near names only") {
  std::vector<std::string> keys{"ports", "mounts", "health", "env"};
  CHECK(gen::closest_match("prots", keys) == "ports");
  CHECK(gen::closest_match("helth", keys) == "health");
  CHECK(gen::closest_match("zzzzzz", keys).empty());
  CHECK(gen::closest_match("evn", keys) == "");  // transposition costs 2 > limit 1 for short words
}
