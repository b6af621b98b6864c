// Every command and its options as data, read from the same cxxopts::Options
// each command's run() parses and --help prints (registry.cpp): what
// `gen man` writes and what `gen completions` completes.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"

namespace gen::cli {

// What an option's value is, so a shell can offer the right words.
enum class ValueKind { None, Text, File, SpecFile, Directory, Profile, Choice };

struct OptionDoc {
  std::string short_name;  // "j", or "" when the option has none
  std::string long_name;   // "jobs"
  std::string arg;         // what --help calls its value ("N"); "" for a flag
  std::string description;
  std::string default_value;         // "" when none
  ValueKind value = ValueKind::None;
  std::vector<std::string> choices;  // the values a Choice option accepts
};

struct CommandDoc {
  std::string path;        // "check", "templates export"
  const Command* command;  // its registry entry
  std::vector<OptionDoc> options;  // as --help lists them (positional ones left out)
};

// Every command that is not hidden, each followed by its subcommands.
std::vector<CommandDoc> describe_commands();

// gen's version (the CMake project's).
const char* gen_version();

}  // namespace gen::cli
