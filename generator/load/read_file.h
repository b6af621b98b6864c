// Reads a spec file from disk, refusing what is not a regular file (a
// directory, a FIFO that would block, a device) and what is too large to parse
// within a second (yaml-cpp reads plain scalars at about 12 MB/s on an idle
// machine; 2 MiB leaves room for a loaded CI box and sanitizer builds).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"

namespace gen::load {

inline constexpr size_t kMaxSpecBytes = size_t{2} << 20;  // 2 MiB; real specs are < 100 KB

// The file's bytes, or nullopt after adding a diagnostic naming `path`:
// io-error (exit 2) when it cannot be read, input-limit when it is too large.
std::optional<std::string> read_spec_file(const std::string& path, Diagnostics& diags,
                                          size_t max_bytes = kMaxSpecBytes);

}  // namespace gen::load
