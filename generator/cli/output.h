// Options and writing shared by the commands that produce files
// (gen all/<target>, later gen check): --out, --templates, --stdout.
#pragma once

#include <string>

#include "cli/command.h"
#include "render/file_set.h"

namespace gen::cli {

struct OutputOptions {
  std::string dir = "deploy";
  std::string templates_dir;  // "" = built-in templates only
  bool to_stdout = false;
};

void add_output_options(cxxopts::Options& options);
OutputOptions read_output_options(const cxxopts::ParseResult& result);

// Writes `files` under options.dir, or prints them (each introduced by a
// "==> path <==" line) with --stdout. Returns `status` unless writing fails (2).
int write_outputs(const render::FileSet& files, const OutputOptions& options, Io& io, int status);

}  // namespace gen::cli
