#include "template/format.h"

#include <cmath>
#include <cstdio>

#include "template/error.h"
#include "template/text.h"
#include "template/value_ops.h"

namespace gen::tmpl {
namespace {

struct Spec {
  bool left = false, plus = false, space = false, alt = false, zero = false;
  long width = -1, prec = -1;
};

[[noreturn]] void value_error(std::string msg) { fail(ErrorKind::Value, std::move(msg)); }

// Pads `body` (already signed) to the width, in code points.
std::string pad(const std::string& body, const Spec& sp) {
  long len = static_cast<long>(text::length(body));
  if (sp.width <= len) return body;
  std::string fill(static_cast<size_t>(sp.width - len), ' ');
  return sp.left ? body + fill : fill + body;
}

// Sign, prefix and digits, with zero padding placed after sign and prefix.
std::string pad_number(const std::string& sign, const std::string& prefix, std::string digits,
                       const Spec& sp) {
  long len = static_cast<long>(sign.size() + prefix.size() + digits.size());
  if (sp.width > len && sp.zero && !sp.left)
    digits = std::string(static_cast<size_t>(sp.width - len), '0') + digits;
  return pad(sign + prefix + digits, sp);
}

std::string format_integer(int64_t v, char conv, const Spec& sp) {
  bool neg = v < 0;
  uint64_t mag = neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits;
  std::string prefix;
  int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
  const char* set = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits.insert(digits.begin(), set[mag % static_cast<uint64_t>(base)]);
    mag /= static_cast<uint64_t>(base);
  } while (mag);
  if (sp.prec >= 0 && static_cast<long>(digits.size()) < sp.prec)
    digits = std::string(static_cast<size_t>(sp.prec) - digits.size(), '0') + digits;
  if (sp.alt && base == 8) prefix = "0o";
  if (sp.alt && base == 16) prefix = conv == 'X' ? "0X" : "0x";
  std::string sign = neg ? "-" : sp.plus ? "+" : sp.space ? " " : "";
  return pad_number(sign, prefix, digits, sp);
}

std::string format_float(double d, char conv, const Spec& sp) {
  std::string cfmt = "%";
  if (sp.left) cfmt += '-';
  if (sp.plus) cfmt += '+';
  if (sp.space) cfmt += ' ';
  if (sp.alt) cfmt += '#';
  if (sp.zero && std::isfinite(d)) cfmt += '0';
  if (sp.width >= 0) cfmt += std::to_string(sp.width);
  cfmt += '.';
  cfmt += std::to_string(sp.prec >= 0 ? sp.prec : 6);
  cfmt += conv;
  int n = std::snprintf(nullptr, 0, cfmt.c_str(), d);
  std::string out(static_cast<size_t>(n), '\0');
  std::snprintf(out.data(), out.size() + 1, cfmt.c_str(), d);
  return out;
}

}  // namespace

std::string ascii_repr(const Value& v) {
  std::string r = ops::repr(v);
  if (text::is_ascii(r)) return r;
  std::string out;
  static const char* hex = "0123456789abcdef";
  for (uint32_t cp : text::decode(r)) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp <= 0xFF) {
      out += "\\x";
      out += hex[cp >> 4];
      out += hex[cp & 15];
    } else if (cp <= 0xFFFF) {
      out += "\\u";
      for (int sh = 12; sh >= 0; sh -= 4) out += hex[(cp >> sh) & 15];
    } else {
      out += "\\U";
      for (int sh = 28; sh >= 0; sh -= 4) out += hex[(cp >> sh) & 15];
    }
  }
  return out;
}

std::string percent_format(std::string_view fmt, const Value& args) {
  bool is_tuple = args.kind() == Kind::Tuple;
  long arglen = is_tuple ? static_cast<long>(args.size()) : -1;
  long argidx = is_tuple ? 0 : -2;
  // CPython uses any object with __getitem__ (but not a tuple or str) as the
  // mapping for %(name)s; then unused arguments are not an error.
  bool mapping = args.kind() == Kind::Dict || args.kind() == Kind::List ||
                 args.kind() == Kind::Range || args.kind() == Kind::Undefined;
  auto next_arg = [&]() -> Value {
    if (arglen >= 0) {
      if (argidx < arglen) return args.at(static_cast<size_t>(argidx++));
    } else if (argidx == -2) {
      argidx = -1;
      return args;
    }
    fail_type("not enough arguments for format string");
  };

  std::string out;
  size_t i = 0, n = fmt.size();
  while (i < n) {
    size_t pct = fmt.find('%', i);
    if (pct == std::string_view::npos) {
      out.append(fmt.substr(i));
      break;
    }
    out.append(fmt.substr(i, pct - i));
    i = pct + 1;
    if (i >= n) value_error("incomplete format");
    Value arg;
    bool have_arg = false;
    if (fmt[i] == '(') {
      if (!mapping || args.kind() == Kind::Undefined) {
        if (args.kind() == Kind::Undefined) ops::use_undefined(args);
        fail_type("format requires a mapping");
      }
      size_t start = ++i;
      int depth = 1;
      while (i < n && depth > 0) {
        if (fmt[i] == '(') ++depth;
        else if (fmt[i] == ')') --depth;
        ++i;
      }
      if (depth > 0) value_error("incomplete format key");
      std::string key(fmt.substr(start, i - 1 - start));
      if (args.kind() == Kind::Dict) {
        if (!args.dict_find(key, arg)) fail(ErrorKind::Value, "KeyError: " + text::repr(key));
      } else {
        fail_type(ops::type_name(args) + " indices must be integers or slices, not str");
      }
      have_arg = true;
      arglen = -1;
      argidx = -2;
    }
    Spec sp;
    for (; i < n; ++i) {
      char c = fmt[i];
      if (c == '-') sp.left = true;
      else if (c == '+') sp.plus = true;
      else if (c == ' ') sp.space = true;
      else if (c == '#') sp.alt = true;
      else if (c == '0') sp.zero = true;
      else break;
    }
    auto read_number = [&](long& target) {
      if (i < n && fmt[i] == '*') {
        Value w = next_arg();
        if (!w.is_integral()) fail_type("* wants int");
        target = static_cast<long>(w.as_int());
        ++i;
        return;
      }
      if (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
        target = 0;
        while (i < n && fmt[i] >= '0' && fmt[i] <= '9') {
          target = target * 10 + (fmt[i] - '0');
          if (target > 100000000) value_error("width too big");
          ++i;
        }
      }
    };
    read_number(sp.width);
    if (sp.width < -1) {  // a negative '*' width means left-justify
      sp.left = true;
      sp.width = -sp.width;
    }
    if (i < n && fmt[i] == '.') {
      ++i;
      sp.prec = 0;
      read_number(sp.prec);
      if (sp.prec < 0) sp.prec = -1;
    }
    while (i < n && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L')) ++i;
    if (i >= n) value_error("incomplete format");
    char conv = fmt[i++];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (!have_arg) arg = next_arg();
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        std::string s = conv == 's' ? ops::to_str(arg) : conv == 'r' ? ops::repr(arg) : ascii_repr(arg);
        if (sp.prec >= 0 && static_cast<long>(text::length(s)) > sp.prec)
          s = text::slice(s, 0, sp.prec, 1);
        out += pad(s, sp);
        break;
      }
      case 'd':
      case 'i':
      case 'u': {
        ops::check_defined(arg);
        int64_t v;
        if (arg.is_integral()) {
          v = arg.as_int();
        } else if (arg.kind() == Kind::Float) {
          double d = arg.as_float();
          if (std::isnan(d)) value_error("cannot convert float NaN to integer");
          if (!(std::fabs(d) < 9.2e18))
            fail(ErrorKind::Unsupported, "integer overflow: gen computes with 64-bit integers");
          v = static_cast<int64_t>(std::trunc(d));
        } else {
          fail_type(std::string("%") + conv + " format: a real number is required, not " +
                    ops::type_name(arg));
        }
        out += format_integer(v, 'd', sp);
        break;
      }
      case 'o':
      case 'x':
      case 'X':
        ops::check_defined(arg);
        if (!arg.is_integral())
          fail_type(std::string("%") + conv + " format: an integer is required, not " +
                    ops::type_name(arg));
        out += format_integer(arg.as_int(), conv, sp);
        break;
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
        ops::check_defined(arg);
        if (!arg.is_number()) fail_type("must be real number, not " + ops::type_name(arg));
        out += format_float(arg.as_float(), conv, sp);
        break;
      case 'c': {
        ops::check_defined(arg);
        std::string ch;
        if (arg.is_integral()) {
          int64_t cp = arg.as_int();
          if (cp < 0 || cp > 0x10FFFF) fail(ErrorKind::Value, "%c arg not in range(0x110000)");
          if (cp >= 0xD800 && cp <= 0xDFFF)
            fail(ErrorKind::Unsupported, "%c of a surrogate code point is not supported");
          text::append_utf8(ch, static_cast<uint32_t>(cp));
        } else if (arg.is_string() && text::length(arg.str()) == 1) {
          ch = std::string(arg.str());
        } else {
          fail_type("%c requires int or char");
        }
        out += pad(ch, sp);
        break;
      }
      default: {
        char buf[96];
        unsigned char uc = static_cast<unsigned char>(conv);
        if (uc >= 0x20 && uc < 0x7f)
          std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                        conv, uc, i - 1);
        else
          std::snprintf(buf, sizeof buf, "unsupported format character at index %zu", i - 1);
        value_error(buf);
      }
    }
  }
  if (argidx < arglen && !mapping) fail_type("not all arguments converted during string formatting");
  return out;
}

}  // namespace gen::tmpl
