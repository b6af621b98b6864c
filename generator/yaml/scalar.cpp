#include "yaml/scalar.h"

#include <cstdio>

namespace gen::yaml {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool is_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::string_view rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") return true;
  if (i == 0 && (s == ".nan" || s == ".NaN" || s == ".NAN")) return true;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

bool is_null_text(std::string_view s) {
  switch (s.size()) {  // by length first: every scalar of every parse is asked
    case 0:
      return true;
    case 1:
      return s[0] == '~';
    case 4:
      return s == "null" || s == "Null" || s == "NULL";
    default:
      return false;
  }
}

ScalarType plain_scalar_type(const std::string& t) {
  if (is_null_text(t)) return ScalarType::Null;
  // By the first character, most strings are told apart at once (the
  // validator asks for every scalar of the spec).
  char first = t[0];
  if (first == 't' || first == 'T' || first == 'f' || first == 'F')
    return parse_bool(t) ? ScalarType::Bool : ScalarType::String;
  if (!is_digit(first) && first != '+' && first != '-' && first != '.') return ScalarType::String;
  int64_t ignored = 0;
  if (parse_int(t, ignored) != IntParse::NotInt) return ScalarType::Int;
  if (is_float(t)) return ScalarType::Float;
  return ScalarType::String;
}

ScalarType scalar_type(const Node& n) {
  if (n.is_null()) return ScalarType::Null;
  if (n.quoted) return ScalarType::String;
  return plain_scalar_type(n.value);
}

const char* describe_kind(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null:
      return "null";
    case Node::Kind::Sequence:
      return "a list";
    case Node::Kind::Mapping:
      return "a mapping";
    case Node::Kind::Scalar:
      break;
  }
  switch (scalar_type(n)) {
    case ScalarType::Null:
      return "null";
    case ScalarType::Bool:
      return "a boolean";
    case ScalarType::Int:
      return "an integer";
    case ScalarType::Float:
      return "a number";
    case ScalarType::String:
      return "a string";
  }
  return "a string";
}

IntParse parse_int(const std::string& s, int64_t& out) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  // YAML 1.2 core schema: hex and octal carry no sign.
  int base = 10;
  if (i + 1 < s.size() && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'o')) {
    if (i != 0) return IntParse::NotInt;
    base = s[1] == 'x' ? 16 : 8;
    i = 2;
  }
  if (i >= s.size()) return IntParse::NotInt;
  // Accumulate as a negative number so INT64_MIN parses too.
  int64_t value = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    int digit;
    if (base == 16 ? !is_hex(c) : !is_digit(c)) return IntParse::NotInt;
    if (is_digit(c))
      digit = c - '0';
    else
      digit = (c | 0x20) - 'a' + 10;
    if (digit >= base) return IntParse::NotInt;
    if (value < (INT64_MIN + digit) / base) overflow = true;
    if (!overflow) value = value * base - digit;
  }
  if (overflow) return IntParse::Overflow;
  if (!negative) {
    if (value == INT64_MIN) return IntParse::Overflow;
    value = -value;
  }
  out = value;
  return IntParse::Ok;
}

std::optional<bool> parse_bool(const std::string& t) {
  if (t.size() != 4 && t.size() != 5) return std::nullopt;
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

std::string quote_for_message(const std::string& value, size_t max) {
  std::string out = "'";
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    if ((c & 0xC0) != 0x80 && chars++ == max) {
      out += "...";
      break;
    }
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

}  // namespace gen::yaml
