// A parsed template: its names, its (newline-normalised) source and its
// statements. Templates are immutable once parsed and cached by the
// Environment, so values may borrow strings from them during a render.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "template/ast.h"

namespace gen::tmpl {

struct Template {
  std::string name;  // the loader's name, e.g. "compose/compose.yaml.j2"
  std::string file;  // shown in diagnostics, e.g. "builtin:compose/compose.yaml.j2"
  std::shared_ptr<const std::string> source;
  Body body;
  std::vector<uint32_t> line_starts;  // byte offset of each line

  // 1-based line and column (in bytes) of a byte offset.
  void locate(uint32_t offset, int& line, int& column) const;
};

}  // namespace gen::tmpl
