// libFuzzer target for the spec loader: any bytes go through the whole load
// stage (text checks, YAML tree, schema validation, model, references) and
// every diagnostic renderer. It must never crash, hang, leak or blow up
// memory, and a spec is returned exactly when no error was reported.
// Seeds: fuzz/corpus/spec (tests/cases, specs/, docs example); tokens:
// fuzz/spec.dict.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diagnostics/render.h"
#include "load/load_spec.h"
#include "yaml/read_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > gen::yaml::kMaxSpecBytes) return 0;  // read_spec_file refuses these first
  std::string text(reinterpret_cast<const char*>(data), size);
  gen::Diagnostics diags;
  gen::SourceFiles sources;
  auto spec = gen::load::load_spec_from_string("fuzz.yaml", text, diags, sources);
  if (spec.has_value() == diags.has_errors()) __builtin_trap();
  for (auto format :
       {gen::DiagnosticFormat::Human, gen::DiagnosticFormat::Json, gen::DiagnosticFormat::Github}) {
    gen::RenderOptions options;
    options.format = format;
    options.color = format == gen::DiagnosticFormat::Human;
    std::string out = gen::render_diagnostics(diags, sources, options);
    (void)out;
  }
  return 0;
}
