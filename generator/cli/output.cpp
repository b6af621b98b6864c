#include "cli/output.h"

#include <cxxopts.hpp>

#include <filesystem>
#include <fstream>
#include <ostream>

namespace gen::cli {

namespace fs = std::filesystem;

void add_output_options(cxxopts::Options& options) {
  options.add_options()("out", "Output directory", cxxopts::value<std::string>()->default_value("deploy"),
                        "DIR")(
      "templates", "Directory of template overrides (same relative paths as the built-ins)",
      cxxopts::value<std::string>(), "DIR")("stdout", "Print the files instead of writing them");
}

OutputOptions read_output_options(const cxxopts::ParseResult& result) {
  OutputOptions o;
  o.dir = result["out"].as<std::string>();
  if (result.count("templates")) o.templates_dir = result["templates"].as<std::string>();
  o.to_stdout = result.count("stdout") > 0;
  return o;
}

int write_outputs(const render::FileSet& files, const OutputOptions& options, Io& io, int status) {
  if (options.to_stdout) {
    for (const auto& [path, file] : files)
      io.out << "==> " << (fs::path(options.dir) / path).generic_string() << " <==\n"
             << file.content;
    return status;
  }
  for (const auto& [path, file] : files) {
    fs::path target = fs::path(options.dir) / path;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream f(target, std::ios::binary | std::ios::trunc);
    f << file.content;
    if (!f.good()) return usage_error(io, "all", "cannot write " + target.generic_string());
  }
  return status;
}

}  // namespace gen::cli
