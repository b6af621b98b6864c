// Reads a spec file from disk, refusing what is not a regular file (a
// directory, a FIFO that would block, a device) and what is too large to be a
// spec (16 MiB: a synthetic 10,000-module spec is about 8 MiB; the limit keeps
// hostile input cheap on a loaded CI box and in sanitizer builds).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"

namespace gen::yaml {

inline constexpr size_t kMaxSpecBytes = size_t{16} << 20;  // 16 MiB; real specs are < 100 KB

// The file's bytes, or nullopt after adding a diagnostic naming `path`:
// io-error (exit 2) when it cannot be read, input-limit when it is too large.
std::optional<std::string> read_spec_file(const std::string& path, Diagnostics& diags,
                                          size_t max_bytes = kMaxSpecBytes);

}  // namespace gen::yaml
