// Replays the fuzz seed corpus (and any crash reproducers saved next to it)
// through the fuzz target in every build, so fixed fuzz findings stay fixed
// even where libFuzzer is not built.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../../fuzz/template_fuzz.cpp"

TEST_CASE("the template fuzz corpus renders or fails cleanly") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(GEN_SOURCE_DIR) / "fuzz" / "corpus" / "template";
  REQUIRE(fs::is_directory(dir));
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream data;
    data << in.rdbuf();
    std::string bytes = data.str();
    INFO(entry.path().filename().string());
    CHECK(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) == 0);
    ++n;
  }
  CHECK(n > 50);
}
