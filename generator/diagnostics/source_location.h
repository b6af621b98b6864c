// Positions in user-visible inputs (specs, templates, rendered artifacts).
// Lines and columns are 1-based; 0 means "unknown" (e.g. a whole-file finding).
#pragma once

#include <string>

#include "diagnostics/file_name.h"

namespace gen {

struct SourceLocation {
  FileName file;
  int line = 0;
  int column = 0;

  bool known() const { return line > 0; }
};

// A half-open range; `end` may be unknown, then the range is a single point.
struct SourceRange {
  SourceLocation begin;
  SourceLocation end;

  static SourceRange at(SourceLocation loc) { return SourceRange{loc, loc}; }
};

// Orders locations by file, then line, then column (used to sort diagnostics).
bool operator<(const SourceLocation& a, const SourceLocation& b);
bool operator==(const SourceLocation& a, const SourceLocation& b);

}  // namespace gen
