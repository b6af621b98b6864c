#include "diagnostics/diagnostic.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace gen {

std::vector<std::string> note_messages(const std::vector<Note>& notes) {
  std::vector<std::string> out;
  for (const auto& n : notes) out.push_back(n.message);
  return out;
}

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
  // The same finding reached twice (one broken template that several files
  // use) is reported once: keep the first of each identical diagnostic.
  auto key = [](const Diagnostic& d) {
    std::string k = d.rule_id + '\0' + std::to_string(static_cast<int>(d.severity)) + '\0' +
                    d.range.begin.file + '\0' + std::to_string(d.range.begin.line) + ':' +
                    std::to_string(d.range.begin.column) + '-' + d.range.end.file + ':' +
                    std::to_string(d.range.end.line) + ':' + std::to_string(d.range.end.column) +
                    '\0' + d.message + '\0' + d.help;
    for (const auto& n : d.notes) {
      k += '\0' + n.message;
      if (n.range)
        k += std::string(1, '\0') + n.range->begin.file + ':' + std::to_string(n.range->begin.line) + ':' +
             std::to_string(n.range->begin.column);
    }
    return k;
  };
  std::set<std::string> seen;
  items_.erase(std::remove_if(items_.begin(), items_.end(),
                              [&](const Diagnostic& d) { return !seen.insert(key(d)).second; }),
               items_.end());
}

}  // namespace gen
