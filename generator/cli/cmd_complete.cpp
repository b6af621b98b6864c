// gen __complete rules|profiles|templates: the words the completion scripts
// (gen completions) offer that only gen knows, one per line. Hidden from
// `gen --help`. Never fails loudly: a shell is waiting, so a spec that cannot
// be read gives no profiles (exit 0) rather than diagnostics.
#include <cxxopts.hpp>

#include <ostream>
#include <sstream>

#include "check/output_rules.h"
#include "check/registry.h"
#include "cli/command.h"
#include "load/load_spec.h"
#include "template/loader.h"

namespace gen::cli {

void declare_complete(cxxopts::Options& options) {
  options.add_options()("spec", "Spec whose profiles to list (default: as gen finds it)",
                        cxxopts::value<std::string>(), "FILE")(
      "topic", "rules, profiles or templates", cxxopts::value<std::string>());
}

int run_complete(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("__complete");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  std::string topic = result.count("topic") ? result["topic"].as<std::string>() : "";
  if (topic == "rules") {
    for (const auto& r : check::rules()) io.out << r.id << "\n";
    for (const auto& r : check::artifact_rules()) io.out << r.id << "\n";
    return kExitOk;
  }
  if (topic == "templates") {
    for (const auto& name : tmpl::BuiltinLoader().list()) io.out << name << "\n";
    return kExitOk;
  }
  if (topic == "profiles") {
    std::ostringstream quiet;  // discover_spec explains itself; a shell must not see it
    Io silent{quiet, quiet, false, true};
    std::string path =
        discover_spec(result.count("spec") ? result["spec"].as<std::string>() : "", silent);
    if (path.empty()) return kExitOk;
    Diagnostics diags;
    SourceFiles sources;
    if (auto spec = load::load_spec(path, diags, sources))
      for (const auto& p : spec->profiles) io.out << p.name.value << "\n";
    return kExitOk;
  }
  return usage_error(io, "__complete", "topic must be rules, profiles or templates");
}

}  // namespace gen::cli
