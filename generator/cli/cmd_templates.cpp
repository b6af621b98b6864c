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

const char* kUsage =
    "Usage: gen templates list [--templates DIR]\n"
    "       gen templates export DIR [NAME...]\n"
    "\n"
    "  list    Print the built-in template names, one per line. With --templates DIR,\n"
    "          also the templates DIR adds, each followed by a tab and where it comes\n"
    "          from (builtin, or the overriding file).\n"
    "  export  Copy the built-in templates (or only those named, or under a named\n"
    "          folder) into DIR by the same relative paths, to start overriding them.\n"
    "          Refuses to overwrite existing files: nothing is written then.\n";

int run_list(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options("gen templates list", "Print the built-in template names.");
  options.add_options()("templates", "Directory whose templates override the built-in ones",
                        cxxopts::value<std::string>(), "DIR");
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

bool selected(const std::string& name, const std::vector<std::string>& wanted) {
  if (wanted.empty()) return true;
  for (const auto& w : wanted) {
    std::string folder = w.back() == '/' ? w : w + "/";
    if (name == w || name.rfind(folder, 0) == 0) return true;
  }
  return false;
}

int run_export(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options("gen templates export",
                           "Copy built-in templates into DIR (never overwriting a file).");
  options.add_options()("dir", "Target directory", cxxopts::value<std::string>())(
      "names", "Templates or folders to export (default: all)",
      cxxopts::value<std::vector<std::string>>());
  options.parse_positional({"dir", "names"});
  options.positional_help("DIR [NAME...]");
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

}  // namespace

int run_templates(const std::vector<std::string>& args, Io& io) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    (args.empty() ? io.err : io.out) << kUsage;
    return args.empty() ? kExitUsage : kExitOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "list") return run_list(rest, io);
  if (args[0] == "export") return run_export(rest, io);
  io.err << "gen templates: error: unknown subcommand '" << args[0] << "'\n" << kUsage;
  return kExitUsage;
}

}  // namespace gen::cli
