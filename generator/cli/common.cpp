#include <cxxopts.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "cli/command.h"
#include "pipeline/engine_renderer.h"
#include "pipeline/generate.h"
#include "pipeline/targets.h"

namespace gen::cli {

namespace fs = std::filesystem;

const Command* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (name == c.name) return &c;
  return nullptr;
}

const Command& command_at(const std::string& path) {
  const std::vector<Command>* level = &commands();
  const Command* found = nullptr;
  size_t begin = 0;
  while (begin <= path.size()) {
    size_t end = path.find(' ', begin);
    if (end == std::string::npos) end = path.size();
    std::string word = path.substr(begin, end - begin);
    found = nullptr;
    for (const auto& c : *level)
      if (word == c.name) found = &c;
    if (!found) throw std::logic_error("no command '" + path + "' in registry.cpp");
    level = &found->subcommands;
    begin = end + 1;
  }
  return *found;
}

cxxopts::Options command_options(const std::string& path) {
  const Command& cmd = command_at(path);
  cxxopts::Options options("gen " + path, cmd.description);
  if (cmd.declare) cmd.declare(options);
  if (!cmd.positional.empty()) options.parse_positional(cmd.positional);
  if (*cmd.operands) options.positional_help(cmd.operands);
  options.add_options()("h,help", "Show this help");
  return options;
}

void add_spec_options(cxxopts::Options& options) {
  options.add_options()("spec", "Spec file (default: ./gen.yaml, else the only file in ./specs/)",
                        cxxopts::value<std::string>(), "FILE")(
      "profile", "Profile overlay to apply (e.g. local, prod)", cxxopts::value<std::string>(),
      "NAME");
}

void add_diagnostics_option(cxxopts::Options& options) {
  options.add_options()("diagnostics", "Diagnostic format: human, json or github",
                        cxxopts::value<std::string>()->default_value("human"), "FORMAT");
}

bool parse_args(cxxopts::Options& options, const std::vector<std::string>& args, Io& io,
                cxxopts::ParseResult& result, int& exit_code) {
  std::vector<std::string> storage{options.program()};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : storage) argv.push_back(s.data());
  try {
    result = options.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const cxxopts::exceptions::exception& e) {
    io.err << options.program() << ": error: " << e.what() << "\n"
           << "Try '" << options.program() << " --help'.\n";
    exit_code = kExitUsage;
    return false;
  }
  if (result.count("help")) {
    io.out << options.help();
    exit_code = kExitOk;
    return false;
  }
  return true;
}

bool read_common(const cxxopts::ParseResult& result, Io& io, CommonOptions& common) {
  if (result.count("spec")) common.spec = result["spec"].as<std::string>();
  if (result.count("profile")) common.profile = result["profile"].as<std::string>();
  std::string fmt = "human";
  try {
    fmt = result["diagnostics"].as<std::string>();
  } catch (const cxxopts::exceptions::exception&) {
    return true;  // command has no --diagnostics option
  }
  if (fmt == "human") common.format = DiagnosticFormat::Human;
  else if (fmt == "json") common.format = DiagnosticFormat::Json;
  else if (fmt == "github") common.format = DiagnosticFormat::Github;
  else {
    io.err << "gen: error: --diagnostics must be human, json or github (got '" << fmt << "')\n";
    return false;
  }
  return true;
}

std::string discover_spec(const std::string& given, Io& io) {
  if (!given.empty()) return given;
  std::error_code ec;
  if (fs::is_regular_file("gen.yaml", ec)) return "gen.yaml";
  std::vector<std::string> found;
  if (fs::is_directory("specs", ec)) {
    for (const auto& entry : fs::directory_iterator("specs", ec)) {
      auto ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
        found.push_back(entry.path().generic_string());
    }
  }
  if (found.size() == 1) return found.front();
  if (found.empty())
    io.err << "gen: error: no spec given: pass --spec FILE, or create ./gen.yaml (gen init)\n";
  else
    io.err << "gen: error: no spec given and specs/ holds " << found.size()
           << " files: pass --spec FILE\n";
  return "";
}

int report(const Diagnostics& diags, const SourceFiles& sources, const CommonOptions& common,
           Io& io) {
  RenderOptions ro;
  ro.format = common.format;
  ro.color = common.format == DiagnosticFormat::Human && io.err_is_terminal && !io.no_color;
  if (!diags.empty() || common.format == DiagnosticFormat::Json)
    io.err << render_diagnostics(diags, sources, ro);
  return diags.has_errors() ? kExitFindings : kExitOk;
}

int usage_error(Io& io, const std::string& command, const std::string& message) {
  io.err << "gen " << command << ": error: " << message << "\n";
  return kExitUsage;
}

int write_spec_file(Io& io, const std::string& command, const std::string& path,
                    const std::string& text, bool overwrite) {
  std::string dir = std::filesystem::path(path).parent_path().string();
  std::string tmp = (dir.empty() ? std::string(".") : dir) + "/.gen-write-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return usage_error(io, command, "cannot create " + path + ": " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return usage_error(io, command, what + " " + path + ": " + why);
  };
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail("cannot write");
    }
    done += static_cast<size_t>(n);
  }
  // mkstemp makes 0600; the spec gets what open(path, 0644) would give.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0644 & ~mask) != 0 || ::fsync(fd) != 0) {
    ::close(fd);
    return fail("cannot write");
  }
  if (::close(fd) != 0) return fail("cannot write");
  if (overwrite) {
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot write");
    return kExitOk;
  }
  // link() fails when `path` exists: the O_EXCL of a finished file.
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    if (errno == EEXIST) {
      ::unlink(tmp.c_str());
      return usage_error(io, command, path + " already exists; not overwriting it");
    }
    return fail("cannot create");
  }
  ::unlink(tmp.c_str());
  return kExitOk;
}

bool spec_text_validates(const std::string& spec_path, const std::string& text,
                         Diagnostics& diags, SourceFiles& sources) {
  pipeline::GenerateOptions options;
  options.spec_path = spec_path;
  options.spec_text = text;
  options.out_dir = (std::filesystem::path(spec_path).parent_path() / "deploy").generic_string();
  for (const auto& t : pipeline::targets()) options.targets.push_back(&t);
  options.jobs = 1;
  auto files = pipeline::generate(
      options, [] { return pipeline::make_engine_renderer(""); }, diags, sources);
  return files.has_value() && !diags.has_errors();
}

}  // namespace gen::cli
