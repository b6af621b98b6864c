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

// The same for Dockerfile `path` written relative to the directory of
// `spec_file` (gen import reads the Dockerfile of the spec it writes).
std::optional<OwnDockerfile> read_own_dockerfile(const std::string& spec_file,
                                                 const std::string& path);

// The stage the build produces: `target`'s, else the last; nullptr when
// there is none (no FROM, or no such stage).
const dockerfile::DockerStage* built_stage(const dockerfile::DockerfileParse& parse,
                                           const std::optional<spec::LString>& target);
const dockerfile::DockerStage* built_stage(const dockerfile::DockerfileParse& parse,
                                           const std::string* target);

// The USER in effect in `stage`: its own last one, else that of the earlier
// stage it is built FROM (Docker carries the image config over); nullptr
// when the base image decides (or `stage` is nullptr).
const dockerfile::DockerInstruction* effective_user(const dockerfile::DockerfileParse& parse,
                                                    const dockerfile::DockerStage* stage);

// The user part of a USER instruction (`app` of `USER app:staff`).
std::string user_of(const dockerfile::DockerInstruction& user);

// Who the image of `stage` runs as, for tools that write a spec from a
// Dockerfile (gen import, gen init): nobody said (the base image decides), a
// numeric non-root uid (and gid: the USER's group when numeric, else the
// uid), root, or a user name.
struct ImageUser {
  enum class Kind { Unset, Numeric, Root, Name } kind = Kind::Unset;
  long uid = 0, gid = 0;
  std::string who;                                     // as written
  const dockerfile::DockerInstruction* user = nullptr;  // the USER, unless Unset
};
ImageUser image_user(const dockerfile::DockerfileParse& parse, const dockerfile::DockerStage* stage);

}  // namespace gen::check
