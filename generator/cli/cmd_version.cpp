#include <cxxopts.hpp>

#include <ostream>

#include "cli/command.h"
#include "cli/describe.h"

namespace gen::cli {

int run_version(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("version");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  io.out << "gen " << gen_version() << "\n";
  return kExitOk;
}

}  // namespace gen::cli
