// Small ASCII text helpers every stage uses: one implementation of each
// (they had been written again in several files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gen {

// `s` with A-Z lowered; other bytes as they are (locale-independent).
std::string ascii_lower(std::string s);
// True when `s` is one or more of 0-9.
bool is_digits(std::string_view s);
// `word` as one POSIX shell word (the rules of Python's shlex.quote, which
// the templates' `shell` filter follows too): as is when it holds only
// letters, digits and @%+=:,./-_, else single-quoted with each ' as '"'"'.
std::string shell_word(std::string_view word);
// The same, appended to `out`.
void append_shell_word(std::string& out, std::string_view word);
// Appends code point `cp` (at most 0x10FFFF) to `out` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

}  // namespace gen
