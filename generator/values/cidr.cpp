#include "values/cidr.h"

#include <tuple>
#include <vector>

namespace gen::values {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four decimal parts 0-255 without leading zeros into out[0..3].
bool read_v4(std::string_view s, uint8_t* out) {
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    size_t n = i - start;
    if (n == 0 || (n > 1 && s[start] == '0') || value > 255) return false;
    out[part] = static_cast<uint8_t>(value);
  }
  return i == s.size();
}

// Groups of 1-4 hex digits separated by ':' (an IPv4 tail allowed last).
bool read_groups(std::string_view s, std::vector<uint16_t>& groups, bool& v4_tail) {
  if (s.empty()) return true;
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && s[i] != ':') ++i;
    std::string_view g = s.substr(start, i - start);
    if (i == s.size() && g.find('.') != std::string_view::npos) {
      uint8_t b[4];
      if (!read_v4(g, b)) return false;
      groups.push_back(static_cast<uint16_t>(b[0] << 8 | b[1]));
      groups.push_back(static_cast<uint16_t>(b[2] << 8 | b[3]));
      v4_tail = true;
      return true;
    }
    if (g.empty() || g.size() > 4) return false;
    unsigned value = 0;
    for (char c : g) {
      int h = hex_value(c);
      if (h < 0) return false;
      value = value * 16 + static_cast<unsigned>(h);
    }
    groups.push_back(static_cast<uint16_t>(value));
    if (i == s.size()) return true;
    ++i;  // ':'
    if (i == s.size()) return false;  // trailing ':'
  }
}

bool read_v6(std::string_view s, uint8_t* out) {
  std::vector<uint16_t> head, tail;
  bool v4_tail = false;
  size_t gap = s.find("::");
  if (gap != std::string_view::npos) {
    if (s.find("::", gap + 1) != std::string_view::npos) return false;
    bool head_tail = false;
    if (!read_groups(s.substr(0, gap), head, head_tail) || head_tail) return false;
    if (!read_groups(s.substr(gap + 2), tail, v4_tail)) return false;
    if (head.size() + tail.size() > 7) return false;
  } else {
    if (!read_groups(s, head, v4_tail) || head.size() != 8) return false;
  }
  std::vector<uint16_t> all = head;
  all.resize(8 - tail.size(), 0);
  all.insert(all.end(), tail.begin(), tail.end());
  for (size_t k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(all[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(all[k] & 0xff);
  }
  return true;
}

}  // namespace

Cidr::Result Cidr::parse(std::string_view text) {
  Result r;
  std::string quoted = "'" + std::string(text.substr(0, 64)) + (text.size() > 64 ? "...'" : "'");
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    r.error = quoted + " has no prefix length: write a block such as 10.0.0.0/8, or " +
              "<address>/32 for one IPv4 address";
    return r;
  }
  std::string_view addr = text.substr(0, slash), len = text.substr(slash + 1);
  Cidr c;
  c.v6_ = addr.find(':') != std::string_view::npos;
  if (!(c.v6_ ? read_v6(addr, c.bytes_.data()) : read_v4(addr, c.bytes_.data()))) {
    r.error = quoted + " is not an " + (c.v6_ ? "IPv6" : "IPv4") + " address and prefix";
    return r;
  }
  int max = c.v6_ ? 128 : 32;
  int prefix = 0;
  bool ok = !len.empty() && len.size() <= 3 && !(len.size() > 1 && len[0] == '0');
  for (char ch : len) {
    if (!is_digit(ch)) ok = false;
    else prefix = prefix * 10 + (ch - '0');
  }
  if (!ok || prefix > max) {
    r.error = quoted + ": the prefix length must be a number from 0 to " + std::to_string(max);
    return r;
  }
  c.prefix_ = prefix;
  // Host bits below the prefix must be zero.
  Cidr masked = c;
  int bytes = max / 8;
  for (int b = 0; b < bytes; ++b) {
    int keep = prefix - 8 * b;
    uint8_t mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - keep));
    masked.bytes_[static_cast<size_t>(b)] &= mask;
  }
  if (masked.bytes_ != c.bytes_) {
    r.error = quoted + " has address bits set below its prefix; the block is " + masked.text();
    return r;
  }
  r.cidr = c;
  return r;
}

std::string Cidr::text() const {
  std::string out;
  if (!v6_) {
    for (size_t i = 0; i < 4; ++i) {
      if (i) out += '.';
      out += std::to_string(bytes_[i]);
    }
  } else {
    uint16_t g[8];
    for (size_t k = 0; k < 8; ++k)
      g[k] = static_cast<uint16_t>(bytes_[2 * k] << 8 | bytes_[2 * k + 1]);
    // The longest run of zero groups (the first of equal ones), if 2 or more.
    int best = -1, best_len = 0;
    for (int k = 0; k < 8;) {
      if (g[k] != 0) { ++k; continue; }
      int start = k;
      while (k < 8 && g[k] == 0) ++k;
      if (k - start > best_len) best = start, best_len = k - start;
    }
    if (best_len < 2) best = -1;
    static const char* kHex = "0123456789abcdef";
    for (int k = 0; k < 8; ++k) {
      if (k == best) {
        out += "::";
        k += best_len - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') out += ':';
      std::string h;
      uint16_t v = g[k];
      do {
        h.insert(h.begin(), kHex[v & 0xf]);
        v = static_cast<uint16_t>(v >> 4);
      } while (v);
      out += h;
    }
  }
  return out + "/" + std::to_string(prefix_);
}

bool Cidr::operator<(const Cidr& o) const {
  return std::tie(v6_, bytes_, prefix_) < std::tie(o.v6_, o.bytes_, o.prefix_);
}

}  // namespace gen::values
