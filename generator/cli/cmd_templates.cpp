// gen templates list | export DIR: shows the built-in templates and copies
// them out, so an organisation can start its overrides (`--templates DIR`
// then uses a file there instead of the built-in with the same path).
#include <cxxopts.hpp>

#include <filesystem>
#include <fstream>
#include <ostream>

#include "cli/command.h"
#include "template/loader.h"

namespace gen::cli {
namespace {

namespace fs = std::filesystem;

}  // namespace

void declare_templates_list(cxxopts::Options& options) {
  options.add_options()("templates", "Directory whose templates override the built-in ones",
                        cxxopts::value<std::string>(), "DIR");
}

int run_templates_list(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("templates list");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  tmpl::BuiltinLoader builtin;
  if (!result.count("templates")) {
    for (const auto& name : builtin.list()) io.out << name << "\n";
    return kExitOk;
  }
  std::string dir = result["templates"].as<std::string>();
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return usage_error(io, "templates", "--templates: '" + dir + "' is not a directory");
  auto loader = tmpl::make_default_loader(dir);
  for (const auto& name : loader->list()) {
    auto src = loader->load(name);
    io.out << name << "\t" << (src->file.rfind("builtin:", 0) == 0 ? "builtin" : src->file) << "\n";
  }
  return kExitOk;
}

namespace {

bool selected(const std::string& name, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  for (const auto& w : wanted) {
    std::string folder = w.back() == '/' ? w : w + "/";
    if (name == w || name.rfind(folder, 0) == 0) return true;
  }
  return false;
}

}  // namespace

void declare_templates_export(cxxopts::Options& options) {
  options.add_options()("dir", "Target directory", cxxopts::value<std::string>())(
      "names", "Templates or folders to export (default: all)",
      cxxopts::value<std::vector<std::string>>());
}

int run_templates_export(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("templates export");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  if (!result.count("dir")) return usage_error(io, "templates", "export needs a target DIR");
  fs::path dir = result["dir"].as<std::string>();
  std::vector<std::string> wanted;
  if (result.count("names")) wanted = result["names"].as<std::vector<std::string>>();

  tmpl::BuiltinLoader builtin;
  std::vector<std::string> names;
  for (const auto& name : builtin.list())
    if (selected(name, wanted)) names.push_back(name);
  for (const auto& w : wanted) {
    bool matched = false;
    for (const auto& n : names) matched = matched || selected(n, {w});
    if (!matched) return usage_error(io, "templates", "no built-in template or folder '" + w + "'");
  }
  // Check everything first: either all files are written or none.
  std::error_code ec;
  for (const auto& name : names) {
    fs::path target = dir / name;
    if (fs::exists(fs::symlink_status(target, ec)))
      return usage_error(io, "templates", "refusing to overwrite '" + target.generic_string() +
                                              "' (export into an empty directory)");
  }
  for (const auto& name : names) {
    fs::path target = dir / name;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return usage_error(io, "templates", "cannot create '" + target.parent_path().generic_string() + "': " + ec.message());
    fs::path tmp = target;
    tmp += ".gen-tmp";
    {
      std::ofstream out(tmp, std::ios::binary);
      auto src = builtin.load(name);
      out << src->text;
      if (!out) return usage_error(io, "templates", "cannot write '" + tmp.generic_string() + "'");
    }
    fs::rename(tmp, target, ec);
    if (ec) return usage_error(io, "templates", "cannot write '" + target.generic_string() + "': " + ec.message());
    io.out << target.generic_string() << "\n";
  }
  return kExitOk;
}

namespace {

// The usage of `gen templates` from the registry's subcommands.
std::string usage() {
  const Command& cmd = command_at("templates");
  std::string text;
  for (const auto& sub : cmd.subcommands) {
    text += text.empty() ? "Usage: " : "       ";
    text += std::string("gen templates ") + sub.name + " [OPTION...]";
    if (*sub.operands) text += std::string(" ") + sub.operands;
    text += "\n";
  }
  text += "\n";
  for (const auto& sub : cmd.subcommands) {
    std::string name = sub.name;
    name.resize(8, ' ');
    text += "  " + name + sub.summary + "\n";
  }
  return text + "\n(gen templates <command> --help for its options)\n";
}

}  // namespace

int run_templates(const std::vector<std::string>& args, Io& io) {
  const std::string text = usage();
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? io.err : io.out) << text;
    return args.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  for (const auto& sub : command_at("templates").subcommands)
    if (args[0] == sub.name) return sub.run(rest, io);
  io.err << "gen templates: error: unknown subcommand '" << args[0] << "'\n" << text;
  return kExitUsage;
}

}  // namespace gen::cli
