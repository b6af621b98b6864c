// libFuzzer target for the Dockerfile parser (dockerfile/parse.h), which
// reads the project's own Dockerfiles (build.dockerfile: any bytes a
// repository holds, up to 1 MB) as well as gen's: any bytes as a Dockerfile,
// then the word parsers on every instruction's arguments. It must never
// crash, hang or read out of bounds, and every instruction's position must
// lie inside its input.
// Seeds: fuzz/corpus/dockerfile; tokens: fuzz/dockerfile.dict.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dockerfile/parse.h"

namespace {

void check_words(const gen::dockerfile::DockerInstruction& ins, int lines) {
  if (ins.line < 1 || ins.line > lines || ins.column < 1) __builtin_trap();
  (void)gen::dockerfile::json_args(ins.args);
  (void)gen::dockerfile::key_values(ins.args, ins.keyword == "ENV");
  (void)gen::dockerfile::split_options(ins.args);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  const auto parse = gen::dockerfile::parse_dockerfile(text);
  for (const auto& ins : parse.before_first_from) check_words(ins, lines);
  for (const auto& st : parse.stages) {
    check_words(st.from, lines);
    for (const auto& ins : st.instructions) check_words(ins, lines);
  }
  return 0;
}
