// Loading on two threads (validation beside the model build) gives exactly
// what one thread gives: the same findings in the same order, the same
// outcome. Every golden error case and every bundled spec is loaded both ways.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "load_helpers.h"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> specs_to_load() {
  std::vector<fs::path> paths;
  for (const char* dir : {"tests/cases", "specs", "examples"})
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file() && e.path().extension() == ".yaml") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

TEST_CASE("a spec loads the same on one thread and on two") {
  std::vector<fs::path> paths = specs_to_load();
  REQUIRE(paths.size() > 50);
  size_t with_findings = 0;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto one = gen::test::load(text.str(), path.string(), 1);
    auto two = gen::test::load(text.str(), path.string(), 2);
    INFO(path.string());
    CHECK(one.spec.has_value() == two.spec.has_value());
    CHECK(one.text == two.text);
    if (!one.diags.items().empty()) ++with_findings;
  }
  CHECK(with_findings > 30);  // the error cases' findings were compared, not only clean loads
}
