#include "template/text.h"

#include <algorithm>

#include "template/unicode_tables.h"

namespace gen::tmpl::text {
namespace {

using namespace unicode;

bool in_ranges(const CodeRange* r, size_t n, uint32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < r[mid].first) hi = mid;
    else if (cp > r[mid].last) lo = mid + 1;
    else return true;
  }
  return false;
}

// Full case mapping of one code point (1 to 3 code points).
void map_case(const CaseRun* runs, size_t nruns, const CaseMulti* multi, size_t nmulti,
              uint32_t cp, std::vector<uint32_t>& out) {
  size_t lo = 0, hi = nmulti;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (multi[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo < nmulti && multi[lo].cp == cp) {
    for (uint32_t c : multi[lo].to)
      if (c) out.push_back(c);
    return;
  }
  lo = 0;
  hi = nruns;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < runs[mid].first) hi = mid;
    else if (cp > runs[mid].last) lo = mid + 1;
    else {
      if ((cp - runs[mid].first) % static_cast<uint32_t>(runs[mid].stride) == 0) {
        out.push_back(static_cast<uint32_t>(static_cast<int64_t>(cp) + runs[mid].delta));
        return;
      }
      break;
    }
  }
  out.push_back(cp);
}

void to_upper(uint32_t cp, std::vector<uint32_t>& out) {
  if (cp < 0x80) {
    out.push_back(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
    return;
  }
  map_case(kUpperRuns, kUpperRunsSize, kUpperMulti, kUpperMultiSize, cp, out);
}

void to_title(uint32_t cp, std::vector<uint32_t>& out) {
  if (cp < 0x80) {
    out.push_back(cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
    return;
  }
  map_case(kTitleRuns, kTitleRunsSize, kTitleMulti, kTitleMultiSize, cp, out);
}

// CPython's lower_ucs4: like the table mapping, except that a capital sigma
// becomes the final form when it ends a cased word (handle_capital_sigma).
void to_lower_at(const std::vector<uint32_t>& s, size_t i, std::vector<uint32_t>& out) {
  uint32_t cp = s[i];
  if (cp < 0x80) {
    out.push_back(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    return;
  }
  if (cp == 0x3A3) {
    size_t j = i;
    uint32_t c = 0;
    bool found = false;
    while (j > 0) {
      c = s[--j];
      if (!is_case_ignorable(c)) {
        found = true;
        break;
      }
    }
    bool final_sigma = found && is_cased(c);
    if (final_sigma && i + 1 < s.size()) {
      size_t k = i + 1;
      for (; k < s.size(); ++k) {
        c = s[k];
        if (!is_case_ignorable(c)) break;
      }
      final_sigma = k == s.size() || !is_cased(c);
    }
    out.push_back(final_sigma ? 0x3C2 : 0x3C3);
    return;
  }
  map_case(kLowerRuns, kLowerRunsSize, kLowerMulti, kLowerMultiSize, cp, out);
}

bool is_title_separator(uint32_t cp) {
  return cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || is_space(cp);
}

}  // namespace

bool valid_utf8(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    i += len;
  }
  return true;
}

std::vector<uint32_t> decode(std::string_view s) {
  std::vector<uint32_t> out;
  out.reserve(s.size());
  size_t i = 0, n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    }
    int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len && i + k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

std::string encode(const std::vector<uint32_t>& cps, size_t begin, size_t end) {
  std::string out;
  end = std::min(end, cps.size());
  out.reserve(end > begin ? end - begin : 0);
  for (size_t i = begin; i < end; ++i) append_utf8(out, cps[i]);
  return out;
}

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

size_t length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool is_space(uint32_t cp) {
  if (cp < 0x80) return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
  return in_ranges(kSpace, kSpaceSize, cp);
}
bool is_alnum(uint32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return in_ranges(kAlnum, kAlnumSize, cp);
}
bool is_printable(uint32_t cp) {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7F;
  return !in_ranges(kNonPrintable, kNonPrintableSize, cp);
}
bool is_alpha(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return in_ranges(kAlpha, kAlphaSize, cp);
}
bool is_digit(uint32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return in_ranges(kDigit, kDigitSize, cp);
}
bool is_numeric(uint32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9';
  return in_ranges(kNumeric, kNumericSize, cp);
}
bool is_lower(uint32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return in_ranges(kLower, kLowerSize, cp);
}
bool is_upper(uint32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return in_ranges(kUpper, kUpperSize, cp);
}
bool is_title(uint32_t cp) { return cp >= 0x80 && in_ranges(kTitle, kTitleSize, cp); }
bool is_cased(uint32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  return in_ranges(kCased, kCasedSize, cp);
}
bool is_case_ignorable(uint32_t cp) { return in_ranges(kCaseIgnorable, kCaseIgnorableSize, cp); }

int decimal_value(uint32_t cp) {
  if (cp < 0x80) return cp >= '0' && cp <= '9' ? static_cast<int>(cp - '0') : -1;
  size_t lo = 0, hi = kDecimalSize;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cp < kDecimal[mid].first) hi = mid;
    else if (cp > kDecimal[mid].last) lo = mid + 1;
    else return static_cast<int>(cp - kDecimal[mid].zero);
  }
  return -1;
}

bool is_line_break(uint32_t cp) {
  return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || cp == 0x1C || cp == 0x1D ||
         cp == 0x1E || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

std::string upper(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    return out;
  }
  std::vector<uint32_t> out;
  for (uint32_t cp : decode(s)) to_upper(cp, out);
  return encode(out);
}

std::string lower(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
  }
  auto cps = decode(s);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < cps.size(); ++i) to_lower_at(cps, i, out);
  return encode(out);
}

std::string capitalize(std::string_view s) {
  auto cps = decode(s);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i == 0) to_title(cps[0], out);
    else to_lower_at(cps, i, out);
  }
  return encode(out);
}

std::string jinja_title(std::string_view s) {
  // re.split(r"([-\s({\[<]+)") keeps the separators as items; each item
  // becomes item[0].upper() + item[1:].lower(), the tail lowered on its own.
  auto cps = decode(s);
  std::string out;
  size_t i = 0;
  while (i < cps.size()) {
    bool sep = is_title_separator(cps[i]);
    size_t j = i;
    while (j < cps.size() && is_title_separator(cps[j]) == sep) ++j;
    std::vector<uint32_t> first;
    to_upper(cps[i], first);
    out += encode(first);
    out += lower(encode(cps, i + 1, j));
    i = j;
  }
  return out;
}

std::string title(std::string_view s) {
  auto cps = decode(s);
  std::vector<uint32_t> out;
  bool prev_cased = false;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (prev_cased) to_lower_at(cps, i, out);
    else to_title(cps[i], out);
    prev_cased = is_cased(cps[i]);
  }
  return encode(out);
}

std::string swapcase(std::string_view s) {
  auto cps = decode(s);
  std::vector<uint32_t> out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (is_upper(cps[i])) to_lower_at(cps, i, out);
    else if (is_lower(cps[i])) to_upper(cps[i], out);
    else out.push_back(cps[i]);
  }
  return encode(out);
}

bool all_of(std::string_view s, bool (*pred)(uint32_t)) {
  if (s.empty()) return false;
  for (uint32_t cp : decode(s))
    if (!pred(cp)) return false;
  return true;
}

bool istitle(std::string_view s) {
  bool cased = false, prev_cased = false;
  for (uint32_t cp : decode(s)) {
    if (is_upper(cp) || is_title(cp)) {
      if (prev_cased) return false;
      prev_cased = cased = true;
    } else if (is_lower(cp)) {
      if (!prev_cased) return false;
      prev_cased = cased = true;
    } else {
      prev_cased = false;
    }
  }
  return cased;
}

bool islower(std::string_view s) {
  bool cased = false;
  for (uint32_t cp : decode(s)) {
    if (is_upper(cp) || is_title(cp)) return false;
    if (!cased && is_lower(cp)) cased = true;
  }
  return cased;
}

bool isupper(std::string_view s) {
  bool cased = false;
  for (uint32_t cp : decode(s)) {
    if (is_lower(cp) || is_title(cp)) return false;
    if (!cased && is_upper(cp)) cased = true;
  }
  return cased;
}

std::string strip(std::string_view s, bool left, bool right) {
  if (is_ascii(s)) {
    // Each byte is a code point: the text need not be decoded (stripping a
    // rendered block decoded all of it).
    size_t b = 0, e = s.size();
    if (left)
      while (b < e && is_space(static_cast<unsigned char>(s[b]))) ++b;
    if (right)
      while (e > b && is_space(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
  }
  auto cps = decode(s);
  size_t b = 0, e = cps.size();
  if (left)
    while (b < e && is_space(cps[b])) ++b;
  if (right)
    while (e > b && is_space(cps[e - 1])) --e;
  return encode(cps, b, e);
}

std::string strip_chars(std::string_view s, std::string_view chars, bool left, bool right) {
  auto cps = decode(s);
  auto set = decode(chars);
  auto in = [&](uint32_t c) { return std::find(set.begin(), set.end(), c) != set.end(); };
  size_t b = 0, e = cps.size();
  if (left)
    while (b < e && in(cps[b])) ++b;
  if (right)
    while (e > b && in(cps[e - 1])) --e;
  return encode(cps, b, e);
}

std::vector<std::string> split_whitespace(std::string_view s, long maxsplit) {
  auto cps = decode(s);
  std::vector<std::string> out;
  size_t i = 0, n = cps.size();
  while (i < n) {
    while (i < n && is_space(cps[i])) ++i;
    if (i == n) break;
    if (maxsplit >= 0 && static_cast<long>(out.size()) == maxsplit) {
      // The rest, leading whitespace already skipped, trailing kept.
      out.push_back(encode(cps, i, n));
      return out;
    }
    size_t j = i;
    while (j < n && !is_space(cps[j])) ++j;
    out.push_back(encode(cps, i, j));
    i = j;
  }
  return out;
}

std::vector<std::string> rsplit_whitespace(std::string_view s, long maxsplit) {
  auto cps = decode(s);
  std::vector<std::string> rev;
  size_t i = cps.size();
  while (i > 0) {
    while (i > 0 && is_space(cps[i - 1])) --i;
    if (i == 0) break;
    if (maxsplit >= 0 && static_cast<long>(rev.size()) == maxsplit) {
      rev.push_back(encode(cps, 0, i));
      break;
    }
    size_t j = i;
    while (j > 0 && !is_space(cps[j - 1])) --j;
    rev.push_back(encode(cps, j, i));
    i = j;
  }
  return std::vector<std::string>(rev.rbegin(), rev.rend());
}

std::vector<std::string> split(std::string_view s, std::string_view sep, long maxsplit) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (maxsplit < 0 || static_cast<long>(out.size()) < maxsplit) {
    size_t hit = s.find(sep, pos);
    if (hit == std::string_view::npos) break;
    out.emplace_back(s.substr(pos, hit - pos));
    pos = hit + sep.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

std::vector<std::string> rsplit(std::string_view s, std::string_view sep, long maxsplit) {
  std::vector<std::string> rev;
  size_t end = s.size();
  while (maxsplit < 0 || static_cast<long>(rev.size()) < maxsplit) {
    if (end < sep.size()) break;
    size_t hit = s.rfind(sep, end - sep.size());
    if (hit == std::string_view::npos) break;
    rev.emplace_back(s.substr(hit + sep.size(), end - hit - sep.size()));
    end = hit;
  }
  rev.emplace_back(s.substr(0, end));
  return std::vector<std::string>(rev.rbegin(), rev.rend());
}

std::vector<std::string> splitlines(std::string_view s, bool keepends) {
  auto cps = decode(s);
  std::vector<std::string> out;
  size_t i = 0, n = cps.size();
  while (i < n) {
    size_t j = i;
    while (j < n && !is_line_break(cps[j])) ++j;
    size_t eol = j;
    if (j < n) {
      if (cps[j] == '\r' && j + 1 < n && cps[j + 1] == '\n') j += 2;
      else j += 1;
    }
    out.push_back(encode(cps, i, keepends ? j : eol));
    i = j;
  }
  return out;
}

std::string replace(std::string_view s, std::string_view old, std::string_view repl, long count) {
  std::string out;
  append_replace(out, s, old, repl, count);
  return out;
}

void append_replace(std::string& out, std::string_view s, std::string_view old,
                    std::string_view repl, long count) {
  if (old.empty()) {
    // Python inserts `repl` before every code point and at the end.
    auto cps = decode(s);
    long done = 0;
    for (size_t i = 0; i <= cps.size(); ++i) {
      if (count < 0 || done < count) {
        out += repl;
        ++done;
      }
      if (i < cps.size()) append_utf8(out, cps[i]);
    }
    return;
  }
  size_t pos = 0;
  long done = 0;
  while (count < 0 || done < count) {
    size_t hit = s.find(old, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    out.append(repl);
    pos = hit + old.size();
    ++done;
  }
  out.append(s.substr(pos));
}

std::string center(std::string_view s, long width, uint32_t fill) {
  long len = static_cast<long>(length(s));
  if (len >= width) return std::string(s);
  long marg = width - len;
  long left = marg / 2 + (marg & width & 1);
  std::string pad_l, pad_r;
  for (long i = 0; i < left; ++i) append_utf8(pad_l, fill);
  for (long i = 0; i < marg - left; ++i) append_utf8(pad_r, fill);
  return pad_l + std::string(s) + pad_r;
}

size_t word_count(std::string_view s) {
  size_t n = 0;
  bool in_word = false;
  for (uint32_t cp : decode(s)) {
    bool w = cp == '_' || is_alnum(cp);
    if (w && !in_word) ++n;
    in_word = w;
  }
  return n;
}

std::string repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  static const char* hex = "0123456789abcdef";
  for (uint32_t cp : decode(s)) {
    if (cp == static_cast<uint32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += "\\x";
      out += hex[cp >> 4];
      out += hex[cp & 15];
    } else if (cp < 0x7F || is_printable(cp)) {
      append_utf8(out, cp);
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
  out += quote;
  return out;
}

std::string slice(std::string_view s, long start, long stop, long step) {
  std::string out;
  if (is_ascii(s)) {
    if (step > 0)
      for (long i = start; i < stop; i += step) out += s[static_cast<size_t>(i)];
    else
      for (long i = start; i > stop; i += step) out += s[static_cast<size_t>(i)];
    return out;
  }
  auto cps = decode(s);
  if (step > 0)
    for (long i = start; i < stop; i += step) append_utf8(out, cps[static_cast<size_t>(i)]);
  else
    for (long i = start; i > stop; i += step) append_utf8(out, cps[static_cast<size_t>(i)]);
  return out;
}

}  // namespace gen::tmpl::text
