// Long one-line text as the lines of a YAML folded block scalar (`>-`):
// broken at single spaces, which YAML folds back into exactly one space each,
// so a command or a value of any length keeps lines short enough for
// yamllint (and for people) and reads back as the same text.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace gen::tmpl {

// The lines, each at most `width` bytes unless one word is longer; nullopt
// when the text fits in `width` or cannot be folded exactly: a leading,
// trailing or double space (a line would start with a space, which YAML
// keeps with its line break), a control character (tab included), or a
// character YAML 1.1 reads as a line break (NEL, LS, PS) or a BOM.
std::optional<std::vector<std::string_view>> fold_at_spaces(std::string_view text, size_t width);

}  // namespace gen::tmpl
