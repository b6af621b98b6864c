#include "template/lexer.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "template/text.h"

namespace gen::tmpl {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

enum class State { Root, Block, Variable, Comment, Raw };

class Lexer {
 public:
  explicit Lexer(const std::string& src) : s_(src), n_(src.size()) {}

  std::vector<Token> run() {
    State state = State::Root;
    while (true) {
      switch (state) {
        case State::Root:
          if (pos_ >= n_) return finish();
          state = root();
          break;
        case State::Comment:
          comment();
          state = State::Root;
          break;
        case State::Raw:
          raw();
          state = State::Root;
          break;
        case State::Block:
        case State::Variable:
          if (pos_ >= n_) return finish();
          if (balance_.empty() && tag_end(state == State::Block)) {
            state = State::Root;
            break;
          }
          tag_token();
          break;
      }
    }
  }

 private:
  // Length of a Python `\s` character at p (Unicode whitespace), or 0.
  size_t space_at(size_t p) const {
    if (p >= n_) return 0;
    unsigned char c = static_cast<unsigned char>(s_[p]);
    if (c < 0x80) return text::is_space(c) ? 1 : 0;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    auto cps = text::decode(std::string_view(s_).substr(p, len));
    return !cps.empty() && text::is_space(cps[0]) ? len : 0;
  }
  size_t skip_spaces(size_t p) const {
    while (size_t k = space_at(p)) p += k;
    return p;
  }
  bool at(size_t p, const char* lit) const {
    size_t len = std::strlen(lit);
    return p + len <= n_ && s_.compare(p, len, lit) == 0;
  }

  // `{%(-|+|)\s*raw\s*(?:-%}\s*|%})` at p: the end of the match, or 0.
  size_t raw_begin_at(size_t p) const {
    if (!at(p, "{%")) return 0;
    size_t q = p + 2;
    if (q < n_ && (s_[q] == '-' || s_[q] == '+')) ++q;
    q = skip_spaces(q);
    if (!at(q, "raw")) return 0;
    q = skip_spaces(q + 3);
    if (at(q, "-%}")) return skip_spaces(q + 3);
    if (at(q, "%}")) return q + 2;
    return 0;
  }

  // Python's rstrip() of [b, e): the new end.
  size_t rstrip(size_t b, size_t e) const {
    while (e > b) {
      size_t k = e - 1;
      while (k > b && (static_cast<unsigned char>(s_[k]) & 0xC0) == 0x80) --k;
      if (space_at(k) != e - k) break;
      e = k;
    }
    return e;
  }

  // Applies `-` and lstrip_blocks to the text [b, e) that precedes a tag
  // with whitespace sign `sign`; returns the new end of the text.
  size_t strip_before(size_t b, size_t e, char sign, bool variable) const {
    if (sign == '-') return rstrip(b, e);
    if (sign == '+' || variable) return e;
    size_t l = e;
    while (l > b && s_[l - 1] != '\n') --l;
    // Only whitespace (at least one character) between the line start and the tag.
    if ((l > b || line_starting_) && l < e && skip_spaces(l) == e) return l;
    return e;
  }

  void emit_data(size_t b, size_t e) {
    if (e <= b) return;
    Token t;
    t.type = Tok::Data;
    t.offset = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.text = s_.substr(b, e - b);
    tokens_.push_back(std::move(t));
  }
  Token& emit(Tok type, size_t b, size_t e) {
    Token t;
    t.type = type;
    t.offset = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    tokens_.push_back(std::move(t));
    return tokens_.back();
  }

  std::vector<Token> finish() {
    emit(Tok::Eof, n_, n_);
    return std::move(tokens_);
  }

  [[noreturn]] void error(size_t where, std::string msg, bool unsupported = false) const {
    throw LexError{static_cast<uint32_t>(where), std::move(msg), unsupported};
  }

  // Root: the text up to the next tag, then the tag's opening.
  State root() {
    size_t start = pos_;
    for (size_t p = pos_; p + 1 < n_; ++p) {
      if (s_[p] != '{') continue;
      char c = s_[p + 1];
      if (c != '{' && c != '%' && c != '#') continue;
      size_t raw_end = raw_begin_at(p);
      size_t tag_end = raw_end ? raw_end : p + 2;
      char sign = 0;
      if (!raw_end && p + 2 < n_ && (s_[p + 2] == '-' || s_[p + 2] == '+')) {
        sign = s_[p + 2];
        tag_end = p + 3;
      } else if (raw_end && (s_[p + 2] == '-' || s_[p + 2] == '+')) {
        sign = s_[p + 2];
      }
      emit_data(start, strip_before(start, p, sign, c == '{' && !raw_end));
      line_starting_ = tag_end > 0 && s_[tag_end - 1] == '\n';
      pos_ = tag_end;
      if (raw_end) return State::Raw;
      if (c == '#') return State::Comment;
      emit(c == '{' ? Tok::VariableBegin : Tok::BlockBegin, p, tag_end);
      return c == '{' ? State::Variable : State::Block;
    }
    emit_data(start, n_);
    pos_ = n_;
    return State::Root;
  }

  // After `{#`: up to `+#}`, `-#}\s*` or `#}\n?`.
  void comment() {
    size_t q = s_.find("#}", pos_);
    if (q == std::string::npos) error(pos_ >= 2 ? pos_ - 2 : 0, "Missing end of comment tag");
    size_t end;
    if (q > pos_ && s_[q - 1] == '+') end = q + 2;
    else if (q > pos_ && s_[q - 1] == '-') end = skip_spaces(q + 2);
    else end = q + 2 < n_ && s_[q + 2] == '\n' ? q + 3 : q + 2;
    line_starting_ = s_[end - 1] == '\n';
    pos_ = end;
  }

  // After `{% raw %}`: the text up to `{%[-+]?\s*endraw\s*(+%}|-%}\s*|%}\n?)`.
  void raw() {
    for (size_t p = pos_; p + 1 < n_; ++p) {
      if (s_[p] != '{' || s_[p + 1] != '%') continue;
      size_t q = p + 2;
      char sign = 0;
      if (q < n_ && (s_[q] == '-' || s_[q] == '+')) sign = s_[q++];
      q = skip_spaces(q);
      if (!at(q, "endraw")) continue;
      q = skip_spaces(q + 6);
      size_t end;
      if (at(q, "+%}")) end = q + 3;
      else if (at(q, "-%}")) end = skip_spaces(q + 3);
      else if (at(q, "%}")) end = q + 2 < n_ && s_[q + 2] == '\n' ? q + 3 : q + 2;
      else continue;
      emit_data(pos_, strip_before(pos_, p, sign, false));
      line_starting_ = s_[end - 1] == '\n';
      pos_ = end;
      return;
    }
    error(pos_, "Missing end of raw directive");
  }

  // The end of a block (`+%}`, `-%}\s*`, `%}\n?`) or variable (`-}}\s*`, `}}`).
  bool tag_end(bool block) {
    size_t end = 0;
    if (block) {
      if (at(pos_, "+%}")) end = pos_ + 3;
      else if (at(pos_, "-%}")) end = skip_spaces(pos_ + 3);
      else if (at(pos_, "%}")) end = pos_ + 2 < n_ && s_[pos_ + 2] == '\n' ? pos_ + 3 : pos_ + 2;
    } else {
      if (at(pos_, "-}}")) end = skip_spaces(pos_ + 3);
      else if (at(pos_, "}}")) end = pos_ + 2;
    }
    if (!end) return false;
    emit(block ? Tok::BlockEnd : Tok::VariableEnd, pos_, end);
    line_starting_ = s_[end - 1] == '\n';
    pos_ = end;
    return true;
  }

  // `(\d+_)*\d+` at p: its end, or p when there is none.
  size_t digits(size_t p) const {
    size_t q = p;
    if (q >= n_ || !is_digit(s_[q])) return p;
    while (true) {
      while (q < n_ && is_digit(s_[q])) ++q;
      if (q + 1 < n_ && s_[q] == '_' && is_digit(s_[q + 1])) {
        ++q;
        continue;
      }
      return q;
    }
  }

  // Jinja's float_re at pos_: the end, or 0.
  size_t float_at() const {
    size_t p = pos_;
    if (p > 0 && s_[p - 1] == '.') return 0;
    size_t m = digits(p);
    if (m == p) return 0;
    auto exponent = [&](size_t q) -> size_t {
      if (q >= n_ || (s_[q] != 'e' && s_[q] != 'E')) return 0;
      ++q;
      if (q < n_ && (s_[q] == '+' || s_[q] == '-')) ++q;
      size_t e = digits(q);
      return e == q ? 0 : e;
    };
    size_t frac = 0;
    if (m < n_ && s_[m] == '.') {
      size_t f = digits(m + 1);
      if (f != m + 1) frac = f;
    }
    if (frac) {
      if (size_t e = exponent(frac)) return e;
    }
    if (size_t e = exponent(m)) return e;
    return frac;
  }

  // Jinja's integer_re at pos_ (first matching alternative): the end, or 0.
  size_t integer_at(int& base) const {
    size_t p = pos_;
    if (p >= n_ || !is_digit(s_[p])) return 0;
    auto prefixed = [&](char letter, int b) -> size_t {
      if (!(s_[p] == '0' && p + 1 < n_ && (s_[p + 1] == letter || s_[p + 1] == letter - 32)))
        return 0;
      size_t q = p + 2, last = 0;
      while (true) {
        size_t r = q;
        if (r < n_ && s_[r] == '_') ++r;
        if (r >= n_) break;
        char c = s_[r];
        int v = is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                       : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
        if (v >= b) break;
        q = r + 1;
        last = q;
      }
      if (last) base = b;
      return last;
    };
    if (size_t e = prefixed('b', 2)) return e;
    if (size_t e = prefixed('o', 8)) return e;
    if (size_t e = prefixed('x', 16)) return e;
    base = 10;
    size_t q = p + 1;
    char first = s_[p];
    while (true) {
      size_t r = q;
      if (r < n_ && s_[r] == '_') ++r;
      if (r < n_ && (first == '0' ? s_[r] == '0' : is_digit(s_[r]))) q = r + 1;
      else break;
    }
    return q;
  }

  void number_token(size_t end, bool is_float, int base) {
    std::string digits_only;
    size_t b = pos_;
    if (!is_float && base != 10) b += 2;
    for (size_t i = b; i < end; ++i)
      if (s_[i] != '_') digits_only += s_[i];
    Token& t = emit(is_float ? Tok::Float : Tok::Integer, pos_, end);
    if (is_float) {
      t.fval = std::strtod(digits_only.c_str(), nullptr);
    } else {
      errno = 0;
      unsigned long long v = std::strtoull(digits_only.c_str(), nullptr, base);
      if (errno == ERANGE || v > static_cast<unsigned long long>(INT64_MAX))
        error(pos_, "integer literal too large (gen supports 64-bit integers)", true);
      t.ival = static_cast<int64_t>(v);
    }
    pos_ = end;
  }

  // Decodes a string literal body as Python's unicode-escape codec does
  // after Jinja2 encodes it with backslashreplace.
  std::string unescape(size_t b, size_t e) const {
    std::string out;
    static const char* hex = "0123456789abcdef";
    size_t i = b;
    auto hexval = [](char c) {
      return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                   : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    };
    while (i < e) {
      char c = s_[i];
      if (c != '\\') {
        out += c;
        ++i;
        continue;
      }
      size_t at_escape = i;
      ++i;
      unsigned char n = static_cast<unsigned char>(s_[i]);
      if (n >= 0x80) {
        // `\` before a non-ASCII character: the backslash survives and the
        // character comes out as its own escape text (xe9, u20ac, U0001f600).
        size_t len = n >= 0xF0 ? 4 : n >= 0xE0 ? 3 : 2;
        uint32_t cp = text::decode(std::string_view(s_).substr(i, len))[0];
        out += '\\';
        int width = cp <= 0xFF ? 2 : cp <= 0xFFFF ? 4 : 8;
        out += cp <= 0xFF ? 'x' : cp <= 0xFFFF ? 'u' : 'U';
        for (int sh = (width - 1) * 4; sh >= 0; sh -= 4) out += hex[(cp >> sh) & 15];
        i += len;
        continue;
      }
      ++i;
      switch (n) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case 'x':
        case 'u':
        case 'U': {
          int width = n == 'x' ? 2 : n == 'u' ? 4 : 8;
          uint32_t cp = 0;
          for (int k = 0; k < width; ++k) {
            int v = i < e ? hexval(s_[i]) : -1;
            if (v < 0) {
              const char* what = n == 'x' ? "truncated \\xXX escape"
                                 : n == 'u' ? "truncated \\uXXXX escape"
                                            : "truncated \\UXXXXXXXX escape";
              error(at_escape, what);
            }
            cp = cp * 16 + static_cast<uint32_t>(v);
            ++i;
          }
          if (cp > 0x10FFFF) error(at_escape, "illegal Unicode character");
          if (cp >= 0xD800 && cp <= 0xDFFF)
            error(at_escape, "surrogate code points in string literals are not supported", true);
          text::append_utf8(out, cp);
          break;
        }
        case 'N': error(at_escape, "named Unicode escapes (\\N{...}) are not supported", true);
        default:
          if (n >= '0' && n <= '7') {
            uint32_t cp = n - '0';
            for (int k = 0; k < 2 && i < e && s_[i] >= '0' && s_[i] <= '7'; ++k)
              cp = cp * 8 + static_cast<uint32_t>(s_[i++] - '0');
            text::append_utf8(out, cp);
          } else {
            out += '\\';
            out += static_cast<char>(n);
          }
      }
    }
    return out;
  }

  // One token inside {{ }} or {% %}.
  void tag_token() {
    if (size_t k = space_at(pos_)) {
      pos_ = skip_spaces(pos_ + k);
      line_starting_ = s_[pos_ - 1] == '\n';
      return;
    }
    line_starting_ = false;
    char c = s_[pos_];
    if (size_t e = float_at()) return number_token(e, true, 10);
    int base = 10;
    if (size_t e = integer_at(base)) return number_token(e, false, base);
    if (is_name_start(c)) {
      size_t e = pos_;
      while (e < n_ && is_name_char(s_[e])) ++e;
      if (e < n_ && static_cast<unsigned char>(s_[e]) >= 0x80)
        error(e, "non-ASCII characters in names are not supported", true);
      Token& t = emit(Tok::Name, pos_, e);
      t.text = s_.substr(pos_, e - pos_);
      pos_ = e;
      return;
    }
    if (c == '\'' || c == '"') {
      size_t q = pos_ + 1;
      while (q < n_ && s_[q] != c) q += s_[q] == '\\' ? 2 : 1;
      if (q < n_) {
        Token& t = emit(Tok::String, pos_, q + 1);
        t.text = unescape(pos_ + 1, q);
        pos_ = q + 1;
        return;
      }
      error(pos_, std::string("unexpected char '") + c + "'");  // unterminated string
    }
    static const struct {
      const char* text;
      Tok tok;
    } ops[] = {
        {"//", Tok::FloorDiv}, {"**", Tok::Pow}, {"==", Tok::Eq},     {"!=", Tok::Ne},
        {">=", Tok::GtEq},     {"<=", Tok::LtEq}, {"+", Tok::Add},    {"-", Tok::Sub},
        {"/", Tok::Div},       {"*", Tok::Mul},   {"%", Tok::Mod},    {"~", Tok::Tilde},
        {"[", Tok::LBracket},  {"]", Tok::RBracket}, {"(", Tok::LParen}, {")", Tok::RParen},
        {"{", Tok::LBrace},    {"}", Tok::RBrace}, {">", Tok::Gt},    {"<", Tok::Lt},
        {"=", Tok::Assign},    {".", Tok::Dot},   {":", Tok::Colon},  {"|", Tok::Pipe},
        {",", Tok::Comma},     {";", Tok::Semicolon},
    };
    for (const auto& op : ops) {
      if (!at(pos_, op.text)) continue;
      size_t len = std::strlen(op.text);
      if (len == 1) {
        char o = op.text[0];
        if (o == '{' || o == '(' || o == '[') {
          balance_.push_back(o == '{' ? '}' : o == '(' ? ')' : ']');
        } else if (o == '}' || o == ')' || o == ']') {
          if (balance_.empty()) error(pos_, std::string("unexpected '") + o + "'");
          char expected = balance_.back();
          balance_.pop_back();
          if (expected != o)
            error(pos_, std::string("unexpected '") + o + "', expected '" + expected + "'");
        }
      }
      emit(op.tok, pos_, pos_ + len);
      pos_ += len;
      return;
    }
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc >= 0x80) error(pos_, "non-ASCII characters in names are not supported", true);
    std::string shown = uc < 0x20 || uc == 0x7f ? text::repr(std::string(1, c)) : "'" + std::string(1, c) + "'";
    error(pos_, "unexpected char " + shown);
  }

  const std::string& s_;
  size_t n_;
  size_t pos_ = 0;
  bool line_starting_ = true;
  std::vector<char> balance_;
  std::vector<Token> tokens_;
};

}  // namespace

std::string normalize_newlines(const std::string& source) {
  if (source.find('\r') == std::string::npos) return source;
  std::string out;
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  return out;
}

std::vector<Token> tokenize(const std::string& source) { return Lexer(source).run(); }

std::string describe(Tok t) {
  switch (t) {
    case Tok::Data: return "template data / text";
    case Tok::VariableBegin: return "begin of print statement";
    case Tok::VariableEnd: return "end of print statement";
    case Tok::BlockBegin: return "begin of statement block";
    case Tok::BlockEnd: return "end of statement block";
    case Tok::Name: return "name";
    case Tok::String: return "string";
    case Tok::Integer: return "integer";
    case Tok::Float: return "float";
    case Tok::Add: return "+";
    case Tok::Sub: return "-";
    case Tok::Div: return "/";
    case Tok::FloorDiv: return "//";
    case Tok::Mul: return "*";
    case Tok::Mod: return "%";
    case Tok::Pow: return "**";
    case Tok::Tilde: return "~";
    case Tok::LBracket: return "[";
    case Tok::RBracket: return "]";
    case Tok::LParen: return "(";
    case Tok::RParen: return ")";
    case Tok::LBrace: return "{";
    case Tok::RBrace: return "}";
    case Tok::Eq: return "==";
    case Tok::Ne: return "!=";
    case Tok::Gt: return ">";
    case Tok::GtEq: return ">=";
    case Tok::Lt: return "<";
    case Tok::LtEq: return "<=";
    case Tok::Assign: return "=";
    case Tok::Dot: return ".";
    case Tok::Colon: return ":";
    case Tok::Pipe: return "|";
    case Tok::Comma: return ",";
    case Tok::Semicolon: return ";";
    case Tok::Eof: return "end of template";
  }
  return "?";
}

std::string describe(const Token& t) {
  if (t.type == Tok::Name) return t.text;
  return describe(t.type);
}

}  // namespace gen::tmpl
