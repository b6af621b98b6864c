// Strings that break naive quoting: YAML's implicit types and indicators,
// shell metacharacters, systemd specifiers, control characters, Unicode line
// separators and more. Every output filter is proven to round-trip them.
#pragma once

#include <string>
#include <vector>

namespace gen::test {

inline const std::vector<std::string>& hostile() {
  static const std::vector<std::string> strings = {
      "", " ", "  leading", "trailing  ", "plain", "two words", "a: b", "a:b", "key:", ":x",
      "#comment", "a #b", "a# b", "'single'", "\"double\"", "it's", "say \"hi\"", "${VAR}",
      "$HOME", "${PROJECT_INTERNAL_NETWORK}", "%s %% %n %i", "back\\slash", "\\", "new\nline",
      "trailing newline\n", "\ttab", "\r\n", "\r", "unicode é ✓ 😀 日本", "yes", "Yes", "YES", "no",
      "No", "on", "off", "On", "OFF", "y", "n", "Y", "N", "true", "True", "FALSE", "null", "Null",
      "NULL", "~", "0755", "1e3", "1E3", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "1_000",
      "0x1F", "0o17", "0b101", ".inf", "-.inf", ".NaN", "nan", "inf", "12:30", "190:20:30", "3.13",
      "1.0", "-1", "+1", "-", "- item", "? key", "[a]", "{a}", "a,b", "&anchor", "*alias",
      "!tag", "|", ">", "@at", "`tick`", "---", "...", "=", "<<", ",", "\x01\x1b", "\x7f",
      "\xc2\x85", "\xc2\xa0", "\xe2\x80\xa8", "\xef\xbb\xbf", "line\xe2\x80\xa9", "'", "\"", "%",
      ";", "; rm -rf /", "$(cmd)", "`cmd`", "a'b\"c", "*", "?", "~user", "!", "&", "a|b", "a>b",
      "<tag>", "C:\\path", "/app/data", "app.main:app", "0.0.0.0", "127.0.0.1:8100:5000",
      "postgres:15-alpine", "--host", "-v", "@foo", "+x", ":", "a\\nb", "\\x41", "$$", "%%",
      std::string(300, 'x'), "multi\nline\nstring\n\nwith blank",
  };
  return strings;
}

}  // namespace gen::test
