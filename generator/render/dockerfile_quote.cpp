#include "render/dockerfile_quote.h"

namespace gen::render {

bool dockerfile_writable(const std::string& value) {
  for (unsigned char c : value)
    if (c == '\n' || c == '\r' || c == '\0') return false;
  return true;
}

std::string dockerfile_quote(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '\\' || c == '"' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace gen::render
