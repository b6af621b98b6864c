#include "resolve/image_ref.h"

namespace gen::resolve {

ImageRef parse_image_ref(const std::string& text) {
  ImageRef out;
  out.ref = text;
  std::string rest = text;
  size_t at = rest.find('@');
  if (at != std::string::npos) {
    out.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  size_t slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    out.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  out.name = rest;
  return out;
}

ImageRef compose_image_ref(const std::string& registry, const std::string& name,
                           const std::string& tag) {
  ImageRef out;
  std::string prefix = registry;
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  out.name = prefix.empty() ? name : prefix + "/" + name;
  out.tag = tag;
  out.ref = out.name + ":" + tag;
  return out;
}

}  // namespace gen::resolve
