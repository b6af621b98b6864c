#include "check/secret_names.h"

#include <cctype>

namespace gen::check {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool looks_like_secret(const std::string& name) {
  std::string n;
  for (char c : name) n += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* where : {"_FILE", "_PATH", "_DIR"})
    if (ends_with(n, where)) return false;
  for (const char* word : {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL",
                           "APIKEY", "PRIVATE_KEY"})
    if (n.find(word) != std::string::npos) return true;
  return n == "KEY" || ends_with(n, "_KEY");
}

bool has_url_password(const std::string& value) {
  for (size_t scheme = value.find("://"); scheme != std::string::npos;
       scheme = value.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t end = value.find_first_of("/?# \t\n", start);
    std::string authority = value.substr(start, end == std::string::npos ? end : end - start);
    size_t at = authority.rfind('@');
    if (at == std::string::npos) continue;
    std::string userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon == std::string::npos) continue;
    std::string password = userinfo.substr(colon + 1);
    if (!password.empty() && password[0] != '$') return true;
  }
  return false;
}

}  // namespace gen::check
