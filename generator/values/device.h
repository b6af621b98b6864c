// A host device handed to a container, as compose `devices`, Quadlet
// `AddDevice=` and `--device` write it: HOST[:CONTAINER][:PERMISSIONS].
// The one grammar gen reads it with (the spec's format, resolve, verify and
// gen import).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

struct Device {
  std::string host;               // /dev/fuse
  std::string container;          // the host path unless given
  std::string permissions = "rwm";  // cgroup access: a non-empty subset of r, w, m

  // nullopt unless `text` is an absolute /dev path, optionally followed by
  // an absolute container path and/or permissions, without `..` or empty
  // segments.
  static std::optional<Device> parse(std::string_view text);
  // HOST:CONTAINER:PERMISSIONS, every part written out (the form gen renders).
  std::string text() const;
  bool operator==(const Device& o) const {
    return host == o.host && container == o.container && permissions == o.permissions;
  }
};

}  // namespace gen::values
