// The subcommand table and what every subcommand shares. Only generator/cli/
// sees argv, stdout, stderr and exit codes; each subcommand lives in its own
// cmd_<name>.cpp and is listed once in registry.cpp.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/render.h"
#include "diagnostics/source_files.h"

namespace cxxopts {
class Options;
class ParseResult;
}  // namespace cxxopts

namespace gen::cli {

enum ExitCode : int { kExitOk = 0, kExitFindings = 1, kExitUsage = 2 };

// Streams and environment facts a command needs, passed in (no globals), so
// tests can run commands in-process.
struct Io {
  std::ostream& out;
  std::ostream& err;
  bool err_is_terminal = false;
  bool no_color = false;  // NO_COLOR was set
};

// What a command's positional arguments are, so a shell can complete them.
enum class Operand { None, RuleId, Template, Directory, Shell, Topic };

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const std::vector<std::string>& args, Io& io);  // args exclude "gen <name>"
  std::string description;  // the paragraph atop --help and the man page
  // Declares the options run() parses. The one source of them: --help prints
  // this object, and `gen man` and `gen completions` describe it.
  void (*declare)(cxxopts::Options& options) = nullptr;
  // Options that positional arguments fill (cxxopts' parse_positional), in order.
  std::vector<std::string> positional = {};
  const char* operands = "";  // how --help's usage line shows them ("TEMPLATE")
  Operand operand = Operand::None;
  std::vector<Command> subcommands = {};  // gen templates list|export
  bool hidden = false;                    // not listed (gen __complete)
};

const std::vector<Command>& commands();
const Command* find_command(const std::string& name);
// A command by its words after "gen": "check", "templates export".
const Command& command_at(const std::string& path);
// The options of the command at `path`, as its run() parses them: "gen <path>"
// and its description, its declare(), its positional options and -h/--help.
cxxopts::Options command_options(const std::string& path);

// Options shared by subcommands: --spec, --profile, --diagnostics, --help.
struct CommonOptions {
  std::string spec;     // as given; empty -> discover
  std::string profile;  // empty -> none
  DiagnosticFormat format = DiagnosticFormat::Human;
};

void add_spec_options(cxxopts::Options& options);         // --spec, --profile
void add_diagnostics_option(cxxopts::Options& options);   // --diagnostics
// Parses args with `options` (from command_options); on --help prints help and returns kExitOk via
// `exit_code`; on a usage error prints it and returns kExitUsage. Returns true
// when the command should go on.
bool parse_args(cxxopts::Options& options, const std::vector<std::string>& args, Io& io,
                cxxopts::ParseResult& result, int& exit_code);
// Reads --spec/--profile/--diagnostics (those that were added) into CommonOptions;
// false (after printing) when --diagnostics has an unknown value.
bool read_common(const cxxopts::ParseResult& result, Io& io, CommonOptions& common);

// The spec path: --spec if given, else ./gen.yaml, else the only *.yaml/*.yml
// in ./specs/. Empty (after printing why) when none can be chosen.
std::string discover_spec(const std::string& given, Io& io);

// Prints diagnostics to io.err in the chosen format (colour only for a
// terminal without NO_COLOR) and returns the exit code they imply.
int report(const Diagnostics& diags, const SourceFiles& sources, const CommonOptions& common,
           Io& io);

// Prints a usage/I-O error as "gen <cmd>: error: message" and returns kExitUsage.
int usage_error(Io& io, const std::string& command, const std::string& message);

// Writes `text` to the spec file `path` that a command creates (gen init,
// gen import): whole or not at all (a temporary file beside it, then a link
// or rename), so a failed write never leaves a partial file nor, with
// `overwrite`, loses the file that was there. Without `overwrite` an existing
// file is refused, even one created a moment ago. kExitOk, or a usage error.
int write_spec_file(Io& io, const std::string& command, const std::string& path,
                    const std::string& text, bool overwrite);

// Runs the whole pipeline in memory (every target, verified; nothing
// written) on spec `text` as if it were the file `spec_path`, as gen
// validate does: what gen import and gen init check before they write a
// spec. Findings go to `diags` (positions into `sources`); true when it
// validates.
bool spec_text_validates(const std::string& spec_path, const std::string& text,
                         Diagnostics& diags, SourceFiles& sources);

}  // namespace gen::cli
