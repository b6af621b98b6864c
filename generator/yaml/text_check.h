// Checks the raw bytes before the YAML parser sees them: a spec is UTF-8 text without
// NUL or other control characters (YAML forbids them; random bytes and UTF-16
// files fail here with a clear message instead of a confusing parse error).
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"

namespace gen::yaml {

// Removes a leading UTF-8 byte-order mark from `text` (positions then match
// what the parser reports). Returns false after adding one diagnostic at the
// first offending byte.
bool check_text(const std::string& file, std::string& text, Diagnostics& diags);

// A copy of `text` safe to print: every byte of an invalid UTF-8 sequence and
// every control character other than tab/newline becomes '?', one byte for one
// byte, so columns still line up.
std::string printable_copy(const std::string& text);

}  // namespace gen::yaml
