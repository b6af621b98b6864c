// Python's str semantics over UTF-8 strings: gen keeps every string as UTF-8
// bytes, but Jinja2 counts, slices, cases and splits by code point with
// Python's Unicode tables. These functions do exactly what the named Python
// methods do (CPython 3.11), so results agree byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.h"

namespace gen::tmpl::text {

// --- UTF-8 -----------------------------------------------------------------
// True when `s` is well-formed UTF-8 without surrogates.
bool valid_utf8(std::string_view s);
// Decodes `s` (assumed valid) into code points.
std::vector<uint32_t> decode(std::string_view s);
using gen::append_utf8;  // util/text.h
std::string encode(const std::vector<uint32_t>& cps, size_t begin = 0, size_t end = SIZE_MAX);
bool is_ascii(std::string_view s);
// Number of code points (Python len()).
size_t length(std::string_view s);

// --- character classes (Python's str.isX on one character) ------------------
bool is_space(uint32_t cp);
bool is_alnum(uint32_t cp);
bool is_printable(uint32_t cp);
bool is_alpha(uint32_t cp);
bool is_digit(uint32_t cp);
bool is_numeric(uint32_t cp);
bool is_lower(uint32_t cp);
bool is_upper(uint32_t cp);
bool is_title(uint32_t cp);
bool is_cased(uint32_t cp);
bool is_case_ignorable(uint32_t cp);
// The decimal digit value of `cp`, or -1 (str.isdecimal / int()).
int decimal_value(uint32_t cp);
// Python's str.splitlines() line boundaries.
bool is_line_break(uint32_t cp);

// --- str methods -----------------------------------------------------------
std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string capitalize(std::string_view s);  // str.capitalize()
std::string jinja_title(std::string_view s);  // Jinja's title filter (not str.title())
std::string title(std::string_view s);        // str.title()
std::string swapcase(std::string_view s);
bool islower(std::string_view s);
bool isupper(std::string_view s);
// str.strip()/lstrip()/rstrip() with no argument (Unicode whitespace), or
// with `chars` (any of those code points).
std::string strip(std::string_view s, bool left, bool right);
std::string strip_chars(std::string_view s, std::string_view chars, bool left, bool right);
// str.isX() over a whole string: true when non-empty and every code point
// satisfies `pred`.
bool all_of(std::string_view s, bool (*pred)(uint32_t));
bool istitle(std::string_view s);
// str.rsplit() with no separator.
std::vector<std::string> rsplit_whitespace(std::string_view s, long maxsplit);
// str.split() with no separator; maxsplit < 0 means no limit.
std::vector<std::string> split_whitespace(std::string_view s, long maxsplit = -1);
// str.split(sep) (sep non-empty); maxsplit < 0 means no limit.
std::vector<std::string> split(std::string_view s, std::string_view sep, long maxsplit = -1);
// str.rsplit(sep, 1)[0] as used by the truncate filter.
std::vector<std::string> rsplit(std::string_view s, std::string_view sep, long maxsplit);
std::vector<std::string> splitlines(std::string_view s, bool keepends = false);
// str.replace(old, new, count) with count < 0 meaning all.
std::string replace(std::string_view s, std::string_view old, std::string_view repl, long count);
// The same, appended to `out` (no intermediate string).
void append_replace(std::string& out, std::string_view s, std::string_view old,
                    std::string_view repl, long count);
std::string center(std::string_view s, long width, uint32_t fill = ' ');
// Number of \w+ runs (Jinja's wordcount).
size_t word_count(std::string_view s);
// Python repr() of a str: quotes and escapes as CPython does.
std::string repr(std::string_view s);
// s[start:stop:step] over code points, with Python's index normalisation
// already applied by the caller (indices are in code points).
std::string slice(std::string_view s, long start, long stop, long step);

}  // namespace gen::tmpl::text
