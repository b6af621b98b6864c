#include "yaml/block_reader.h"

#include <cstdint>
#include <cstring>
#include <string_view>

#include "yaml/tree_builder.h"

namespace gen::yaml {
namespace {

// Thrown at the first thing the reader leaves to libyaml.
struct GiveUp {};

// libyaml stops looking for a simple key's ':' 1024 characters after the key
// starts; well short of that, leave long keys to it.
constexpr size_t kMaxKeyLength = 1000;
// Recursion guard; the builder's max_depth (64) stops real documents sooner.
constexpr size_t kMaxNesting = 256;

// Whether the 8 bytes at `p` are all 0x20..0x7E or '\n'. Each test is
// exact per byte (no carry crosses a byte) once every byte is below 0x80.
bool printable_ascii(const unsigned char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  uint64_t w;
  std::memcpy(&w, p, 8);
  if (w & kHigh) return false;
  uint64_t from_space = (w + 0x60 * kOnes) & kHigh;                      // >= 0x20
  uint64_t del = (w + kOnes) & kHigh;                                    // == 0x7F
  uint64_t not_newline = ((w ^ ('\n' * kOnes)) + 0x7F * kOnes) & kHigh;  // != '\n'
  return ((from_space & ~del) | (~not_newline & kHigh)) == kHigh;
}

// Whether libyaml reads `text` as this reader does: UTF-8 without a BOM,
// of characters YAML allows, whose only line break is '\n' (libyaml also
// breaks lines at '\r', NEL, LS and PS) and with no tab (which only
// indentation rules care about).
bool plain_text(const std::string& text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    // Nearly every byte is printable ASCII or '\n': skip eight at a time
    // while they all are, and look at the rest one by one.
    if (end - p >= 8 && printable_ascii(p)) {
      p += 8;
      continue;
    }
    unsigned c = *p;
    if (c < 0x80) {
      if (c != '\n' && (c < 0x20 || c > 0x7E)) return false;
      ++p;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (n == 0 || c > 0xF4 || end - p < static_cast<ptrdiff_t>(n)) return false;
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    static constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0xFEFF) return false;
    if ((cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF) return false;
    p += n;
  }
  return true;
}

// Recursive descent over lines: a block collection is read by the function
// for its kind, which returns at the first line indented less than it (or a
// "---", or the end). Positions are byte offsets, which the builder maps to
// lines and columns (they differ from libyaml's character counts only in
// non-ASCII text).
class BlockReader {
 public:
  BlockReader(const std::string& text, TreeBuilder& builder)
      : s_(text.data()), size_(text.size()), b_(builder) {}

  void read(bool single, std::vector<Node>& docs) {
    seek_line(0, 0);
    if (!eof_ && at_doc_marker()) {
      next_line();
      if (eof_) throw GiveUp{};  // an empty document
    }
    while (!eof_) {
      if (at_doc_marker()) throw GiveUp{};  // an empty document
      block_collection(indent_);
      docs.push_back(b_.take_root().value_or(Node{}));
      if (eof_) break;
      // A line indented less than the root, or a second document.
      if (!at_doc_marker() || single) throw GiveUp{};
      next_line();
      if (eof_) throw GiveUp{};  // "---" at the end: an empty document
    }
  }

 private:
  static constexpr size_t npos = std::string::npos;

  // --- the current line: the first at or after `start` (line number `line`)
  // that holds more than spaces and a comment ---
  void seek_line(size_t start, size_t line) {
    while (start < size_) {
      // The text ends with '\n' (read_block_yaml checks).
      size_t end = static_cast<size_t>(
          static_cast<const char*>(std::memchr(s_ + start, '\n', size_ - start)) - s_);
      size_t i = start;
      while (i < end && s_[i] == ' ') ++i;
      if (i < end && s_[i] != '#') {
        start_ = start;
        end_ = end;
        line_ = line;
        indent_ = i - start;
        eof_ = false;
        // "...", "--- x" and the like start or end documents in ways this
        // reader does not follow.
        if (indent_ == 0 && end - start >= 3 &&
            (std::memcmp(s_ + start, "---", 3) == 0 || std::memcmp(s_ + start, "...", 3) == 0) &&
            !at_doc_marker())
          throw GiveUp{};
        return;
      }
      start = end + 1;
      ++line;
    }
    start_ = end_ = size_;
    line_ = line;
    indent_ = 0;
    eof_ = true;
  }
  void next_line() { seek_line(end_ + 1, line_ + 1); }
  bool at_doc_marker() const {
    return end_ - start_ == 3 && std::memcmp(s_ + start_, "---", 3) == 0;
  }
  // True when the current line does not continue a block indented `indent`.
  bool ends_block(size_t indent) const { return eof_ || indent_ < indent || at_doc_marker(); }
  Mark mark(size_t offset) const { return Mark{offset, line_, offset - start_}; }
  std::string_view text(size_t from, size_t to) const {
    return std::string_view(s_ + from, to - from);
  }
  size_t skip_spaces(size_t i) const {
    while (i < end_ && s_[i] == ' ') ++i;
    return i;
  }
  // "- " or a lone "-" at `at`: a block sequence entry.
  bool is_entry(size_t at) const { return s_[at] == '-' && (at + 1 == end_ || s_[at + 1] == ' '); }
  // Whether a plain scalar may start at `at` (YAML's ns-plain-first).
  bool plain_first(size_t at) const {
    switch (s_[at]) {
      case '-':
      case '?':
      case ':':
        return at + 1 < end_ && s_[at + 1] != ' ';
      case ',':
      case '[':
      case ']':
      case '{':
      case '}':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`':
        return false;
      default:
        return true;
    }
  }
  // The ':' after a plain key starting at `at`, or npos when the line has no
  // key there.
  size_t key_colon(size_t at) const {
    if (!plain_first(at)) return npos;
    for (size_t i = at; i < end_; ++i) {
      char c = s_[i];
      if (c == ':' && (i + 1 == end_ || s_[i + 1] == ' ')) return i;
      if (c == '#' && s_[i - 1] == ' ') return npos;  // a comment
    }
    return npos;
  }

  void enter() {
    if (++depth_ > kMaxNesting) throw GiveUp{};
  }

  // A block sequence or mapping whose first entry starts at column `col`.
  void block_collection(size_t col) {
    size_t at = start_ + col;
    if (is_entry(at)) {
      block_sequence(col, false);
      return;
    }
    size_t colon = key_colon(at);
    if (colon == npos) throw GiveUp{};  // a scalar where a collection was expected, ...
    block_mapping(col, colon);
  }

  // Keys at column `m`, the first on the current line (possibly after "- ")
  // and ending at `colon` (which the caller found to see a mapping there).
  void block_mapping(size_t m, size_t colon) {
    enter();
    b_.open(Node::Kind::Mapping, mark(start_ + m), nullptr, nullptr);
    for (;;) {
      size_t at = start_ + m;
      if (colon == npos || s_[colon - 1] == ' ' || colon - at > kMaxKeyLength) throw GiveUp{};
      b_.scalar(mark(at), mark(colon), text(at, colon), true, nullptr, nullptr);
      size_t v = skip_spaces(colon + 1);
      if (v == end_ || s_[v] == '#') {  // the value is on the lines below, or empty
        Mark empty = mark(colon + 1);
        next_line();
        if (!ends_block(m + 1))
          block_collection(indent_);
        else if (!ends_block(m) && indent_ == m && is_entry(start_ + m))
          block_sequence(m, true);  // "key:" then "- item" at the key's column
        else
          b_.scalar(empty, empty, std::string_view(""), true, nullptr, nullptr);
      } else {
        inline_value(v, m);
        if (!ends_block(m + 1)) throw GiveUp{};  // a continuation line, ...
      }
      if (ends_block(m)) break;
      if (indent_ > m) throw GiveUp{};
      colon = key_colon(start_ + m);
    }
    b_.close();
    --depth_;
  }

  // Entries ("- ") at column `n`. An indentless sequence (the value of a key
  // at the same column) ends at the next key; any other at a non-entry line
  // there, which libyaml rejects.
  void block_sequence(size_t n, bool indentless) {
    enter();
    b_.open(Node::Kind::Sequence, mark(start_ + n), nullptr, nullptr);
    for (;;) {
      size_t v = skip_spaces(start_ + n + 1);
      if (v == end_ || s_[v] == '#') {  // the item is on the lines below
        next_line();
        if (ends_block(n + 1)) throw GiveUp{};  // an empty item
        block_collection(indent_);
      } else if (is_entry(v)) {
        throw GiveUp{};  // "- - x"
      } else if (size_t colon = key_colon(v); colon != npos) {
        block_mapping(v - start_, colon);  // "- key: value"
      } else {
        inline_value(v, n);
        if (!ends_block(n + 1)) throw GiveUp{};
      }
      if (ends_block(n)) break;
      if (indent_ > n) throw GiveUp{};
      if (!is_entry(start_ + n)) {
        if (indentless) break;
        throw GiveUp{};
      }
    }
    b_.close();
    --depth_;
  }

  // A value that starts at `v` on the current line, inside a collection
  // indented `parent`; moves to the next line.
  void inline_value(size_t v, size_t parent) {
    size_t end;  // one past the value
    switch (s_[v]) {
      case '"':
        end = double_quoted(v);
        break;
      case '\'':
        end = single_quoted(v);
        break;
      case '|':
      case '>':
        block_scalar(v, parent);
        return;
      case '[':
      case '{':
        end = flow_collection(v);
        break;
      default:
        if (!plain_first(v)) throw GiveUp{};
        plain(v);
        next_line();
        return;
    }
    size_t rest = skip_spaces(end);
    if (rest != end_ && !(s_[rest] == '#' && rest > end)) throw GiveUp{};
    next_line();
  }

  // A plain scalar to the end of the line or a comment.
  void plain(size_t v) {
    size_t last = v;  // one past the last non-space
    for (size_t i = v; i < end_; ++i) {
      char c = s_[i];
      if (c == ' ') continue;
      if (c == '#' && s_[i - 1] == ' ') break;
      if (c == ':' && (i + 1 == end_ || s_[i + 1] == ' ')) throw GiveUp{};  // "a: b: c"
      last = i + 1;
    }
    b_.scalar(mark(v), mark(last), text(v, last), true, nullptr, nullptr);
  }

  static char unescape(char c) {
    switch (c) {
      case '0':
        return '\0';
      case 'a':
        return '\a';
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'v':
        return '\v';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case 'e':
        return '\x1b';
      case ' ':
      case '"':
      case '/':
      case '\\':
        return c;
      default:
        throw GiveUp{};  // \x \u \U \N \_ \L \P: rare, left to libyaml
    }
  }

  // A double-quoted scalar on one line; returns one past its closing quote.
  size_t double_quoted(size_t v) {
    scratch_.clear();
    size_t i = v + 1, run = i;
    for (;; ++i) {
      if (i >= end_) throw GiveUp{};  // continues on the next line
      if (s_[i] == '"') break;
      if (s_[i] == '\\') {
        if (i + 1 >= end_) throw GiveUp{};  // an escaped line break
        scratch_.append(s_ + run, i - run);
        scratch_.push_back(unescape(s_[++i]));
        run = i + 1;
      }
    }
    scratch_.append(s_ + run, i - run);
    b_.scalar(mark(v), mark(i + 1), scratch_, false, nullptr, nullptr);
    return i + 1;
  }

  // A single-quoted scalar on one line ('' is a quote).
  size_t single_quoted(size_t v) {
    scratch_.clear();
    size_t i = v + 1, run = i;
    for (;; ++i) {
      if (i >= end_) throw GiveUp{};
      if (s_[i] != '\'') continue;
      if (i + 1 < end_ && s_[i + 1] == '\'') {
        scratch_.append(s_ + run, i + 1 - run);
        run = ++i + 1;
        continue;
      }
      break;
    }
    scratch_.append(s_ + run, i - run);
    b_.scalar(mark(v), mark(i + 1), scratch_, false, nullptr, nullptr);
    return i + 1;
  }

  // A flow collection, [a, "b"] or {a: 1, "b": [c]}, of scalars and flow
  // collections, which may break lines after an opening bracket or a comma;
  // returns one past the closing bracket (on the current line, then).
  size_t flow_collection(size_t v) {
    enter();
    bool mapping = s_[v] == '{';
    char close = mapping ? '}' : ']';
    b_.open(mapping ? Node::Kind::Mapping : Node::Kind::Sequence, mark(v), nullptr, nullptr);
    size_t i = flow_space(v + 1);
    if (s_[i] == close) {
      b_.close();
      --depth_;
      return i + 1;
    }
    for (;;) {
      i = skip_spaces(mapping ? flow_scalar(i, true) : flow_node(i));
      if (mapping) {  // a key, then ": " and its value
        if (i + 1 >= end_ || s_[i] != ':' || s_[i + 1] != ' ') throw GiveUp{};
        i = skip_spaces(flow_node(skip_spaces(i + 1)));
      }
      if (i >= end_) throw GiveUp{};
      if (s_[i] == close) {
        b_.close();
        --depth_;
        return i + 1;
      }
      if (s_[i] != ',') throw GiveUp{};
      i = flow_space(i + 1);
      if (s_[i] == close) throw GiveUp{};  // a trailing comma
    }
  }

  // Skips spaces, a comment and line breaks from `i` (the lines below become
  // current); returns where the next token starts.
  size_t flow_space(size_t i) {
    i = skip_spaces(i);
    while (i == end_ || (s_[i] == '#' && s_[i - 1] == ' ')) {
      next_line();
      if (eof_ || at_doc_marker()) throw GiveUp{};
      i = start_ + indent_;
    }
    return i;
  }

  size_t flow_node(size_t v) {
    if (v < end_ && (s_[v] == '[' || s_[v] == '{')) return flow_collection(v);
    return flow_scalar(v, false);
  }

  // A scalar inside a flow collection, quoted or plain; returns one past it.
  // A plain one runs to ',' or a bracket (a key's to ": "), and may hold a
  // ':' that neither a blank nor an indicator follows ("app.main:app").
  // Whatever could make it a pair, a comment or something libyaml reads
  // differently gives up.
  size_t flow_scalar(size_t v, bool key) {
    if (v >= end_) throw GiveUp{};
    if (s_[v] == '"') return double_quoted(v);
    if (s_[v] == '\'') return single_quoted(v);
    auto ends_colon = [&](size_t i) {  // a ':' that ends a plain scalar, or that libyaml rejects
      return i + 1 >= end_ || std::strchr(" ,?[]{}", s_[i + 1]);
    };
    if (s_[v] == '-') {  // "-m", "--port"
      if (v + 1 >= end_ || std::strchr(" ,?[]{}#:", s_[v + 1])) throw GiveUp{};
    } else if (std::strchr("?:,[]{}#&*!|>%@`", s_[v])) {
      throw GiveUp{};
    }
    size_t last = v;
    for (size_t i = v; i < end_; ++i) {
      char c = s_[i];
      if (c == ',' || c == ']' || c == '}') break;
      if (c == ':' && ends_colon(i)) {
        if (key && i + 1 < end_ && s_[i + 1] == ' ') break;
        throw GiveUp{};
      }
      if (c == '[' || c == '{' || c == '#' || c == '?') throw GiveUp{};
      if (c != ' ') last = i + 1;
    }
    b_.scalar(mark(v), mark(last), text(v, last), true, nullptr, nullptr);
    return last;
  }

  // A block scalar, literal (|) or folded (>), with its chomping indicator
  // (- strip, + keep) and no other, whose header is at `v`; its lines are
  // indented more than `parent`. Moves to the line after it.
  void block_scalar(size_t v, size_t parent) {
    bool folded = s_[v] == '>';
    enum class Chomp { Clip, Strip, Keep } chomp = Chomp::Clip;
    size_t h = v + 1;
    if (h < end_ && (s_[h] == '-' || s_[h] == '+'))
      chomp = s_[h++] == '-' ? Chomp::Strip : Chomp::Keep;
    if (skip_spaces(h) != end_) throw GiveUp{};  // an indentation digit, a comment, ...
    Mark start = mark(v);
    scratch_.clear();
    size_t pos = end_ + 1, line = line_ + 1;
    size_t indent = 0;         // the content's, from its first line
    size_t breaks = 0;         // blank lines since the last content line
    bool any = false;          // a content line was read
    bool more_before = false;  // the last content line was more indented
    while (pos < size_) {
      size_t end = static_cast<size_t>(
          static_cast<const char*>(std::memchr(s_ + pos, '\n', size_ - pos)) - s_);
      size_t i = pos;
      while (i < end && s_[i] == ' ') ++i;
      size_t spaces = i - pos;
      if (i == end) {  // blank
        // Leading blank lines, and lines of spaces beyond the indentation
        // (which are content), are left to libyaml.
        if (!any || spaces > indent) throw GiveUp{};
        ++breaks;
      } else {
        bool more = spaces > indent;  // a more-indented line: never folded
        if (!any) {
          if (spaces <= parent) throw GiveUp{};  // an empty block scalar
          indent = spaces;
          more = false;
          any = true;
        } else {
          if (spaces < indent) break;
          // Folding joins two lines at the indentation with a space, or,
          // across blank lines, with only their line breaks.
          if (folded && !more_before && !more) {
            if (breaks == 0) scratch_.push_back(' ');
          } else {
            scratch_.push_back('\n');
          }
          scratch_.append(breaks, '\n');
        }
        more_before = more;
        breaks = 0;
        scratch_.append(s_ + pos + indent, end - pos - indent);
      }
      pos = end + 1;
      ++line;
    }
    if (!any) throw GiveUp{};
    if (chomp != Chomp::Strip) scratch_.push_back('\n');
    if (chomp == Chomp::Keep) scratch_.append(breaks, '\n');
    b_.scalar(start, Mark{pos, line, 0}, scratch_, false, nullptr, nullptr);
    seek_line(pos, line);
  }

  const char* s_;
  size_t size_;
  TreeBuilder& b_;
  size_t start_ = 0;   // the current line's first byte
  size_t end_ = 0;     // its '\n'
  size_t line_ = 0;    // its 0-based number
  size_t indent_ = 0;  // its leading spaces
  bool eof_ = false;
  size_t depth_ = 0;
  std::string scratch_;  // a quoted or block scalar's value
};

}  // namespace

bool read_block_yaml(const std::string& file, const std::string& text, const ParseOptions& limits,
                     bool single, std::vector<Node>& docs) {
  if (!text.empty() && (text.back() != '\n' || !plain_text(text))) return false;
  Diagnostics found;
  TreeBuilder builder(file, text, found, limits, /*byte_marks=*/true);
  try {
    BlockReader(text, builder).read(single, docs);
  } catch (const GiveUp&) {
    return false;
  } catch (const TreeBuilder::Abort&) {
    return false;
  }
  return found.empty();
}

}  // namespace gen::yaml
