#include "values/image_ref.h"

namespace gen::values {

ImageRef ImageRef::parse(std::string_view text) {
  ImageRef out;
  out.ref = std::string(text);
  std::string_view rest = text;
  size_t at = rest.find('@');
  if (at != std::string_view::npos) {
    out.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  size_t slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    out.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  out.name = std::string(rest);
  return out;
}

ImageRef ImageRef::compose(std::string_view registry, std::string_view name,
                           std::string_view tag) {
  ImageRef out;
  std::string_view prefix = registry;
  while (!prefix.empty() && prefix.back() == '/') prefix.remove_suffix(1);
  out.name = prefix.empty() ? std::string(name) : std::string(prefix) + "/" + std::string(name);
  out.tag = std::string(tag);
  out.ref = out.name + ":" + std::string(tag);
  return out;
}

}  // namespace gen::values
