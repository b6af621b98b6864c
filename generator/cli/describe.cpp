#include "cli/describe.h"

#include <algorithm>
#include <cxxopts.hpp>

namespace gen::cli {

namespace {

// The values an option accepts when they are a closed set; read_common and
// gen schema refuse anything else (tests/packaging checks each is accepted).
std::vector<std::string> choices_of(const std::string& long_name) {
  if (long_name == "diagnostics") return {"human", "json", "github"};
  if (long_name == "format") return {"json", "markdown"};
  return {};
}

ValueKind kind_of(const cxxopts::HelpOptionDetails& o, const std::string& long_name) {
  if (o.is_boolean) return ValueKind::None;
  if (!choices_of(long_name).empty()) return ValueKind::Choice;
  if (long_name == "profile") return ValueKind::Profile;
  if (long_name == "spec") return ValueKind::SpecFile;
  if (o.arg_help == "DIR") return ValueKind::Directory;
  if (o.arg_help.rfind("FILE", 0) == 0) return ValueKind::File;
  return ValueKind::Text;
}

void describe(const std::string& path, const Command& cmd, std::vector<CommandDoc>& out) {
  if (cmd.hidden) return;
  cxxopts::Options options = command_options(path);
  CommandDoc doc{path, &cmd, {}};
  for (const auto& group : options.groups()) {
    for (const auto& o : options.group_help(group).options) {
      std::string long_name = o.l.empty() ? "" : o.l.front();
      if (std::find(cmd.positional.begin(), cmd.positional.end(), long_name) !=
          cmd.positional.end())
        continue;  // filled by an operand; --help does not list it either
      OptionDoc opt;
      opt.short_name = o.s;
      opt.long_name = long_name;
      opt.arg = o.is_boolean ? "" : (o.arg_help.empty() ? "ARG" : o.arg_help);
      opt.description = o.desc;
      if (o.has_default && !o.is_boolean) opt.default_value = o.default_value;
      opt.value = kind_of(o, long_name);
      opt.choices = choices_of(long_name);
      doc.options.push_back(std::move(opt));
    }
  }
  out.push_back(std::move(doc));
  for (const auto& sub : cmd.subcommands) describe(path + " " + sub.name, sub, out);
}

}  // namespace

std::vector<CommandDoc> describe_commands() {
  std::vector<CommandDoc> out;
  for (const auto& c : commands()) describe(c.name, c, out);
  return out;
}

const char* gen_version() { return GEN_VERSION; }

}  // namespace gen::cli
