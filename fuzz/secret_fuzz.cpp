// libFuzzer target for the secret detector (check/secret_detect.h), the
// hand-written scanner every no-secret-values finding goes through: any
// bytes as a name, a value, an image reference, a config file's text and an
// argument vector (split at NUL bytes; an argument after `sh -c` is scanned
// as a shell script). It must never crash, hang or read out of bounds, and
// every finding must point inside its input.
// Seeds: fuzz/corpus/secret; tokens: fuzz/secret.dict.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "check/secret_detect.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // far beyond any spec value; keeps runs fast
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)gen::check::looks_like_secret(text);
  (void)gen::check::is_reference(text);
  (void)gen::check::secret_in_text(text);
  (void)gen::check::secret_in_image(text);
  int lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& s : gen::check::secrets_in_config_text(text))
    if (s.line < 1 || s.line > lines) __builtin_trap();
  std::vector<std::string> argv;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == '\0') {
      argv.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  for (const auto& s : gen::check::secrets_in_args(argv))
    if (s.index >= argv.size() || s.what.empty()) __builtin_trap();
  return 0;
}
