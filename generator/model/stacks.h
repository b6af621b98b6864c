// The built-in build stacks, one row each: what resolve fills in when a spec
// does not say (base images, manifests, served directory), which tool the
// runtime image checks its health with, and which programs that image is
// known to have. Resolve, render (the probe) and verify (the HEALTHCHECK's
// program exists) read this one table; the Dockerfile templates
// (templates/dockerfile/<stack>.Dockerfile.j2) own everything else.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gen::model {

// How the runtime image runs an HTTP or TCP health check.
enum class ProbeTool {
  Python,  // urllib / socket of the interpreter
  Node,    // fetch / net
  Bun,     // fetch / net
  Ruby,    // net/http / socket
  Php,     // the http stream wrapper / fsockopen
  Curl,    // curl (installed by the Dockerfile when missing) / bash's /dev/tcp
  Wget,    // BusyBox wget / nc of an Alpine image
};

struct Stack {
  std::string name;
  std::string from;                    // runtime base image
  std::string builder;                 // image of the build stage; empty: from
  std::vector<std::string> manifests;  // copied before sources (layer cache)
  std::string serve;                   // directory served (build.serve default); empty: none
  ProbeTool probe = ProbeTool::Curl;
  // Programs the runtime image has without installing anything (the
  // HEALTHCHECK may run one of them, or a package the Dockerfile installs).
  std::vector<std::string> tools;
  bool node_install = false;   // reads build.install (production | dev)
  bool python_venv = false;    // reads build.venv
};

// Every built-in stack, in documentation order.
const std::vector<Stack>& stacks();

// The stack named `name`; nullptr for another value.
const Stack* find_stack(std::string_view name);

// Where the python stacks put the virtual environment by default: outside
// the workdir, so a development bind mount over the workdir keeps it.
inline constexpr const char* kDefaultVenv = "/opt/venv";

}  // namespace gen::model
