// A size as docker and podman read it (compose `shm_size`, `--shm-size`):
// a whole number with an optional unit b, k, m or g (kb, mb, gb too, any
// case), each unit 1024 times the one before; no unit is bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace gen::values {

// The size in bytes; nullopt when it is no such size or overflows.
std::optional<int64_t> engine_bytes(std::string_view text);

}  // namespace gen::values
