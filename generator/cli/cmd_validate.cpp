// gen validate: load the spec (YAML, schema, references) and run the contract
// rules; nothing is written. --profile only has to name a profile of the spec. Exit 0 when clean
// (warnings allowed), 1 with errors, 2 when the spec cannot be read.
#include <cxxopts.hpp>
#include <ostream>

#include "check/check.h"
#include "cli/command.h"
#include "load/load_spec.h"
#include "util/spellcheck.h"

namespace gen::cli {

int run_validate(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options("gen validate",
                           "Load a spec and check it against the contract rules; writes nothing.");
  add_spec_options(options);
  add_diagnostics_option(options);
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  if (!result.unmatched().empty())
    return usage_error(io, "validate", "unexpected argument '" + result.unmatched().front() + "'");
  std::string path = discover_spec(common.spec, io);
  if (path.empty()) return kExitUsage;

  Diagnostics diags;
  SourceFiles sources;
  auto spec = load::load_spec(path, diags, sources, /*jobs=*/0);  // one thread per CPU
  if (!spec) {
    int exit = report(diags, sources, common, io);
    return load::is_io_error(diags) ? kExitUsage : exit;
  }
  if (!common.profile.empty() && !spec->find_profile(common.profile)) {
    // Same finding as `gen context --profile` gives (resolve's unknown-profile).
    std::vector<std::string> names;
    for (const auto& p : spec->profiles) names.push_back(p.name.value);
    Diagnostic& d = diags.error("unknown-profile", SourceLocation{path, 0, 0},
                                "unknown profile '" + common.profile + "'");
    if (names.empty()) {
      d.notes.push_back("this spec defines no profiles");
    } else {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      d.notes.push_back("profiles in this spec: " + list);
      std::string best = closest_match(common.profile, names);
      if (!best.empty()) d.help = "did you mean '" + best + "'?";
    }
  }
  check::check_spec(*spec, diags);
  int exit = report(diags, sources, common, io);
  if (exit == kExitOk && common.format == DiagnosticFormat::Human)
    io.out << path << ": valid (" << spec->modules.size()
           << (spec->modules.size() == 1 ? " module" : " modules") << ")\n";
  return exit;
}

}  // namespace gen::cli
