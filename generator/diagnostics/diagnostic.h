// The one diagnostic type every stage reports (load, check, render, verify,
// emit). Renderers (human, JSON, GitHub) read only this struct.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "diagnostics/source_location.h"

namespace gen {

enum class Severity { Error, Warning, Note };

const char* severity_name(Severity s);  // "error", "warning", "note"

// Extra context for a diagnostic ("note: ..."), pointing at a place of its
// own when it has one ("first defined here"): renderers show the position
// and, for human output, the source line, instead of prose naming it.
struct Note {
  std::string message;
  std::optional<SourceRange> range;

  Note(std::string m) : message(std::move(m)) {}  // NOLINT: a note without a place
  Note(const char* m) : message(m) {}              // NOLINT
  Note(std::string m, SourceLocation at) : message(std::move(m)), range(SourceRange::at(at)) {}

  bool operator==(const std::string& text) const { return message == text && !range; }
};

// The messages of `notes`, in order (for tests and plain-text consumers).
std::vector<std::string> note_messages(const std::vector<Note>& notes);

struct Diagnostic {
  std::string rule_id;  // stable id, e.g. "non-root-user", "yaml-syntax"
  Severity severity = Severity::Error;
  SourceRange range;
  std::string message;
  std::vector<Note> notes;  // extra context ("note: ..."), each with its place
  std::string help;         // one suggestion ("help: ...")
};

// A stage's findings. Stages append; the pipeline stops after a stage that
// reported at least one error.
class Diagnostics {
 public:
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  Diagnostic& error(std::string rule_id, SourceLocation at, std::string message);
  Diagnostic& warning(std::string rule_id, SourceLocation at, std::string message);

  bool has_errors() const;
  bool empty() const { return items_.empty(); }
  size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }
  void append(const Diagnostics& other);

  // Stable sort by position (file, line, column), then rule id and message,
  // so that output never depends on the order rules ran in; identical
  // diagnostics are kept once.
  void sort();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace gen
