// Kubernetes resource quantities ("250m", "0.5", "1Gi", "512M", "1e3"), as
// the API server reads them: a decimal number and an optional suffix, binary
// (Ki Mi Gi Ti Pi Ei), decimal (n u m k M G T P E) or an exponent (e3).
#pragma once

#include <optional>
#include <string>

namespace gen::check {

// The value in base units (cores for cpu, bytes for memory), or nullopt when
// `text` is not a non-negative quantity. Equal quantities written
// differently (1Gi, 1024Mi; 0.5, 500m) give equal values.
std::optional<long double> parse_quantity(const std::string& text);

}  // namespace gen::check
