// Tokens of the template language (Jinja2's token types, without the line
// statement and line comment extensions, which gen does not enable).
#pragma once

#include <cstdint>
#include <string>

namespace gen::tmpl {

enum class Tok : uint8_t {
  Data,           // template text between tags
  VariableBegin,  // {{
  VariableEnd,    // }}
  BlockBegin,     // {%
  BlockEnd,       // %}
  Name,
  String,
  Integer,
  Float,
  // operators
  Add, Sub, Div, FloorDiv, Mul, Mod, Pow, Tilde,
  LBracket, RBracket, LParen, RParen, LBrace, RBrace,
  Eq, Ne, Gt, GtEq, Lt, LtEq, Assign, Dot, Colon, Pipe, Comma, Semicolon,
  Eof,
};

struct Token {
  Tok type = Tok::Eof;
  uint32_t offset = 0;  // byte offset of the token in the template source
  uint32_t end = 0;     // one past its last byte
  std::string text;     // Data: the text; Name: the name; String: the decoded value
  int64_t ival = 0;
  double fval = 0;

  bool is_name(const char* n) const { return type == Tok::Name && text == n; }
};

// How the parser names a token in messages ("end of print statement", "'in'").
std::string describe(const Token& t);
std::string describe(Tok t);

}  // namespace gen::tmpl
