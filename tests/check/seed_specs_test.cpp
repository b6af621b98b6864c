// The five seed specs (specs/*.yaml) are the contracts the rules come from:
// each must load and pass every rule without a finding, warnings included.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "check/check.h"
#include "diagnostics/render.h"
#include "load/load_spec.h"

using namespace gen;

TEST_CASE("every seed spec passes every rule") {
  namespace fs = std::filesystem;
  std::vector<std::string> specs;
  for (const auto& e : fs::directory_iterator(std::string(GEN_SOURCE_DIR) + "/specs"))
    if (e.path().extension() == ".yaml") specs.push_back(e.path().string());
  std::sort(specs.begin(), specs.end());
  CHECK(specs.size() >= 5);
  for (const auto& path : specs) {
    INFO(path);
    Diagnostics diags;
    SourceFiles sources;
    auto spec = load::load_spec(path, diags, sources);
    REQUIRE(spec);
    check::check_spec(*spec, diags);
    CHECK(render_diagnostics(diags, sources, RenderOptions{}) == "");
  }
}
