#include "resolve/quantity.h"

#include <limits>
#include <utility>
#include <vector>

namespace gen::resolve {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// A non-negative decimal "123" or "1.25" split into integer and fraction
// digits; false for anything else (signs, exponents, empty parts).
bool split_decimal(const std::string& s, std::string& whole, std::string& frac) {
  size_t dot = s.find('.');
  whole = s.substr(0, dot);
  frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  if (dot != std::string::npos && frac.empty()) return false;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return false;
  // 18 digits always fit in int64; nine fraction digits (nano) is the finest
  // precision Kubernetes keeps. Longer inputs are not sensible quantities.
  return whole.size() <= 18 && frac.size() <= 9;
}

// value * multiplier, rounded up, or nullopt on overflow.
std::optional<int64_t> scale(const std::string& s, int64_t multiplier) {
  std::string whole, frac;
  if (!split_decimal(s, whole, frac)) return std::nullopt;
  int64_t w = whole.empty() ? 0 : std::stoll(whole);
  if (w > kMax / multiplier) return std::nullopt;
  int64_t result = w * multiplier;
  if (!frac.empty()) {
    // frac * multiplier rounded up, without overflow: split the multiplier as
    // q * denom + r (denom <= 1e9, see split_decimal), so numer * r < 1e18.
    int64_t numer = std::stoll(frac);
    int64_t denom = 1;
    for (size_t i = 0; i < frac.size(); ++i) denom *= 10;
    int64_t q = multiplier / denom, r = multiplier % denom;
    int64_t rest = numer * r;
    int64_t add = numer * q + rest / denom + (rest % denom != 0 ? 1 : 0);
    if (result > kMax - add) return std::nullopt;
    result += add;
  }
  return result;
}

}  // namespace

std::optional<int64_t> parse_cpu_millicores(const std::string& text) {
  if (!text.empty() && text.back() == 'm') {
    std::string digits = text.substr(0, text.size() - 1);
    if (digits.find('.') != std::string::npos) return std::nullopt;  // "0.5m" is not a CPU
    return scale(digits, 1);
  }
  return scale(text, 1000);
}

std::string millicores_to_cores(int64_t millicores) {
  std::string out = std::to_string(millicores / 1000);
  int64_t rest = millicores % 1000;
  if (rest != 0) {
    std::string frac = std::to_string(rest);
    frac.insert(0, 3 - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    out += "." + frac;
  }
  return out;
}

std::optional<int64_t> parse_memory_bytes(const std::string& text) {
  static const std::vector<std::pair<std::string, int64_t>> kSuffixes = {
      {"Ki", int64_t{1} << 10},
      {"Mi", int64_t{1} << 20},
      {"Gi", int64_t{1} << 30},
      {"Ti", int64_t{1} << 40},
      {"Pi", int64_t{1} << 50},
      {"Ei", int64_t{1} << 60},
      {"k", 1000},
      {"M", 1000000},
      {"G", 1000000000},
      {"T", 1000000000000},
      {"P", 1000000000000000},
      {"E", 1000000000000000000},
  };
  for (const auto& [suffix, multiplier] : kSuffixes) {
    if (text.size() > suffix.size() &&
        text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
      return scale(text.substr(0, text.size() - suffix.size()), multiplier);
  }
  return scale(text, 1);
}

}  // namespace gen::resolve
