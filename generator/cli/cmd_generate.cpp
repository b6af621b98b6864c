// gen all | dockerfile | compose | k8s | systemd | docs: render targets and
// write them under --out (or print them with --stdout). Nothing is written
// when any stage reports an error.
#include <cxxopts.hpp>
#include <ostream>

#include "cli/command.h"
#include "cli/output.h"
#include "pipeline/targets.h"

namespace gen::cli {

namespace {

int run_targets(const std::string& command, const std::vector<const pipeline::Target*>& targets,
                const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options(command);
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  OutputOptions out = read_output_options(result);
  out.complete = command == "all";  // only then are missing files stale

  std::string spec = discover_spec(common.spec, io);
  if (spec.empty()) return kExitUsage;
  Diagnostics diags;
  SourceFiles sources;
  PhaseTimes times;
  auto files = generate_files(command, targets, spec, common, out, io, diags, sources, code, times);
  if (!files) return code;
  Stopwatch watch;
  int status = write_outputs(*files, out, common, io, diags, sources);  // reports diags too
  times.push_back({out.to_stdout ? "print" : "write " + out.dir, watch.lap()});
  print_timings(out, times, io);
  return status;
}

}  // namespace

int run_generate_all(const std::vector<std::string>& args, Io& io) {
  std::vector<const pipeline::Target*> all;
  for (const auto& t : pipeline::targets()) all.push_back(&t);
  return run_targets("all", all, args, io);
}

#define GEN_TARGET_COMMAND(fn, name)                                          \
  int fn(const std::vector<std::string>& args, Io& io) {                      \
    return run_targets(name, {pipeline::find_target(name)}, args, io);       \
  }
GEN_TARGET_COMMAND(run_generate_dockerfile, "dockerfile")
GEN_TARGET_COMMAND(run_generate_compose, "compose")
GEN_TARGET_COMMAND(run_generate_k8s, "k8s")
GEN_TARGET_COMMAND(run_generate_systemd, "systemd")
GEN_TARGET_COMMAND(run_generate_docs, "docs")
#undef GEN_TARGET_COMMAND

}  // namespace gen::cli
