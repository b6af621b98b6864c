// Image references: splitting a plain image ("postgres:15-alpine") into name,
// tag and digest, and composing a built image's reference from registry,
// name and tag.
#pragma once

#include <optional>
#include <string>

namespace gen::resolve {

struct ImageRef {
  std::string name;                   // with registry/path: "ghcr.io/org/app"
  std::optional<std::string> tag;     // "15-alpine"; none when untagged
  std::optional<std::string> digest;  // "sha256:..."; none unless pinned
  std::string ref;                    // the full reference as an engine takes it
};

// Splits "registry:5000/org/name:tag@sha256:..." (the tag is after the last
// ':' that follows the last '/'; a port's ':' is not a tag).
ImageRef parse_image_ref(const std::string& text);

// "registry/name:tag"; `registry` empty -> "name:tag".
ImageRef compose_image_ref(const std::string& registry, const std::string& name,
                           const std::string& tag);

}  // namespace gen::resolve
