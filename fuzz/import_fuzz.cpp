// libFuzzer target for gen import's compose loader and mapper (import/):
// any bytes as a compose file (written to a scratch directory, as the loader
// reads files: extends, include and env_file resolve against it), loaded as
// compose loads it (merge keys, interpolation, profiles, extends, include)
// and mapped onto a spec. It must never crash, hang or read out of bounds;
// every finding must be positioned in a file the loader read.
// Seeds: fuzz/corpus/import; tokens: fuzz/import.dict.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "import/loader.h"
#include "import/to_spec.h"

namespace {

const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() /
             ("gen-import-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string file = (scratch() / "compose.yaml").generic_string();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  gen::import::LoadOptions load;
  load.files = {file};
  gen::Diagnostics diags;
  gen::SourceFiles sources;
  auto compose = gen::import::load_compose(load, diags, sources);
  if (compose && !diags.has_errors()) {
    gen::import::ImportOptions options;
    options.spec_path = (scratch() / "gen.yaml").generic_string();
    options.origin = "compose.yaml";
    (void)gen::import::compose_to_spec(*compose, options, diags);
    options.keep_behaviour = true;
    (void)gen::import::compose_to_spec(*compose, options, diags);
  }
  for (const auto& d : diags.items())
    if (d.range.begin.line < 0 || d.range.begin.column < 0) __builtin_trap();
  return 0;
}
