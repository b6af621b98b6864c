// gen init's detection: which directories of a repository build an image,
// with which stack (from their manifests), from which Dockerfile, on which
// ports, checked at which health endpoint. Each guess carries why it was
// made, so the starter spec can say so in a comment beside it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "check/own_dockerfile.h"

namespace gen::detect {

struct Guess {
  std::string value;
  std::string why;  // "go.mod", "EXPOSE 8080 in ./api/Dockerfile", ...
};

struct DetectedModule {
  std::string name;        // a DNS label from the directory's name
  std::string dir;         // relative to the root, "./api" ("." for the root itself)
  std::optional<Guess> stack;       // the built-in stack its manifests say
  std::string dockerfile;           // "./api/Dockerfile" when the directory has one
  std::optional<Guess> port;        // the port the program listens on
  std::optional<Guess> health;      // an HTTP path found in the sources ("/healthz")
  check::ImageUser user;            // of its Dockerfile's built stage
  std::string user_where;           // "./api/Dockerfile:12" when user.kind is not Unset
};

// Walks `root` (a directory; symbolic links are not followed, hidden and
// dependency/output directories such as node_modules, vendor, target, dist
// are skipped, at most 4 levels and 20,000 entries) and returns every
// buildable directory, sorted by path: one with a Dockerfile that has a
// stage to build, or a manifest of a built-in stack. A buildable directory's
// subdirectories belong to it.
std::vector<DetectedModule> detect_modules(const std::filesystem::path& root);

// A starter spec for `modules` (relative paths from the spec's directory,
// `root`), each guess commented; the generic starter when there are none.
std::string detected_spec(const std::string& project, const std::vector<DetectedModule>& modules);

}  // namespace gen::detect
