// What a plain YAML scalar means, by the YAML 1.2 core schema: `true` is a
// boolean, `8000` an integer, `3.13` a float, `~`/`null` null, anything else
// a string. Quoted scalars are always strings. Shared by the validator and the
// model builder so both read a value the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "yaml/node.h"

namespace gen::yaml {

enum class ScalarType { Null, Bool, Int, Float, String };

ScalarType scalar_type(const Node& n);  // n must be Null or Scalar
ScalarType plain_scalar_type(const std::string& text);
// What YAML 1.2's core schema (and yaml-cpp, gen's parser before libyaml)
// reads as null when written plain and untagged: "", ~, null, Null, NULL.
bool is_null_text(std::string_view text);

// "a string", "an integer", "a mapping", ... for "expected X, got Y" messages.
const char* describe_kind(const Node& n);

enum class IntParse { Ok, NotInt, Overflow };
// Decimal, 0x hex or 0o octal, with optional sign (plain-scalar spelling).
IntParse parse_int(const std::string& text, int64_t& out);

std::optional<bool> parse_bool(const std::string& text);

// A value for a message: quoted, control characters escaped, cut to `max`
// characters (a 30 MB scalar must not end up in a diagnostic).
std::string quote_for_message(const std::string& value, size_t max = 40);

}  // namespace gen::yaml
