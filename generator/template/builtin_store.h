// The built-in template files, generated at build time by
// cmake/Templates.cmake from every file under templates/ (so gen needs no
// files at run time). Sorted by name.
#pragma once

#include <cstddef>

namespace gen::tmpl {

struct BuiltinFile {
  const char* name;  // relative path, e.g. "compose/compose.yaml.j2"
  const char* data;
  size_t size;
};

// The table and its length (defined in the generated builtin_templates.cpp).
const BuiltinFile* builtin_files();
size_t builtin_file_count();

}  // namespace gen::tmpl
