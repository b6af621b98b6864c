// Splits a template into tokens exactly as Jinja2's lexer does with
// trim_blocks, lstrip_blocks and keep_trailing_newline: the whitespace rules
// (`-`, `+`, the newline after a block tag, indentation before a block tag)
// are applied here, so the parser only sees the text that is output.
#pragma once

#include <string>
#include <vector>

#include "template/token.h"

namespace gen::tmpl {

// Jinja2 reads \r\n and \r as \n everywhere; positions refer to the result.
std::string normalize_newlines(const std::string& source);

// Throws OpError (kind Syntax) with `offset` set via LexError.
struct LexError {
  uint32_t offset;
  std::string message;
  bool unsupported = false;
};

// Tokenizes `source` (already normalized, valid UTF-8). The result always
// ends with an Eof token. Throws LexError.
std::vector<Token> tokenize(const std::string& source);

}  // namespace gen::tmpl
