// Small ASCII text helpers every stage uses: one implementation of each
// (they had been written again in several files).
#pragma once

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

}  // namespace gen
