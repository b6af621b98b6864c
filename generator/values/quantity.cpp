#include "values/quantity.h"

#include <cmath>
#include <limits>

namespace gen::values {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

bool digit(char c) { return c >= '0' && c <= '9'; }

struct Suffix {
  const char* text;
  int64_t binary;  // multiplier of a binary suffix, else 0
  int exp10;       // power of ten of a decimal suffix
};

constexpr Suffix kSuffixes[] = {
    {"", 0, 0},          {"m", 0, -3},         {"k", 0, 3},          {"M", 0, 6},
    {"G", 0, 9},         {"T", 0, 12},         {"P", 0, 15},         {"E", 0, 18},
    {"Ki", 1LL << 10, 0}, {"Mi", 1LL << 20, 0}, {"Gi", 1LL << 30, 0}, {"Ti", 1LL << 40, 0},
    {"Pi", 1LL << 50, 0}, {"Ei", 1LL << 60, 0},
};

const Suffix* find_suffix(const std::string& s) {
  for (const Suffix& k : kSuffixes)
    if (s == k.text) return &k;
  return nullptr;
}

// whole.frac * multiplier, rounded up, or nullopt on overflow. 18 integer
// digits always fit in int64; nine fraction digits (nano) is the finest
// precision Kubernetes keeps, so longer inputs are not sensible amounts.
std::optional<int64_t> scale(const std::string& whole, const std::string& frac,
                             int64_t multiplier) {
  if (whole.size() > 18 || frac.size() > 9) return std::nullopt;
  int64_t w = whole.empty() ? 0 : std::stoll(whole);
  if (w > kMax / multiplier) return std::nullopt;
  int64_t result = w * multiplier;
  if (!frac.empty()) {
    // frac * multiplier rounded up, without overflow: split the multiplier as
    // q * denom + r (denom <= 1e9), so numer * r < 1e18.
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

int64_t pow10(int n) {
  int64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

}  // namespace

Quantity Quantity::read(std::string_view text) {
  Quantity q;
  q.text_ = std::string(text);
  size_t i = 0;
  while (i < text.size() && digit(text[i])) ++i;
  if (i == 0) return q;
  q.whole_ = std::string(text.substr(0, i));
  if (i < text.size() && text[i] == '.') {
    size_t start = ++i;
    while (i < text.size() && digit(text[i])) ++i;
    if (i == start) return q;
    q.frac_ = std::string(text.substr(start, i - start));
  }
  q.suffix_ = std::string(text.substr(i));
  q.valid_ = find_suffix(q.suffix_) != nullptr;
  return q;
}

std::optional<long double> Quantity::value() const {
  if (!valid_) return std::nullopt;
  const Suffix* s = find_suffix(suffix_);
  // The digits as one mantissa and a single rounding: mantissa * scale / 10^frac.
  // Digits past the thirtieth cannot change a comparison.
  long double mantissa = 0;
  int frac = 0;
  for (char c : whole_.substr(0, 30)) mantissa = mantissa * 10 + (c - '0');
  for (char c : frac_.substr(0, 30)) {
    mantissa = mantissa * 10 + (c - '0');
    ++frac;
  }
  if (whole_.size() > 30) return std::nullopt;  // beyond any amount Kubernetes accepts
  long double v = mantissa * (s->binary ? static_cast<long double>(s->binary) : 1.0L);
  int exp10 = s->exp10 - frac;
  return exp10 >= 0 ? v * std::pow(10.0L, exp10) : v / std::pow(10.0L, -exp10);
}

std::optional<int64_t> Quantity::millicores() const {
  if (!valid_) return std::nullopt;
  if (suffix_ == "m") {
    if (!frac_.empty()) return std::nullopt;  // "0.5m" is not a CPU amount
    return scale(whole_, "", 1);
  }
  if (!suffix_.empty()) return std::nullopt;
  return scale(whole_, frac_, 1000);
}

std::optional<int64_t> Quantity::bytes() const {
  if (!valid_) return std::nullopt;
  const Suffix* s = find_suffix(suffix_);
  if (s->exp10 < 0) return std::nullopt;  // milli-bytes
  return scale(whole_, frac_, s->binary ? s->binary : pow10(s->exp10));
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

}  // namespace gen::values
