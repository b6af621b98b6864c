// Durations as the spec writes them ("30s", "1m30s", "500ms"): the one
// grammar gen reads them with. Targets take the text as written (Dockerfile,
// compose and systemd accept it) or whole seconds rounded up (Kubernetes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

struct Duration {
  std::string text;    // as written
  int64_t millis = 0;  // saturating

  // Groups of 1 to 9 digits each followed by a unit (ms, s, m, h); nullopt
  // for anything else.
  static std::optional<Duration> parse(std::string_view text);
  // A built-in default, written and in milliseconds.
  static Duration of(std::string text, int64_t millis) { return {std::move(text), millis}; }

  // Whole seconds, rounded up: a 500ms timeout must not become 0s.
  int64_t ceil_seconds() const;
};

}  // namespace gen::values
