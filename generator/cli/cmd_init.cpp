// gen init: write a commented starter spec (default ./gen.yaml). Never
// overwrites: an existing file is a usage error (exit 2).
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <ostream>

#include "cli/command.h"
#include "spec/starter.h"

namespace gen::cli {

void declare_init(cxxopts::Options& options) {
  options.add_options()("spec", "File to write",
                        cxxopts::value<std::string>()->default_value("gen.yaml"), "FILE")(
      "project", "Project name (default: from the current directory's name)",
      cxxopts::value<std::string>(), "NAME");
}

int run_init(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("init");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  if (!result.unmatched().empty())
    return usage_error(io, "init", "unexpected argument '" + result.unmatched().front() + "'");
  std::string path = result["spec"].as<std::string>();
  std::string project;
  if (result.count("project")) {
    project = result["project"].as<std::string>();
    if (spec::project_name_from(project) != project)
      return usage_error(io, "init",
                         "--project must be lowercase letters, digits and '-' (e.g. '" +
                             spec::project_name_from(project) + "')");
  } else {
    std::error_code ec;
    project = spec::project_name_from(std::filesystem::current_path(ec).filename().string());
  }
  std::string text = spec::starter_spec(project);

  int written = write_spec_file(io, "init", path, text, false);
  if (written != kExitOk) return written;
  io.out << "wrote " << path << " (project " << project << "); next: gen validate --spec " << path
         << "\n";
  return kExitOk;
}

}  // namespace gen::cli
