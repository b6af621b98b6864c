// A module's own Dockerfile (`build.dockerfile`), read once per use through
// read_project_file (so never from outside the project, never a special
// file, never more than kMaxConfigFileBytes) and parsed the way Docker reads
// it. The dockerfile-* rules and no-secret-values read it; the pipeline adds
// its text to SourceFiles so findings positioned in it show their line.
#pragma once

#include <optional>
#include <string>

#include "dockerfile/parse.h"
#include "spec/model.h"

namespace gen::check {

struct OwnDockerfile {
  std::string shown;  // the path diagnostics name (spec directory / path)
  std::string text;
  dockerfile::DockerfileParse parse;
  std::optional<std::string> unreadable;  // why there is no text (then parse is empty)
};

// nullopt when the module does not bring its own Dockerfile or the file is
// not there (project-paths says so).
std::optional<OwnDockerfile> read_own_dockerfile(const spec::Spec& spec, const spec::Module& m);

// The stage the build produces: `target`'s, else the last; nullptr when
// there is none (no FROM, or no such stage).
const dockerfile::DockerStage* built_stage(const dockerfile::DockerfileParse& parse,
                                           const std::optional<spec::LString>& target);

}  // namespace gen::check
