// gen: one project spec -> every deployment artifact. This file only picks the
// subcommand; each lives in cli/cmd_<name>.cpp.
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

namespace {

void print_usage(std::ostream& out) {
  out << "gen: turn one project spec into Dockerfiles, compose, Kubernetes, systemd units\n"
         "and the runtime contract.\n\n"
         "Usage: gen <command> [options]   (gen <command> --help for its options)\n\n"
         "Commands:\n";
  for (const auto& c : gen::cli::commands()) {
    if (c.hidden) continue;
    std::string name = c.name;
    name.resize(std::max<size_t>(name.size() + 2, 12), ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\nExit codes: 0 ok, 1 findings (invalid spec, contract violation, drift),\n"
         "2 usage or I/O error.\n";
}

}  // namespace

int main(int argc, char** argv) {
  gen::cli::Io io{std::cout, std::cerr, isatty(STDERR_FILENO) == 1,
                  std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0'};
  if (argc < 2) {
    print_usage(std::cerr);
    return gen::cli::kExitUsage;
  }
  std::string name = argv[1];
  if (name == "-h" || name == "--help" || name == "help") {
    print_usage(std::cout);
    return gen::cli::kExitOk;
  }
  if (name == "--version") name = "version";
  const gen::cli::Command* cmd = gen::cli::find_command(name);
  if (!cmd) {
    std::cerr << "gen: error: unknown command '" << name << "'\n";
    print_usage(std::cerr);
    return gen::cli::kExitUsage;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    return cmd->run(args, io);
  } catch (const std::exception& e) {
    // A bug, not a user error; still exit cleanly with a message.
    std::cerr << "gen " << name << ": internal error: " << e.what() << "\n";
    return gen::cli::kExitUsage;
  }
}
