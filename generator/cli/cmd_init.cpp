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

  // O_EXCL: refuse to overwrite, even a file created a moment ago.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST)
      return usage_error(io, "init", path + " already exists; not overwriting it");
    return usage_error(io, "init", "cannot create " + path + ": " + std::strerror(errno));
  }
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return usage_error(io, "init", "cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(path.c_str());
    return usage_error(io, "init", "cannot write " + path + ": " + why);
  }
  io.out << "wrote " << path << " (project " << project << "); next: gen validate --spec " << path
         << "\n";
  return kExitOk;
}

}  // namespace gen::cli
