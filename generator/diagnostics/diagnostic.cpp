#include "diagnostics/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace gen {

bool operator<(const SourceLocation& a, const SourceLocation& b) {
  return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

bool operator==(const SourceLocation& a, const SourceLocation& b) {
  return std::tie(a.file, a.line, a.column) == std::tie(b.file, b.line, b.column);
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Note: return "note";
  }
  return "error";
}

Diagnostic& Diagnostics::error(std::string rule_id, SourceLocation at, std::string message) {
  items_.push_back(Diagnostic{std::move(rule_id), Severity::Error, SourceRange::at(std::move(at)),
                              std::move(message), {}, {}});
  return items_.back();
}

Diagnostic& Diagnostics::warning(std::string rule_id, SourceLocation at, std::string message) {
  items_.push_back(Diagnostic{std::move(rule_id), Severity::Warning,
                              SourceRange::at(std::move(at)), std::move(message), {}, {}});
  return items_.back();
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.range.begin, a.rule_id, a.message) <
           std::tie(b.range.begin, b.rule_id, b.message);
  });
}

}  // namespace gen
