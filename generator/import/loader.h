// Compose files -> one merged compose model tree, as compose-go loads it:
//   per file: read (limits, UTF-8) -> YAML with merge keys -> interpolation
//   -> relative paths made absolute -> `include` -> `extends`
//   then the files merged in order (merge.h), then `profiles` applied.
// Every value keeps the position it had in the file that wrote it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "import/environment.h"
#include "yaml/node.h"

namespace gen::import {

struct LoadOptions {
  std::vector<std::string> files;      // -f, in order; empty: compose.yaml & co in the cwd
  std::vector<std::string> env_files;  // --env-file; empty: <project dir>/.env if present
  std::string project_directory;       // "" = the first file's directory
  std::vector<std::string> profiles;   // active profiles (--profile)
  std::map<std::string, std::string> process_env;  // the environment, which wins over files
};

struct LoadedCompose {
  yaml::Node root;               // the merged model: services, networks, volumes, ...
  std::string project_name;      // `name:`, COMPOSE_PROJECT_NAME, else the directory's name
  std::string project_directory; // absolute
  Environment env;
  References references;  // environment values that were one whole ${NAME}
  // Services left out because none of their profiles is active, with where
  // they were defined and their profiles (reported by the mapper).
  struct Inactive {
    std::string name;
    SourceLocation loc;
    std::vector<std::string> profiles;
  };
  std::vector<Inactive> inactive;
};

// nullopt after an error (all of them in `diags`); warnings (unset
// variables) are in `diags` either way.
std::optional<LoadedCompose> load_compose(const LoadOptions& options, Diagnostics& diags,
                                          SourceFiles& sources);

// The default files compose looks for when no -f is given.
std::vector<std::string> default_compose_files(const std::string& directory);

}  // namespace gen::import
