// gen import: compose files -> a gen spec (docs/import.md). Loads the files
// as compose does (import/loader.h), maps every key or reports it dropped
// (import/to_spec.h), runs the whole pipeline in memory on the result (as
// gen validate does) and writes the spec only when it validates, never over
// an existing file without --force. Exit 0 written, 1 findings, 2 usage/IO.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cxxopts.hpp>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/command.h"
#include "import/compose_file.h"
#include "import/loader.h"
#include "import/to_spec.h"

extern char** environ;

namespace gen::cli {

namespace {

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    size_t eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

int count(const Diagnostics& diags, const char* id) {
  int n = 0;
  for (const auto& d : diags.items()) n += d.rule_id == id;
  return n;
}

}  // namespace

void declare_import(cxxopts::Options& options) {
  options.add_options()("f,file", "Compose file (repeatable; merged in order as compose merges "
                                  "them; default: compose.yaml and compose.override.yaml here)",
                        cxxopts::value<std::vector<std::string>>(), "FILE")(
      "env-file", "Variables for interpolation instead of <project dir>/.env (repeatable)",
      cxxopts::value<std::vector<std::string>>(), "FILE")(
      "project-directory", "Project directory (default: the first file's directory)",
      cxxopts::value<std::string>(), "DIR")(
      "profile", "Activate a compose profile (repeatable)",
      cxxopts::value<std::vector<std::string>>(), "NAME")(
      "out", "Spec file to write", cxxopts::value<std::string>()->default_value("gen.yaml"), "FILE")(
      "keep-behaviour", "Keep the original behaviour with waivers where the contract has one")(
      "force", "Overwrite --out if it exists")(
      "stdout", "Print the spec instead of writing it");
  add_diagnostics_option(options);
}

int run_import(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("import");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  if (!result.unmatched().empty())
    return usage_error(io, "import", "unexpected argument '" + result.unmatched().front() + "'");

  import::LoadOptions load;
  if (result.count("file")) load.files = result["file"].as<std::vector<std::string>>();
  if (result.count("env-file")) load.env_files = result["env-file"].as<std::vector<std::string>>();
  if (result.count("project-directory"))
    load.project_directory = result["project-directory"].as<std::string>();
  if (result.count("profile")) load.profiles = result["profile"].as<std::vector<std::string>>();
  load.process_env = process_environment();
  std::string out_path = result["out"].as<std::string>();
  bool force = result.count("force") > 0;
  bool to_stdout = result.count("stdout") > 0;
  std::error_code ec;
  if (!to_stdout && !force && std::filesystem::symlink_status(out_path, ec).type() !=
                                  std::filesystem::file_type::not_found)
    return usage_error(io, "import", out_path + " already exists; not overwriting it (--force)");

  Diagnostics diags;
  SourceFiles sources;
  auto compose = import::load_compose(load, diags, sources);
  if (!compose || diags.has_errors()) {
    diags.sort();
    report(diags, sources, common, io);
    for (const auto& d : diags.items())
      if (d.rule_id == "io-error") return kExitUsage;
    return kExitFindings;
  }
  import::ImportOptions opts;
  opts.keep_behaviour = result.count("keep-behaviour") > 0;
  opts.spec_path = out_path;
  std::string origin;
  for (const auto& f : load.files.empty() ? import::default_compose_files(".") : load.files)
    origin += (origin.empty() ? "" : ", ") + std::filesystem::path(f).filename().generic_string();
  opts.origin = origin;
  import::ImportResult imported = import::compose_to_spec(*compose, opts, diags);
  if (diags.has_errors()) {
    diags.sort();
    report(diags, sources, common, io);
    return kExitFindings;
  }

  // Validate what would be written: the whole pipeline, in memory.
  Diagnostics validation;
  const bool valid = spec_text_validates(out_path, imported.spec_text, validation, sources);
  diags.append(validation);
  diags.sort();
  report(diags, sources, common, io);
  if (!valid) {
    io.err << "gen import: the imported spec does not validate (findings above); nothing "
              "written. Please report it: gen import should always write a valid spec.\n";
    if (to_stdout) io.out << imported.spec_text;
    return kExitFindings;
  }

  if (to_stdout) {
    io.out << imported.spec_text;
  } else {
    int written = write_spec_file(io, "import", out_path, imported.spec_text, force);
    if (written != kExitOk) return written;
  }
  if (common.format == DiagnosticFormat::Human) {
    std::ostream& s = to_stdout ? io.err : io.out;
    s << "gen import: " << imported.services << " service" << (imported.services == 1 ? "" : "s")
      << " imported into " << (to_stdout ? std::string("stdout") : out_path) << "; "
      << count(diags, import::ids::kContract) << " changed for the contract (note[import-contract]), "
      << count(diags, import::ids::kDropped) << " dropped (warning[import-dropped])";
    if (opts.keep_behaviour) s << ", " << imported.waivers << " waivers";
    s << "\nnext: gen validate --spec " << out_path << " && gen all --spec " << out_path << "\n";
  }
  return kExitOk;
}

}  // namespace gen::cli
