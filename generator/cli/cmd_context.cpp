// gen context: load -> check -> resolve, then print the JSON context the
// templates see (docs/context.md) to stdout; diagnostics go to stderr.
#include <cxxopts.hpp>
#include <ostream>

#include "cli/command.h"
#include "context/context.h"
#include "pipeline/front_end.h"

namespace gen::cli {

int run_context(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("context");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  if (!result.unmatched().empty())
    return usage_error(io, "context", "unexpected argument '" + result.unmatched().front() + "'");
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  std::string path = discover_spec(common.spec, io);
  if (path.empty()) return kExitUsage;

  Diagnostics diags;
  SourceFiles sources;
  std::optional<pipeline::FrontEnd> front =
      pipeline::run_front_end(path, common.profile, diags, sources);
  int status = report(diags, sources, common, io);
  if (!front) return pipeline::failed_on_io(diags) ? kExitUsage : kExitFindings;
  // Strings are valid UTF-8 (the loader refuses anything else); `replace`
  // only guarantees dump() can never throw.
  io.out << context::to_json(front->project).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
         << "\n";
  return status;
}

}  // namespace gen::cli
