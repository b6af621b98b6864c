// The one list of subcommands, in the order `gen --help` shows them.
#include "cli/command.h"

namespace gen::cli {

// Each is defined in its own cmd_<name>.cpp.
int run_version(const std::vector<std::string>& args, Io& io);

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"version", "Print gen's version", run_version},
  };
  return table;
}

}  // namespace gen::cli
