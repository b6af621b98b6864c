#include "verify/systemd_unit.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "util/text.h"

namespace gen::verify::unit {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }


int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One C escape after a backslash at s[i] (s[i] is the character after the
// backslash), like systemd's cunescape_one. Appends the result, advances `i`
// past the escape and returns false on an escape systemd rejects.
bool unescape_one(const std::string& s, size_t& i, std::string& out) {
  char c = s[i];
  switch (c) {
    case 'a': out += '\a'; ++i; return true;
    case 'b': out += '\b'; ++i; return true;
    case 'f': out += '\f'; ++i; return true;
    case 'n': out += '\n'; ++i; return true;
    case 'r': out += '\r'; ++i; return true;
    case 't': out += '\t'; ++i; return true;
    case 'v': out += '\v'; ++i; return true;
    case 's': out += ' '; ++i; return true;
    case '\\': case '"': case '\'': out += c; ++i; return true;
    case 'x': {
      int a = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
      int b = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
      if (a < 0 || b < 0 || (a == 0 && b == 0)) return false;  // no NUL
      out += static_cast<char>(a * 16 + b);
      i += 3;
      return true;
    }
    case 'u': case 'U': {
      size_t n = c == 'u' ? 4 : 8;
      unsigned long cp = 0;
      for (size_t k = 1; k <= n; ++k) {
        int d = i + k < s.size() ? hex_digit(s[i + k]) : -1;
        if (d < 0) return false;
        cp = cp * 16 + static_cast<unsigned long>(d);
      }
      if (cp == 0 || cp > 0x10FFFF) return false;
      append_utf8(out, static_cast<uint32_t>(cp));
      i += n + 1;
      return true;
    }
    default:
      if (c >= '0' && c <= '7') {
        int v = 0;
        for (size_t k = 0; k < 3; ++k) {
          char d = i + k < s.size() ? s[i + k] : 0;
          if (d < '0' || d > '7') return false;
          v = v * 8 + (d - '0');
        }
        if (v == 0 || v > 255) return false;
        out += static_cast<char>(v);
        i += 3;
        return true;
      }
      return false;
  }
}

}  // namespace

Position Entry::position_of(size_t offset) const {
  if (value.empty()) return at;
  size_t in = offset < value.size() ? offset : value.size() - 1;
  // The last run starting at or before `in` (the first starts at 0).
  auto run = std::upper_bound(runs.begin(), runs.end(), in,
                              [](size_t o, const Run& r) { return o < r.offset; });
  --run;
  Position p = run->at;
  p.column += static_cast<int>(in - run->offset) + (offset < value.size() ? 0 : 1);
  return p;
}

const Section* UnitFile::section(const std::string& name) const {
  for (const auto& s : sections)
    if (s.name == name) return &s;
  return nullptr;
}

std::vector<const Entry*> UnitFile::all(const std::string& section,
                                        const std::string& key) const {
  // The key first: most entries share the section, few the key.
  std::vector<const Entry*> out;
  for (const auto& e : entries)
    if (e.key == key && e.section == section) out.push_back(&e);
  return out;
}

const Entry* UnitFile::last(const std::string& section, const std::string& key) const {
  const Entry* found = nullptr;
  for (const auto& e : entries)
    if (e.key == key && e.section == section) found = &e;
  return found;
}

UnitFile parse(const std::string& text) {
  std::vector<std::string_view> lines;
  const std::string_view all(text);
  for (size_t pos = 0; pos <= all.size();) {
    size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }

  UnitFile out;
  std::string section;
  Entry pending;
  bool continuing = false;  // the last line ended in an unescaped backslash
  auto finish = [&]() {
    while (!pending.value.empty() && is_space(pending.value.back())) pending.value.pop_back();
    // Runs left wholly in the trimmed whitespace would point past the value.
    while (!pending.runs.empty() && pending.runs.back().offset >= pending.value.size())
      pending.runs.pop_back();
    out.entries.push_back(std::move(pending));
    pending = Entry{};
    continuing = false;
  };
  // Appends line[from, end) to the pending value; a continuation backslash
  // becomes a space (in the backslash's column), as systemd joins continued
  // lines.
  auto take = [&](std::string_view line, int line_no, size_t from, bool escaped) {
    size_t stop = escaped ? line.size() - 1 : line.size();
    if (from < stop || escaped)
      pending.runs.push_back({pending.value.size(), {line_no, static_cast<int>(from) + 1}});
    if (from < stop) pending.value.append(line.substr(from, stop - from));
    if (escaped) pending.value += ' ';
    continuing = escaped;
    if (!escaped) finish();
  };

  for (size_t n = 0; n < lines.size(); ++n) {
    std::string_view line = lines[n];
    int line_no = static_cast<int>(n) + 1;
    size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    // A backslash escapes the next one: the line continues when it ends in
    // an odd run of them.
    size_t backslashes = 0;
    while (backslashes < line.size() - i && line[line.size() - 1 - backslashes] == '\\')
      ++backslashes;
    bool escaped = backslashes % 2 == 1;
    bool comment = i < line.size() && (line[i] == '#' || line[i] == ';');

    if (continuing) {
      if (!comment) take(line, line_no, i, escaped);  // comments inside are skipped
      continue;
    }
    if (i >= line.size() || comment) continue;
    if (line[i] == '[') {
      size_t close = line.find(']', i);
      if (close == std::string::npos ||
          line.find_first_not_of(" \t", close + 1) != std::string::npos) {
        out.problems.push_back({{line_no, static_cast<int>(i) + 1}, "invalid section header"});
      } else {
        section = line.substr(i + 1, close - i - 1);
        out.sections.push_back({section, {line_no, static_cast<int>(i) + 1}});
      }
      continue;
    }
    size_t eq = line.find('=', i);
    if (eq == std::string::npos) {
      out.problems.push_back({{line_no, static_cast<int>(i) + 1},
                              "line is not a [Section] header, a comment or Key=value"});
      continue;
    }
    if (section.empty())
      out.problems.push_back({{line_no, static_cast<int>(i) + 1},
                              "assignment outside of a [Section]"});
    size_t key_end = eq;
    while (key_end > i && is_space(line[key_end - 1])) --key_end;
    pending.section = section;
    pending.key = line.substr(i, key_end - i);
    pending.at = {line_no, static_cast<int>(i) + 1};
    size_t v = eq + 1;
    while (v < line.size() && is_space(line[v])) ++v;
    take(line, line_no, v, escaped);
  }
  if (continuing) finish();
  return out;
}

bool split_words(const Entry& entry, std::vector<Word>& words, Problem& error) {
  const std::string& s = entry.value;
  size_t i = 0;
  while (true) {
    while (i < s.size() && is_space(s[i])) ++i;
    if (i >= s.size()) return true;
    Word w;
    w.at = entry.position_of(i);
    char quote = 0;
    size_t quote_start = 0;
    while (i < s.size()) {
      char c = s[i];
      if (!quote && is_space(c)) break;
      if (c == '\\') {
        size_t at = i;
        ++i;
        if (i >= s.size() || !unescape_one(s, i, w.text)) {
          error = {entry.position_of(at), "invalid escape sequence in " + entry.key + "="};
          return false;
        }
        continue;
      }
      if (quote) {
        if (c == quote) quote = 0;
        else w.text += c;
      } else if (c == '"' || c == '\'') {
        quote = c;
        quote_start = i;
      } else {
        w.text += c;
      }
      ++i;
    }
    if (quote) {
      error = {entry.position_of(quote_start), "unbalanced quoting in " + entry.key + "="};
      return false;
    }
    words.push_back(std::move(w));
  }
}

bool is_true(const std::string& value) {
  std::string v = ascii_lower(value);
  return v == "1" || v == "yes" || v == "y" || v == "true" || v == "t" || v == "on";
}

}  // namespace gen::verify::unit
