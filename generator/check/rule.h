// A contract rule: a stable id (the name users waive and `gen explain`),
// a severity, a one-line summary and the function that looks for violations.
// The long description of each rule is docs/rules/<id>.md.
#pragma once

#include <string>

#include "diagnostics/diagnostic.h"
#include "spec/model.h"

namespace gen::check {

class Reporter;

struct Rule {
  const char* id;
  Severity severity;
  // False for rules whose violation would make the outputs unusable (a
  // dependency cycle, two modules on one host port): no reason makes those ok.
  bool waivable;
  const char* summary;
  void (*check)(const spec::Spec& spec, Reporter& report);
};

// What a rule's check function reports through. It stamps the rule's id and
// severity on each diagnostic and drops findings about a module that waives
// the rule, so rules never look at waivers themselves.
class Reporter {
 public:
  Reporter(const Rule& rule, Diagnostics& out) : rule_(rule), out_(out) {}

  // A finding about `module`; nullptr when the module waives this rule, else
  // the diagnostic, so the caller can add notes.
  Diagnostic* report(const spec::Module& module, const SourceLocation& at, std::string message,
                     std::string help);
  // A project-wide finding (defaults, profiles): no module can waive it.
  Diagnostic& report(const SourceLocation& at, std::string message, std::string help);

  // Whether `module` waives this rule (for findings that group several modules).
  bool waived(const spec::Module& module) const;

  const Rule& rule() const { return rule_; }

 private:
  const Rule& rule_;
  Diagnostics& out_;
};

}  // namespace gen::check
