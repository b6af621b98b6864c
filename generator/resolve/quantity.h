// Kubernetes-style resource quantities ("250m", "1.5", "256Mi", "1G") turned
// into the numbers other targets need: compose `cpus`, systemd CPUQuota= and
// MemoryMax=. A quantity that does not parse gives std::nullopt (the check
// stage reports it; resolve never fails on it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace gen::resolve {

// CPU in millicores: "250m" -> 250, "1" -> 1000, "0.5" -> 500.
std::optional<int64_t> parse_cpu_millicores(const std::string& text);

// Millicores as a decimal number of cores without trailing zeros:
// 250 -> "0.25", 1000 -> "1", 1500 -> "1.5".
std::string millicores_to_cores(int64_t millicores);

// Memory in bytes: binary (Ki Mi Gi Ti Pi Ei) and decimal (k M G T P E)
// suffixes, optional fraction, rounded up: "256Mi" -> 268435456.
std::optional<int64_t> parse_memory_bytes(const std::string& text);

}  // namespace gen::resolve
