// Options and writing shared by the commands that produce files (gen all and
// gen <target>) and by gen check: --out, --templates, --stdout, --force,
// --prune. Writing goes through emit (generator/emit/write.h): all or
// nothing, never outside --out, never over a file gen did not write unless
// --force, unchanged files untouched, SIGINT/SIGTERM held back meanwhile,
// one gen run at a time on --out.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "emit/out_lock.h"
#include "pipeline/targets.h"
#include "util/file_set.h"
#include "util/stopwatch.h"

namespace gen::cli {

struct OutputOptions {
  std::string dir = "deploy";
  std::string templates_dir;  // "" = built-in templates only
  int jobs = 0;               // threads; 0 = one per CPU
  bool timings = false;       // print each phase's wall time to stderr
  bool to_stdout = false;
  bool force = false;  // overwrite files without gen's marker
  bool prune = false;  // delete generated files the spec no longer produces
  // Every target was rendered (gen all), so files missing from the set are
  // stale; a single target's command leaves the other targets' files alone.
  bool complete = true;
};

// --out, --templates, --jobs and --timings (what gen check needs).
void add_render_options(cxxopts::Options& options);
// --out, --templates, --stdout, --force and --prune.
void add_output_options(cxxopts::Options& options);
// What add_render_options declares, and all of add_output_options.
OutputOptions read_render_options(const cxxopts::ParseResult& result);
OutputOptions read_output_options(const cxxopts::ParseResult& result);

// Runs the whole pipeline for `targets` and the spec at `spec_path` (found by
// discover_spec) in memory (pipeline::generate) with the engine's renderer;
// `command` ("all", "check", ...) names usage errors. On failure, reports the diagnostics, sets
// `code` (1 findings, 2 unreadable input) and returns nullopt; otherwise `diags` holds the
// warnings, still to be reported.
std::optional<FileSet> generate_files(const std::string& command,
                                              const std::vector<const pipeline::Target*>& targets,
                                              const std::string& spec_path,
                                              const CommonOptions& common, const OutputOptions& out,
                                              Io& io, Diagnostics& diags, SourceFiles& sources,
                                              int& code, PhaseTimes& times, size_t* modules = nullptr);

// With --timings, prints `times` to stderr, one phase per line, in ms.
void print_timings(const OutputOptions& out, const PhaseTimes& times, Io& io);

// Takes `lock` on --out (exclusive to write, shared to read; emit/out_lock.h),
// saying on stderr that it waits while another gen run holds it. False, with
// an error printed, when the wait ran out or was interrupted; a filesystem
// that cannot lock gets a warning and true.
bool lock_out(emit::OutLock& lock, emit::LockMode mode, const std::string& dir, Io& io,
              const std::function<bool()>& interrupted = nullptr);

// Writes `files` under options.dir, or prints them (each introduced by a
// "==> path <==" line) with --stdout, then reports `diags` (the pipeline's
// warnings) together with emit's in the chosen format and, in human format,
// prints a one-line summary on stdout. Returns 0 (warnings allowed), 1 when a
// file was in the way (not gen's, a symlink out of --out, ...) so nothing
// was written, 2 when the system failed or an interrupt stopped the write
// (the tree is then as it was).
int write_outputs(const FileSet& files, const OutputOptions& options,
                  const CommonOptions& common, Io& io, Diagnostics& diags,
                  const SourceFiles& sources);

}  // namespace gen::cli
