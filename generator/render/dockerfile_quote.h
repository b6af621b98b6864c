// Values written into Dockerfile instructions that take key=value words (ENV,
// LABEL, ARG): a double-quoted word in which Docker's word processing gives
// back exactly the original text. Inside double quotes Docker unescapes only
// \" \\ and \$ (and would expand $VAR), so those three are escaped and every
// other byte, unicode included, is written as is. A line break cannot be
// written at all (it ends the instruction): such values are not baked into
// an image (the runtime targets pass them instead).
#pragma once

#include <string>

namespace gen::render {

// True when `value` can be written into a Dockerfile instruction.
bool dockerfile_writable(const std::string& value);

// "value" with \ " and $ escaped; callers check dockerfile_writable first.
std::string dockerfile_quote(const std::string& value);

}  // namespace gen::render
