#include "check/quantity.h"

#include <cctype>
#include <cmath>

namespace gen::check {

std::optional<long double> parse_quantity(const std::string& text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '+') ++i;
  // The digits as one integer mantissa and the count of fraction digits, so
  // the value is computed with a single rounding: mantissa * scale / 10^frac.
  long double mantissa = 0;
  int digits = 0, whole = 0, frac = 0;
  bool point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !point) {
      point = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
      if (!point) {
        // Thirty integer digits are beyond any amount Kubernetes accepts
        // (int64 milli-units); refusing them keeps the arithmetic finite.
        if (++whole > 30) return std::nullopt;
      } else if (frac >= 30) {
        continue;  // digits this far past the point cannot change a comparison
      } else {
        ++frac;
      }
      mantissa = mantissa * 10 + (c - '0');
    } else {
      break;
    }
  }
  if (digits == 0) return std::nullopt;
  const std::string suffix = text.substr(i);
  long double binary = 1;
  int exp10 = 0;
  static const char* const kBinary[] = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  static const char* const kDecimal[] = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  bool known = false;
  for (int k = 0; k < 6 && !known; ++k)
    if (suffix == kBinary[k]) {
      binary = std::ldexp(1.0L, 10 * (k + 1));
      known = true;
    }
  for (int k = 0; k < 10 && !known; ++k)
    if (suffix == kDecimal[k]) {
      exp10 = 3 * (k - 3);
      known = true;
    }
  if (!known && suffix.size() >= 2 && (suffix[0] == 'e' || suffix[0] == 'E')) {
    size_t j = 1;
    bool negative = false;
    if (suffix[j] == '+' || suffix[j] == '-') negative = suffix[j++] == '-';
    if (j == suffix.size() || suffix.size() - j > 3 ||
        suffix.find_first_not_of("0123456789", j) != std::string::npos)
      return std::nullopt;
    exp10 = std::stoi(suffix.substr(j)) * (negative ? -1 : 1);
    known = true;
  }
  if (!known) return std::nullopt;
  exp10 -= frac;
  long double value = mantissa * binary;
  if (exp10 >= 0) return value * std::pow(10.0L, exp10);
  return value / std::pow(10.0L, -exp10);
}

}  // namespace gen::check
