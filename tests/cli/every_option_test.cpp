// Every option of every command, as --help lists it, given once with a
// plausible value in an empty scratch directory: gen may refuse (usage error,
// missing spec), but never fails inside (no "internal error", no signal).
// A type clash between an option and the code reading it (gen import's
// repeatable --profile read as the common one) was such a crash.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "../resolve/run_gen.h"

namespace fs = std::filesystem;
using gen::test::run_gen;

namespace {

std::vector<std::string> commands() {
  auto help = run_gen({"--help"});
  std::vector<std::string> out;
  std::istringstream lines(help.out);
  std::string line;
  bool in_list = false;
  while (std::getline(lines, line)) {
    if (line == "Commands:") {
      in_list = true;
      continue;
    }
    if (in_list && line.empty()) break;
    if (in_list) {
      std::istringstream words(line);
      std::string name;
      words >> name;
      out.push_back(name);
    }
  }
  return out;
}

struct Option {
  std::string name, arg;
};

std::vector<Option> options_of(const std::vector<std::string>& command) {
  std::vector<std::string> args = command;
  args.push_back("--help");
  auto help = run_gen(args);
  std::vector<Option> out;
  static const std::regex option(R"(^\s+(?:-\w, )?--([a-z][a-z-]*)(?: ([A-Z|]+))?)");
  std::istringstream lines(help.out);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_search(line, m, option) && m[1] != "help") out.push_back({m[1], m[2]});
  return out;
}

std::string value_for(const Option& o) {
  if (o.arg == "FILE") return "missing.yaml";
  if (o.arg == "DIR") return "out-dir";
  if (o.arg == "N") return "2";
  if (o.arg == "FORMAT") return "json";
  if (o.arg == "NAME") return "local";
  return "x";
}

}  // namespace

TEST_CASE("every option of every command: refused or taken, never an internal error") {
  const fs::path scratch = fs::temp_directory_path() / ("gen-every-option-" + std::to_string(::getpid()));
  auto cmds = commands();
  REQUIRE(cmds.size() > 15);
  std::vector<std::vector<std::string>> paths;
  for (const auto& c : cmds) paths.push_back({c});
  paths.push_back({"templates", "list"});
  paths.push_back({"templates", "export"});
  int tried = 0;
  for (const auto& path : paths) {
    for (const auto& o : options_of(path)) {
      fs::remove_all(scratch);
      fs::create_directories(scratch);
      std::vector<std::string> args = path;
      args.push_back("--" + o.name);
      if (!o.arg.empty()) args.push_back(value_for(o));
      std::string shown;
      for (const auto& a : args) shown += a + " ";
      INFO("gen " << shown);
      const fs::path here = fs::current_path();
      fs::current_path(scratch);
      auto r = run_gen(args);
      fs::current_path(here);
      ++tried;
      CHECK(r.code >= 0);
      CHECK(r.code <= 2);
      CHECK(r.err.find("internal error") == std::string::npos);
      CHECK(r.out.find("internal error") == std::string::npos);
    }
  }
  fs::remove_all(scratch);
  CHECK(tried > 60);
}
