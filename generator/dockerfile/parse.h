// A Dockerfile read the way Docker reads it (for the verifier, which reads
// gen's, and for check, which reads a project's own): logical
// instructions (line continuations joined, comment lines inside them
// dropped) grouped into build stages, each with the line and column of its
// keyword, plus the word and JSON-array parsing Docker applies to
// instruction arguments. Only the default escape character (\) is
// supported; gen never writes heredocs.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gen::dockerfile {

struct DockerInstruction {
  std::string keyword;  // upper case: FROM, RUN, USER, ...
  std::string args;     // the rest, continuations joined (without the escape and newline)
  int line = 0;         // 1-based line of the keyword
  int column = 0;       // 1-based column of the keyword
};

struct DockerStage {
  DockerInstruction from;
  std::string name;                             // "AS name", or ""
  std::vector<DockerInstruction> instructions;  // after FROM
};

struct DockerfileParse {
  std::vector<DockerStage> stages;
  std::vector<DockerInstruction> before_first_from;  // ARG (and anything else, an error)
};

DockerfileParse parse_dockerfile(const std::string& text);

// `["a", "b"]` as Docker's JSON form; nullopt when the arguments are not a
// JSON array of strings (then Docker runs them through a shell).
std::optional<std::vector<std::string>> json_args(const std::string& args);

// key=value words of ENV, LABEL and ARG, unquoted as Docker does
// ("a\"b" -> a"b, 'x y' -> x y); the legacy `ENV key value` form gives one
// pair. A word without '=' (ARG NAME) has no value.
std::vector<std::pair<std::string, std::optional<std::string>>> key_values(const std::string& args,
                                                                           bool legacy_env);

// Leading --name=value options (HEALTHCHECK, COPY, ...) and what follows them.
std::pair<std::vector<std::pair<std::string, std::string>>, std::string> split_options(
    const std::string& args);

}  // namespace gen::dockerfile
