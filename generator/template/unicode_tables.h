// Character classes and case mappings of the Python that Jinja2 runs on
// (generated into unicode_tables.cpp by unicode_tables.py). Only text.cpp
// reads these; everything else goes through template/text.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gen::tmpl::unicode {

struct CodeRange {
  uint32_t first, last;
};
// Code points first..last (every `stride`-th) map to cp + delta.
struct CaseRun {
  uint32_t first, last;
  int32_t stride, delta;
};
// A code point whose mapping has two or three code points (0 = unused).
struct CaseMulti {
  uint32_t cp;
  uint32_t to[3];
};
struct DecimalRun {
  uint32_t first, last, zero;
};

extern const CodeRange kNonPrintable[];
extern const size_t kNonPrintableSize;
extern const CodeRange kSpace[];
extern const size_t kSpaceSize;
extern const CodeRange kAlnum[];
extern const size_t kAlnumSize;
extern const CodeRange kAlpha[];
extern const size_t kAlphaSize;
extern const CodeRange kDigit[];
extern const size_t kDigitSize;
extern const CodeRange kNumeric[];
extern const size_t kNumericSize;
extern const CodeRange kLower[];
extern const size_t kLowerSize;
extern const CodeRange kUpper[];
extern const size_t kUpperSize;
extern const CodeRange kTitle[];
extern const size_t kTitleSize;
extern const CodeRange kCased[];
extern const size_t kCasedSize;
extern const CodeRange kCaseIgnorable[];
extern const size_t kCaseIgnorableSize;
extern const DecimalRun kDecimal[];
extern const size_t kDecimalSize;
extern const CaseRun kUpperRuns[];
extern const size_t kUpperRunsSize;
extern const CaseMulti kUpperMulti[];
extern const size_t kUpperMultiSize;
extern const CaseRun kLowerRuns[];
extern const size_t kLowerRunsSize;
extern const CaseMulti kLowerMulti[];
extern const size_t kLowerMultiSize;
extern const CaseRun kTitleRuns[];
extern const size_t kTitleRunsSize;
extern const CaseMulti kTitleMulti[];
extern const size_t kTitleMultiSize;

}  // namespace gen::tmpl::unicode
