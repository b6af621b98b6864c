#include "check/rule.h"

namespace gen::check {

bool Reporter::waived(const spec::Module& module) const {
  if (!rule_.waivable) return false;
  for (const auto& w : module.waivers) {
    // A waiver without a reason is itself an error (rule `waiver`) and does
    // not silence anything: the spec must say why.
    if (w.rule.value == rule_.id && w.reason.value.find_first_not_of(" \t\r\n") != std::string::npos)
      return true;
  }
  return false;
}

Diagnostic* Reporter::report(const spec::Module& module, const SourceLocation& at,
                             std::string message, std::string help) {
  if (waived(module)) return nullptr;
  return &report(at, std::move(message), std::move(help));
}

Diagnostic& Reporter::report(const SourceLocation& at, std::string message, std::string help) {
  Diagnostic& d = rule_.severity == Severity::Warning
                      ? out_.warning(rule_.id, at, std::move(message))
                      : out_.error(rule_.id, at, std::move(message));
  d.help = std::move(help);
  return d;
}

}  // namespace gen::check
