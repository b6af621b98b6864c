// The quoting of gen's format filters (gen_filters.cpp), for the filters
// built on them (escape_filters.cpp): one implementation of each.
#pragma once

#include <string>

#include "template/value.h"

namespace gen::tmpl {

// `v|yaml`: one YAML scalar, appended to `out`.
void yaml_scalar_into(std::string& out, const Value& v);
// A word's text: strings and numbers only (anything else is a template
// bug, reported as `filter` taking strings and numbers).
std::string word_text(const Value& v, const char* filter);
// `v|shell`: a POSIX shell word (shlex.quote), or a list as words.
void shell_words_into(std::string& out, const Value& v);

}  // namespace gen::tmpl
