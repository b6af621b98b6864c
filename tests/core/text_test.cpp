#include <catch2/catch.hpp>

#include "util/text.h"

using namespace gen;

TEST_CASE("ascii_lower lowers A-Z only, whatever the locale") {
  CHECK(ascii_lower("Host") == "host");
  CHECK(ascii_lower("HOST-1_X") == "host-1_x");
  // Bytes of UTF-8 text are left alone (no locale-dependent folding).
  CHECK(ascii_lower("\xC3\x84Z") == "\xC3\x84z");
  CHECK(ascii_lower("") == "");
}

TEST_CASE("is_digits needs one or more of 0-9 and nothing else") {
  CHECK(is_digits("0"));
  CHECK(is_digits("65535"));
  CHECK_FALSE(is_digits(""));
  CHECK_FALSE(is_digits("-1"));
  CHECK_FALSE(is_digits("1.5"));
  CHECK_FALSE(is_digits("12 "));
}

TEST_CASE("shell_word quotes as Python's shlex.quote does") {
  // Expected values from /usr/bin/python3 -c 'import shlex; print(shlex.quote(...))'.
  CHECK(shell_word("plain") == "plain");
  CHECK(shell_word("KEY=a/b.c:d,e@f%g+h-i_j") == "KEY=a/b.c:d,e@f%g+h-i_j");
  CHECK(shell_word("") == "''");
  CHECK(shell_word("two words") == "'two words'");
  CHECK(shell_word("$HOME") == "'$HOME'");
  CHECK(shell_word("it's") == "'it'\"'\"'s'");
  CHECK(shell_word("a\nb") == "'a\nb'");
}

TEST_CASE("append_utf8 writes each code point in the shortest form") {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) append_utf8(out, cp);
  CHECK(out == "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}
