#include <cxxopts.hpp>

#include <ostream>

#include "cli/command.h"

namespace gen::cli {

int run_version(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options("gen version", "Print gen's version.");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  io.out << "gen 0.1.0\n";
  return kExitOk;
}

}  // namespace gen::cli
