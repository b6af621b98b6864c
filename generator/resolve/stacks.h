// What resolve knows about each built-in build stack: the runtime base image
// and the dependency manifests used when a spec does not name them. The
// Dockerfile templates own everything else about a stack.
#pragma once

#include <string>
#include <vector>

namespace gen::resolve {

struct StackDefaults {
  std::string from;                    // runtime base image
  std::vector<std::string> manifests;  // copied before sources (layer cache)
};

// Defaults of a known stack (python-uv, python-pip, node, nextjs, bun,
// debian); nullptr for another value (e.g. a template path).
const StackDefaults* stack_defaults(const std::string& stack);

}  // namespace gen::resolve
