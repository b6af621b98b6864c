// The variables compose interpolates with, and the interpolation itself.
// Compose reads them from the process environment, which wins, and from the
// project directory's `.env` (or the --env-file files instead of it). The
// same dotenv reader serves a service's `env_file`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "yaml/node.h"

namespace gen::import {

struct Environment {
  std::map<std::string, std::string> process;  // wins over the files
  std::map<std::string, std::string> files;    // .env or --env-file, in order

  std::optional<std::string> lookup(const std::string& name) const;
};

// One variable of a dotenv file, with where it was written.
struct DotenvVar {
  std::string name;
  std::string value;
  SourceLocation loc;
};

// Parses dotenv text (KEY=VALUE lines, `export`, # comments, '...' literal,
// "..." with escapes and ${VAR}, unquoted values with ${VAR} and a trailing
// ` # comment`). Values are interpolated with `env` and the file's earlier
// variables. False after an error (a line that is not KEY=VALUE).
bool parse_dotenv(const std::string& name, const std::string& text, const Environment& env,
                  std::vector<DotenvVar>& out, Diagnostics& diags);

// Reads and parses a dotenv file from disk (recorded in `sources`).
// nullopt after an error; `required` false: a missing file gives {}.
std::optional<std::vector<DotenvVar>> read_dotenv(const std::string& path, const std::string& shown,
                                                  const Environment& env, bool required,
                                                  Diagnostics& diags, SourceFiles& sources);

// Interpolates one string the way compose does: $$ -> $, $VAR, ${VAR},
// ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message},
// ${VAR:+replacement}, ${VAR+replacement}, nested in defaults. Reports at
// `at`: an unset variable without a default (a warning, blank like compose),
// a required one (error) and a malformed reference (error).
std::optional<std::string> interpolate(const std::string& text, const Environment& env,
                                       SourceLocation at, Diagnostics& diags);

// Where a value is one whole variable reference ($NAME, ${NAME},
// ${NAME:?msg}, ${NAME?msg}) and which variable: "<file>:<line>:<col>" of the
// scalar -> NAME. gen import maps such an environment value to the host
// variable it names instead of the value it had at import time.
using References = std::map<std::string, std::string>;
std::string reference_key(const SourceLocation& at);
// NAME when `text` is one whole reference, else "".
std::string whole_reference(const std::string& text);

// Interpolates every scalar value (not keys) of `node`, recording whole
// references in `refs` when given. False after an error.
bool interpolate_tree(yaml::Node& node, const Environment& env, Diagnostics& diags,
                      References* refs = nullptr);

}  // namespace gen::import
