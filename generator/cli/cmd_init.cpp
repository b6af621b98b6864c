// gen init: write a starter spec (default ./gen.yaml, or DIR/gen.yaml): one
// module per buildable directory detect_modules finds in the repository, or
// the generic commented example. The spec is validated in memory before it
// is written; never overwrites (an existing file is a usage error, exit 2).
#include <cxxopts.hpp>
#include <filesystem>
#include <ostream>

#include "cli/command.h"
#include "detect/detect.h"
#include "spec/starter.h"

namespace gen::cli {

namespace fs = std::filesystem;

void declare_init(cxxopts::Options& options) {
  options.add_options()("spec", "File to write (default: gen.yaml in DIR)",
                        cxxopts::value<std::string>(), "FILE")(
      "project", "Project name (default: from the repository directory's name)",
      cxxopts::value<std::string>(), "NAME")(
      "generic", "Write the generic commented example; detect nothing")(
      "stdout", "Print the spec instead of writing it")(
      "dir", "Repository to detect modules in (default: the spec's directory)",
      cxxopts::value<std::string>(), "DIR");
  add_diagnostics_option(options);
}

int run_init(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("init");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  if (!result.unmatched().empty())
    return usage_error(io, "init", "unexpected argument '" + result.unmatched().front() + "'");
  std::error_code ec;
  const std::string dir = result.count("dir") ? result["dir"].as<std::string>() : "";
  if (!dir.empty() && !fs::is_directory(dir, ec))
    return usage_error(io, "init", dir + " is not a directory");
  const std::string path = result.count("spec") ? result["spec"].as<std::string>()
                           : dir.empty()        ? std::string("gen.yaml")
                                                : (fs::path(dir) / "gen.yaml").generic_string();
  // Paths in a spec are relative to its directory: it must be the repository's.
  fs::path spec_dir = fs::absolute(fs::path(path).parent_path().empty()
                                       ? fs::path(".")
                                       : fs::path(path).parent_path(), ec)
                          .lexically_normal();
  fs::path repo = dir.empty() ? spec_dir : fs::absolute(dir, ec).lexically_normal();
  if (fs::weakly_canonical(repo, ec) != fs::weakly_canonical(spec_dir, ec))
    return usage_error(io, "init", "the spec must be written in the repository it describes "
                                   "(its paths are relative to it): use --spec " +
                                       (fs::path(dir) / "gen.yaml").generic_string());
  std::string project;
  if (result.count("project")) {
    project = result["project"].as<std::string>();
    if (spec::project_name_from(project) != project)
      return usage_error(io, "init",
                         "--project must be lowercase letters, digits and '-' (e.g. '" +
                             spec::project_name_from(project) + "')");
  } else {
    fs::path named = repo.filename().empty() ? repo.parent_path() : repo;
    project = spec::project_name_from(named.filename().string());
  }
  std::vector<detect::DetectedModule> modules;
  if (!result.count("generic")) modules = detect::detect_modules(repo);
  const std::string text = detect::detected_spec(project, modules);

  Diagnostics diags;
  SourceFiles sources;
  const bool valid = spec_text_validates(path, text, diags, sources);
  diags.sort();
  report(diags, sources, common, io);
  if (!valid) {
    io.err << "gen init: the starter spec does not validate (findings above); nothing written. "
              "Please report it: gen init should always write a valid spec. gen init --generic "
              "writes the generic example.\n";
    return kExitFindings;
  }
  if (result.count("stdout")) {
    io.out << text;
    return kExitOk;
  }
  int written = write_spec_file(io, "init", path, text, false);
  if (written != kExitOk) return written;
  for (const char* compose : {"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"})
    if (fs::exists(repo / compose, ec)) {
      io.out << "this repository has " << compose << ": gen import turns it into a spec with its "
             << "services, env, volumes and dependencies (docs/import.md)\n";
      break;
    }
  io.out << "wrote " << path << " (project " << project << ", ";
  if (modules.empty()) {
    io.out << "the generic example";
  } else {
    io.out << modules.size() << " module" << (modules.size() == 1 ? "" : "s") << " detected:";
    for (const auto& m : modules)
      io.out << " " << m.name << " (" << (m.stack ? m.stack->value : "Dockerfile") << ")";
  }
  io.out << "); next: gen validate --spec " << path << "\n";
  return kExitOk;
}

}  // namespace gen::cli
