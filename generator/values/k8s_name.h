// The Kubernetes name of a volume key compose users write (db_data,
// Back_Tier): Kubernetes object names are DNS-1123 labels, so '_' becomes
// '-' and capitals become small letters. A key already a DNS label keeps
// its name. Two volume keys deriving to one name are refused by check
// (target-support), so the derivation need not be reversible.
#pragma once

#include <string>
#include <string_view>

namespace gen::values {

inline std::string k8s_name(std::string_view key) {
  std::string out(key);
  for (char& c : out) {
    if (c == '_') c = '-';
    else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace gen::values
