// gen explain RULE-ID: print a contract rule's page (docs/rules/<id>.md,
// compiled in); gen explain --list: every rule id with its severity and
// summary. An unknown id is a usage error (exit 2) with a suggestion.
#include <cxxopts.hpp>

#include <algorithm>
#include <ostream>

#include "check/registry.h"
#include "check/rule_docs.h"
#include "cli/command.h"
#include "util/spellcheck.h"

namespace gen::cli {

int run_explain(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options("gen explain", "Print the page of a contract rule.");
  options.custom_help("RULE-ID | --list");
  options.add_options()("list", "List every rule id with its severity and summary");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  const auto& ids = result.unmatched();

  if (result.count("list")) {
    if (!ids.empty())
      return usage_error(io, "explain", "--list takes no rule id (got '" + ids.front() + "')");
    size_t width = 0;
    for (const auto& r : check::rules()) width = std::max(width, std::string(r.id).size());
    for (const auto& r : check::rules()) {
      std::string id = r.id;
      std::string severity = severity_name(r.severity);
      id.resize(width + 2, ' ');
      severity.resize(9, ' ');
      io.out << id << severity << r.summary << "\n";
    }
    return kExitOk;
  }
  if (ids.empty()) return usage_error(io, "explain", "missing RULE-ID (or --list)");
  if (ids.size() > 1) return usage_error(io, "explain", "unexpected argument '" + ids[1] + "'");

  const std::string& id = ids.front();
  const std::string* page = check::find_rule(id) ? check::rule_doc(id) : nullptr;
  if (!page) {
    std::string guess = closest_match(id, check::rule_ids());
    return usage_error(io, "explain",
                       "unknown rule '" + id + "'" +
                           (guess.empty() ? std::string(" (gen explain --list lists them)")
                                          : " (did you mean '" + guess + "'?)"));
  }
  io.out << *page;
  return kExitOk;
}

}  // namespace gen::cli
