// Kubernetes resource quantities ("250m", "0.5", "256Mi", "1G"): the one
// grammar gen reads them with. The spec's `quantity` format, the contract
// rules (request within limit) and the targets' numbers (compose `cpus`,
// systemd CPUQuota=/MemoryMax=, Kubernetes as written) all read a Quantity.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

class Quantity {
 public:
  // A quantity as written; valid() tells whether it follows the grammar:
  // digits, an optional fraction, an optional suffix (m k M G T P E, or the
  // binary Ki Mi Gi Ti Pi Ei).
  static Quantity read(std::string_view text);

  const std::string& text() const { return text_; }
  bool valid() const { return valid_; }

  // The value in base units (cores, bytes); nullopt when not valid. Equal
  // quantities written differently (1Gi and 1024Mi, 0.5 and 500m) are equal.
  std::optional<long double> value() const;
  // CPU in millicores, rounded up ("250m" -> 250, "0.5" -> 500); nullopt when
  // not valid, for a fraction of a millicore suffix ("0.5m") or a suffix
  // other than m, and on overflow.
  std::optional<int64_t> millicores() const;
  // Memory in bytes, rounded up ("256Mi" -> 268435456); nullopt when not
  // valid, for the milli suffix and on overflow.
  std::optional<int64_t> bytes() const;

 private:
  std::string text_;
  bool valid_ = false;
  std::string whole_, frac_;  // digits before and after the point
  std::string suffix_;
};

// Millicores as a decimal number of cores without trailing zeros:
// 250 -> "0.25", 1000 -> "1", 1500 -> "1.5".
std::string millicores_to_cores(int64_t millicores);

}  // namespace gen::values
