// Rule ids of the load stage's diagnostics (reading, YAML, schema, references).
// Contract rules have their own ids in check/; these name the shape problems.
#pragma once

namespace gen::yaml::ids {

inline constexpr const char* kIoError = "io-error";        // unreadable path: exit 2, not 1
inline constexpr const char* kInputLimit = "input-limit";  // too large, deep, many nodes
inline constexpr const char* kEncoding = "encoding";       // not UTF-8, NUL, control chars
inline constexpr const char* kYamlSyntax = "yaml-syntax";
inline constexpr const char* kYamlUnsupported = "yaml-unsupported";  // tags, complex keys, 2 docs
inline constexpr const char* kDuplicateKey = "duplicate-key";
inline constexpr const char* kEmptySpec = "empty-spec";
inline constexpr const char* kUnknownKey = "unknown-key";
inline constexpr const char* kMissingKey = "missing-key";
inline constexpr const char* kConflictingKeys = "conflicting-keys";
inline constexpr const char* kWrongType = "wrong-type";
inline constexpr const char* kOutOfRange = "out-of-range";
inline constexpr const char* kInvalidValue = "invalid-value";  // bad enum or pattern
inline constexpr const char* kInvalidName = "invalid-name";    // bad module/network/... name
inline constexpr const char* kUnknownReference = "unknown-reference";
inline constexpr const char* kSpecVersion = "spec-version";

}  // namespace gen::yaml::ids
