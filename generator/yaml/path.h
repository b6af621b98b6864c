// Dotted paths naming a place in the spec for messages:
// "modules.backend.ports[0].container". Keys are cut short so a huge key
// cannot blow up a message.
#pragma once

#include <cstddef>
#include <string>

namespace gen::yaml {

std::string path_key(const std::string& parent, const std::string& key);
std::string path_index(const std::string& parent, size_t index);
// "in modules.backend" / "at the top level", for "unknown key 'x' ..." messages.
std::string path_where(const std::string& path);

}  // namespace gen::yaml
