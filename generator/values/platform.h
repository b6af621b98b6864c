// A container platform as compose `platform`, `podman run --platform` and
// OCI image indexes write it: OS/ARCH[/VARIANT] (linux/arm64, linux/arm/v7).
// The one grammar gen reads it with (the spec's format, resolve, verify and
// gen import).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

struct Platform {
  std::string os;       // linux
  std::string arch;     // amd64, arm64, arm, 386, ppc64le, s390x, riscv64
  std::string variant;  // v5..v8 for arm/arm64; empty when not written

  // nullopt unless `text` is a known OS, a known architecture and
  // optionally a variant (v followed by digits), separated by '/'.
  static std::optional<Platform> parse(std::string_view text);
  // OS/ARCH[/VARIANT], as written to every target.
  std::string text() const;
  bool operator==(const Platform& o) const {
    return os == o.os && arch == o.arch && variant == o.variant;
  }
};

}  // namespace gen::values
