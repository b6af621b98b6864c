// Image references: the one place gen splits a reference
// ("registry:5000/org/name:tag@sha256:...") into name, tag and digest, and
// composes a built image's reference from registry, name and tag.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

struct ImageRef {
  std::string name;                   // with registry/path: "ghcr.io/org/app"
  std::optional<std::string> tag;     // "15-alpine"; none when untagged
  std::optional<std::string> digest;  // "sha256:..."; none unless pinned
  std::string ref;                    // the full reference as an engine takes it

  // The tag is after the last ':' that follows the last '/' (a registry
  // port's ':' is not a tag); the digest after '@'.
  static ImageRef parse(std::string_view text);
  // "registry/name:tag"; an empty `registry` gives "name:tag".
  static ImageRef compose(std::string_view registry, std::string_view name, std::string_view tag);
};

}  // namespace gen::values
