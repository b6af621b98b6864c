// The starter spec gen init writes for what detect_modules found: one module
// per buildable directory, every guess commented with why it was made, and
// the contract's defaults (numeric non-root user, loopback binds, restart).
#include <nlohmann/json.hpp>
#include <sstream>

#include "detect/detect.h"
#include "spec/starter.h"

namespace gen::detect {

namespace {

std::string q(const std::string& s) { return nlohmann::json(s).dump(); }

// Text from the repository (directory and file names) inside a YAML comment:
// a line break or other control character would end the comment and write
// spec text, so each becomes '?'.
std::string c(const std::string& s) {
  std::string out = s;
  for (char& ch : out)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  return out;
}

void write_module(std::ostringstream& o, const DetectedModule& m) {
  o << "\n  # detected in " << c(m.dir) << ": ";
  if (m.stack) o << "stack " << m.stack->value << " (" << c(m.stack->why) << ")";
  else o << "no stack gen knows";
  if (!m.dockerfile.empty())
    o << "; its own Dockerfile is built as is" << (m.stack ? " (or build.stack: " + m.stack->value + " lets gen write one)" : "");
  o << "\n  " << m.name << ":\n    build:\n      context: " << q(m.dir) << "\n";
  if (!m.dockerfile.empty()) o << "      dockerfile: " << q(m.dockerfile) << "\n";
  else o << "      stack: " << m.stack->value << "\n";
  if (m.user.kind == check::ImageUser::Kind::Numeric)
    o << "    user: {uid: " << m.user.uid << ", gid: " << m.user.gid << "}   # USER in "
      << c(m.user_where) << "\n";
  if (m.port) {
    o << "    ports:\n      - {container: " << m.port->value << "}   # " << c(m.port->why) << "\n";
    if (m.health)
      o << "    health: {http: " << m.health->value << "}   # " << c(m.health->why) << "\n";
    else
      o << "    health: {tcp: " << m.port->value
        << "}   # a guess: an HTTP check of the program's health endpoint says more\n";
  }
  o << "    mounts:\n      - {tmpfs: /tmp}   # the root filesystem is read-only\n";
  std::vector<std::pair<std::string, std::string>> waive;
  if (m.user.kind == check::ImageUser::Kind::Root || m.user.kind == check::ImageUser::Kind::Name)
    waive.push_back({"dockerfile-user", "gen init: " + m.user_where + " says USER " + m.user.who +
                                            "; end the stage with a numeric USER and remove this"});
  if (!m.port)
    waive.push_back({"health-check", "gen init found no port to check; say how the module is "
                                     "checked and remove this"});
  if (!waive.empty()) {
    o << "    waive:\n";
    for (const auto& [rule, why] : waive) o << "      " << rule << ": " << q(why) << "\n";
  }
}

}  // namespace

std::string detected_spec(const std::string& project, const std::vector<DetectedModule>& modules) {
  if (modules.empty()) return spec::starter_spec(project);
  std::ostringstream o;
  o << "# gen spec written by `gen init` from what it found in this repository: one\n"
       "# module per directory that builds an image. Each guess has a comment saying why;\n"
       "# check them, add what it cannot see (env, volumes, dependencies, databases).\n"
       "#   gen validate            check it\n"
       "#   gen all --out deploy    write every artifact\n"
       "# Every key: docs/spec.md.\n"
       "version: 1\n"
       "project: " << project << "\n\n"
       "defaults:\n"
       "  user: {uid: 10001, gid: 10001}   # numeric and non-root (rule non-root-user)\n"
       "  restart: unless-stopped\n"
       "  bind: 127.0.0.1                  # published ports listen on loopback only\n\n"
       "modules:";
  for (const auto& m : modules) write_module(o, m);
  return o.str();
}

}  // namespace gen::detect
