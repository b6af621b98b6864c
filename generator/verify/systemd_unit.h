// Reading systemd unit files back the way systemd (and Podman's Quadlet,
// which ports systemd's parser) reads them: sections, `Key=value` lines,
// comments, line continuations, and the word splitting of Exec lines and
// Environment= (quotes and C escapes). Every value keeps where each of its
// characters is, so a finding points at the exact word, even on a
// continuation line.
#pragma once

#include <string>
#include <vector>

namespace gen::verify::unit {

struct Position {
  int line = 0;    // 1-based
  int column = 0;  // 1-based
};

struct Section {
  std::string name;  // without brackets: "Container"
  Position at;       // of the '['
};

// A run of a value's bytes that sit side by side on one line: value[offset]
// is at `at`, the bytes after it in the next columns. Each line of a value
// is one run (a continuation's backslash becomes the space that ends it).
struct Run {
  size_t offset = 0;
  Position at;
};

struct Entry {
  std::string section;
  std::string key;
  std::string value;      // continuation lines joined, whitespace trimmed
  Position at;            // of the key
  std::vector<Run> runs;  // where the bytes of `value` are, by offset

  // Of value[offset]; past the end, the column after the last byte (or `at`
  // for an empty value).
  Position position_of(size_t offset) const;
};

struct Word {
  std::string text;  // unquoted and unescaped
  Position at;       // of its first character in the file
};

struct Problem {
  Position at;
  std::string message;
};

struct UnitFile {
  std::vector<Section> sections;
  std::vector<Entry> entries;
  std::vector<Problem> problems;  // lines systemd would reject

  const Section* section(const std::string& name) const;
  // Entries of `key` in `section`, in file order.
  std::vector<const Entry*> all(const std::string& section, const std::string& key) const;
  const Entry* last(const std::string& section, const std::string& key) const;
};

UnitFile parse(const std::string& text);

// Splits a value into words as systemd's extract_first_word does with
// unquoting and C unescaping (Exec lines, Environment=). Returns false with
// `error` set (and its position) on an unbalanced quote or a bad escape.
bool split_words(const Entry& entry, std::vector<Word>& words, Problem& error);

// systemd's boolean: 1/yes/y/true/t/on are true (any case).
bool is_true(const std::string& value);

}  // namespace gen::verify::unit
