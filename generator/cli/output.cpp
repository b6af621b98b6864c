#include "cli/output.h"

#include <cstdio>
#include <cxxopts.hpp>
#include <filesystem>
#include <ostream>

#include "emit/out_lock.h"
#include "emit/real_filesystem.h"
#include "emit/signal_guard.h"
#include "emit/survey.h"
#include "emit/write.h"
#include "pipeline/engine_renderer.h"
#include "pipeline/front_end.h"
#include "pipeline/generate.h"

namespace gen::cli {

void add_render_options(cxxopts::Options& options) {
  options.add_options()("out", "Output directory",
                        cxxopts::value<std::string>()->default_value("deploy"), "DIR")(
      "templates", "Directory of template overrides (same relative paths as the built-ins)",
      cxxopts::value<std::string>(),
      "DIR")("j,jobs", "Threads that render, verify and read files (default: one per CPU)",
             cxxopts::value<int>(), "N")("timings", "Print how long each phase took and the peak memory so far (to stderr)");
}

void add_output_options(cxxopts::Options& options) {
  add_render_options(options);
  options.add_options()("stdout", "Print the files instead of writing them")(
      "force", "Overwrite files that gen did not write (without gen's header line)")(
      "prune", "Delete files gen generated earlier that the spec no longer produces");
}

OutputOptions read_render_options(const cxxopts::ParseResult& result) {
  OutputOptions o;
  o.dir = result["out"].as<std::string>();
  if (result.count("templates")) o.templates_dir = result["templates"].as<std::string>();
  if (result.count("jobs")) o.jobs = result["jobs"].as<int>();
  o.timings = result.count("timings") > 0;
  return o;
}

OutputOptions read_output_options(const cxxopts::ParseResult& result) {
  OutputOptions o = read_render_options(result);
  o.to_stdout = result.count("stdout") > 0;
  o.force = result.count("force") > 0;
  o.prune = result.count("prune") > 0;
  return o;
}

namespace {

// The directory a large run's verified text may wait in (GenerateOptions::
// spill_dir): --out, or the nearest directory above it that exists, where
// --out will be made. The same filesystem as the output, which those bytes
// are written to anyway; the spill has no name there, and leaves nothing.
std::optional<std::string> spill_dir_for(const std::string& out_dir) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(out_dir.empty() ? "." : out_dir, ec);
  if (ec) return std::nullopt;
  for (; !dir.empty(); dir = dir.parent_path()) {
    if (std::filesystem::is_directory(dir, ec)) return dir.string();
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace

std::optional<FileSet> generate_files(const std::string& command,
                                              const std::vector<const pipeline::Target*>& targets,
                                              const std::string& spec_path,
                                              const CommonOptions& common, const OutputOptions& out,
                                              Io& io, Diagnostics& diags, SourceFiles& sources,
                                              int& code, PhaseTimes& times, size_t* modules) {
  if (out.jobs < 0) {
    code = usage_error(
        io, command,
        "--jobs: expected a number of threads (1 or more), got " + std::to_string(out.jobs));
    return std::nullopt;
  }
  std::error_code ec;
  if (!out.templates_dir.empty() && !std::filesystem::is_directory(out.templates_dir, ec)) {
    code = usage_error(io, command, "--templates: '" + out.templates_dir + "' is not a directory");
    return std::nullopt;
  }
  pipeline::GenerateOptions options;
  options.spec_path = spec_path;
  options.profile = common.profile;
  options.out_dir = out.dir;
  options.targets = targets;
  options.jobs = out.jobs;
  options.spill_dir = spill_dir_for(out.dir);
  options.timings = &times;
  options.modules = modules;
  auto make_renderer = [&] { return pipeline::make_engine_renderer(out.templates_dir); };
  auto files = pipeline::generate(options, make_renderer, diags, sources);
  diags.sort();
  if (!files) {
    report(diags, sources, common, io);
    code = pipeline::failed_on_io(diags) ? kExitUsage : kExitFindings;
  }
  return files;
}

void print_timings(const OutputOptions& out, const PhaseTimes& times, Io& io) {
  if (!out.timings) return;
  io.err << "gen: timings (wall clock, ms; peak memory so far, MiB)\n";
  for (const auto& t : times) {
    char ms[32];
    std::snprintf(ms, sizeof ms, "%9.1f", t.seconds * 1000);
    io.err << ms << "  " << t.name;
    // Per-target lines are recorded together once every target is done.
    if (t.peak_kib >= 0 && t.name.rfind(' ', 0) != 0) io.err << "  (" << t.peak_kib / 1024 << " MiB)";
    io.err << "\n";
  }
}

namespace {

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string summary(const emit::WriteResult& r, const std::string& dir) {
  std::string text = "gen: " + dir + ": " + plural(r.created + r.updated, "file") + " written, " +
                     std::to_string(r.unchanged) + " unchanged";
  if (r.pruned > 0)
    text += ", " + plural(r.pruned, "stale file") + " deleted";
  else if (r.stale > 0)
    text += ", " + plural(r.stale, "stale file") + " kept (--prune deletes)";
  return text + "\n";
}

}  // namespace

bool lock_out(emit::OutLock& lock, emit::LockMode mode, const std::string& dir, Io& io,
              const std::function<bool()>& interrupted) {
  std::string root = emit::out_root(dir);
  auto waiting = [&] {
    io.err << "gen: another gen run is using " << root << "; waiting for it to finish (up to "
           << emit::kOutLockTimeoutMs / 1000 << " s)\n";
    io.err.flush();
  };
  switch (lock.acquire(root, mode, emit::kOutLockTimeoutMs, waiting, interrupted)) {
    case emit::LockOutcome::Locked:
      return true;
    case emit::LockOutcome::Unlocked:
      if (!lock.problem().empty()) io.err << "gen: warning: " << lock.problem() << "\n";
      return true;
    case emit::LockOutcome::TimedOut:
      io.err << "gen: error: " << lock.problem() << "\n";
      return false;
    case emit::LockOutcome::Interrupted:
      io.err << "gen: interrupted while waiting for " << root << "; nothing was done\n";
      return false;
  }
  return false;
}

int write_outputs(const FileSet& files, const OutputOptions& options,
                  const CommonOptions& common, Io& io, Diagnostics& diags,
                  const SourceFiles& sources) {
  if (options.to_stdout) {
    int status = report(diags, sources, common, io);
    std::string buffer;
    for (const auto& [path, file] : files)
      io.out << "==> " << emit::display_path(options.dir, path) << " <==\n" << text_of(file, buffer);
    return status;
  }
  if (options.prune && !options.complete) {
    io.err << "gen: error: --prune needs every target (gen all): a single target cannot tell "
              "which of the other targets' files are stale\n";
    return kExitUsage;
  }

  emit::RealFileSystem fs;
  emit::WriteOptions write;
  write.force = options.force;
  write.prune = options.prune;
  write.complete = options.complete;
  write.jobs = options.jobs;
  emit::WriteResult result;
  {
    // While held, SIGINT/SIGTERM/SIGHUP only make the writer undo and stop;
    // when the guard ends, a waiting signal ends gen as usual.
    emit::SignalGuard guard;
    write.interrupted = [&guard] { return guard.interrupted(); };
    // Inside the guard: released (and an --out it made and left empty
    // removed) before a signal that came meanwhile ends gen.
    emit::OutLock lock;
    if (!lock_out(lock, emit::LockMode::Exclusive, options.dir, io, write.interrupted))
      return kExitUsage;
    result = emit::write_output(fs, options.dir, files, write, diags);
    if (result.outcome == emit::WriteOutcome::Written) lock.keep_made_dirs();
  }
  int status = report(diags, sources, common, io);
  switch (result.outcome) {
    case emit::WriteOutcome::Written:
      if (common.format == DiagnosticFormat::Human)
        io.out << summary(result, emit::out_root(options.dir));
      return status;
    case emit::WriteOutcome::Refused:
      return kExitFindings;
    case emit::WriteOutcome::Failed:
      return kExitUsage;
    case emit::WriteOutcome::Interrupted:
      io.err << "gen: interrupted; nothing was written\n";
      return kExitUsage;
  }
  return kExitUsage;
}

}  // namespace gen::cli
