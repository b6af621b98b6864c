// CIDR blocks as an egress allow-list writes them ("10.0.0.0/8",
// "2001:db8::/32"): the one grammar gen reads them with, parsed once into the
// address bytes and the prefix length. Kubernetes ipBlock gets the canonical
// text (text()); verify compares parsed blocks, so "10.0.0.0/8" and
// "010.0.0.0/8" cannot pass for each other.
//
// Accepted: an IPv4 address (four decimal parts, no leading zeros) or an
// IPv6 address (eight groups, `::` once for a run of zero groups, an IPv4
// tail), then `/` and a prefix length (0-32, 0-128). Refused: no prefix,
// and host bits set below the prefix ("10.0.0.1/8": Kubernetes would read
// a different block than the one written; the error names the right one).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

class Cidr {
 public:
  struct Result;  // the block, or why not
  static Result parse(std::string_view text);

  bool v6() const { return v6_; }
  int prefix() const { return prefix_; }
  // Canonical: dotted IPv4, or lower-case IPv6 with the longest run of zero
  // groups (two or more) as `::`; then `/<prefix>`.
  std::string text() const;
  // Every address: 0.0.0.0/0 or ::/0.
  bool everything() const { return prefix_ == 0; }
  // The address bytes, host bits zero (IPv4: the first 4).
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  bool operator==(const Cidr& o) const {
    return v6_ == o.v6_ && prefix_ == o.prefix_ && bytes_ == o.bytes_;
  }
  bool operator!=(const Cidr& o) const { return !(*this == o); }
  bool operator<(const Cidr& o) const;

 private:
  bool v6_ = false;
  int prefix_ = 0;
  std::array<uint8_t, 16> bytes_{};  // IPv4: the first 4
};

struct Cidr::Result {
  std::optional<Cidr> cidr;
  std::string error;  // set exactly when cidr is not
};

}  // namespace gen::values
