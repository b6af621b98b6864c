// gen explain RULE-ID: print a contract rule's page (docs/rules/<id>.md,
// compiled in) or, for a rule verify checks in rendered outputs, its page
// from check/output_rules.h; gen explain --list: every rule id with its
// severity and summary. An unknown id is a usage error (exit 2) with a suggestion.
#include <algorithm>
#include <cxxopts.hpp>
#include <ostream>

#include "check/output_rules.h"
#include "check/registry.h"
#include "check/rule_docs.h"
#include "cli/command.h"
#include "util/spellcheck.h"

namespace gen::cli {

void declare_explain(cxxopts::Options& options) {
  options.add_options()("list", "List every rule id with its severity and summary")(
      "rule", "Rule id", cxxopts::value<std::vector<std::string>>());
}

int run_explain(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("explain");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  std::vector<std::string> ids = result.unmatched();
  if (result.count("rule")) ids = result["rule"].as<std::vector<std::string>>();

  if (result.count("list")) {
    if (!ids.empty())
      return usage_error(io, "explain", "--list takes no rule id (got '" + ids.front() + "')");
    // Contract rules (checked in the spec), then the rules verify checks in
    // rendered outputs; one table, one line per rule.
    struct Row {
      std::string id, severity, summary;
    };
    std::vector<Row> rows;
    for (const auto& r : check::rules())
      rows.push_back({r.id, severity_name(r.severity), r.summary});
    for (const auto& r : check::artifact_rules())
      rows.push_back(
          {r.id, r.warning ? "warning" : "error", std::string(r.target) + ": flags " + r.refuses});
    size_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.id.size());
    for (auto& r : rows) {
      r.id.resize(width + 2, ' ');
      r.severity.resize(9, ' ');
      io.out << r.id << r.severity << r.summary << "\n";
    }
    return kExitOk;
  }
  if (ids.empty()) return usage_error(io, "explain", "missing RULE-ID (or --list)");
  if (ids.size() > 1) return usage_error(io, "explain", "unexpected argument '" + ids[1] + "'");

  const std::string& id = ids.front();
  const std::string* page = check::find_rule(id) ? check::rule_doc(id) : nullptr;
  if (!page) {
    if (const check::ArtifactRule* r = check::find_artifact_rule(id)) {
      io.out << check::artifact_rule_page(*r);
      return kExitOk;
    }
    std::vector<std::string> known = check::rule_ids();
    for (const auto& r : check::artifact_rules()) known.push_back(r.id);
    std::string guess = closest_match(id, known);
    return usage_error(io, "explain",
                       "unknown rule '" + id + "'" +
                           (guess.empty() ? std::string(" (gen explain --list lists them)")
                                          : " (did you mean '" + guess + "'?)"));
  }
  io.out << *page;
  return kExitOk;
}

}  // namespace gen::cli
