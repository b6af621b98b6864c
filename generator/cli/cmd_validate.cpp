// gen validate: everything `gen all` does but the writing. The spec is
// loaded and checked against the contract rules, resolved, and every target
// is rendered and verified in memory, so a spec that validates always
// generates (with the same --profile and --templates). Nothing is written.
// Exit 0 when clean (warnings allowed), 1 with errors, 2 when the spec cannot
// be read.
#include <cxxopts.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/output.h"
#include "pipeline/targets.h"

namespace gen::cli {

int run_validate(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("validate");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  if (!result.unmatched().empty())
    return usage_error(io, "validate", "unexpected argument '" + result.unmatched().front() + "'");
  OutputOptions out = read_render_options(result);
  std::string path = discover_spec(common.spec, io);
  if (path.empty()) return kExitUsage;

  std::vector<const pipeline::Target*> all;
  for (const auto& t : pipeline::targets()) all.push_back(&t);
  Diagnostics diags;
  SourceFiles sources;
  PhaseTimes times;
  size_t modules = 0;
  auto files = generate_files("validate", all, path, common, out, io, diags, sources, code, times,
                              &modules);
  if (!files) return code;  // generate_files reported the findings
  int exit = report(diags, sources, common, io);  // warnings
  print_timings(out, times, io);
  if (exit == kExitOk && common.format == DiagnosticFormat::Human) {
    io.out << path << ": valid (" << modules << (modules == 1 ? " module" : " modules") << ")\n";
  }
  return exit;
}

}  // namespace gen::cli
