// The whole pipeline in memory: load -> check -> resolve -> render -> verify.
// Returns the files to write (emit is the caller's job), or nullopt after the
// first stage that reported an error. Nothing here touches the output tree.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "model/project.h"
#include "pipeline/targets.h"
#include "util/file_set.h"
#include "render/template_renderer.h"
#include "util/stopwatch.h"

namespace gen::pipeline {

// Output size limits (docs/architecture.md, "Guarantees"): generation fails
// with rule output-size, naming the file, before anything is written.
inline constexpr size_t kMaxOutputFileBytes = size_t{64} << 20;  // one file: 64 MiB
inline constexpr size_t kMaxOutputBytes = size_t{256} << 20;     // all files: 256 MiB
// Rendered text held in memory before the rest is spilled (GenerateOptions).
inline constexpr size_t kSpillAboveBytes = size_t{16} << 20;

struct GenerateOptions {
  std::string spec_path;
  // The spec's text when it is not on disk yet (gen import validates what it
  // is about to write); positions and relative paths still use spec_path.
  std::optional<std::string> spec_text;
  std::string profile;                  // "" = none
  std::string out_dir = "deploy";       // only used to relate paths (spec dir from out)
  std::vector<const Target*> targets;   // in registry order
  int jobs = 0;                         // threads for the targets; 0 = one per CPU
  // Where rendered text may wait for the rest of the run (util/text_spill.h):
  // an existing directory on the output's filesystem; none: in memory. Text
  // is spilled only once it passes `spill_above` bytes in all, which gen's
  // small and usual projects never reach.
  std::optional<std::string> spill_dir;
  size_t spill_above = kSpillAboveBytes;
  size_t* spilled_files = nullptr;      // when set, receives how many files' text was spilled
  PhaseTimes* timings = nullptr;        // when set, receives each phase's wall time
  size_t* modules = nullptr;            // when set, receives the number of modules
};

// Makes a renderer for one thread (a template environment is single-threaded).
using RendererFactory = std::function<std::unique_ptr<render::TemplateRenderer>()>;

// Targets are independent once the context is resolved (each verifier reads
// only its own target's files), so each target's plan -> render -> verify runs
// as one unit, on up to `jobs` threads. The result does not depend on the
// number of threads: files merge into one sorted FileSet and diagnostics are
// reported in target order (verify's sorted).
std::optional<FileSet> generate(const GenerateOptions& options,
                                        const RendererFactory& make_renderer, Diagnostics& diags,
                                        SourceFiles& sources);

// Adds `paths` to the context: `spec_dir`, where the spec's directory is seen
// from the output directory, and `out_dir`, the output directory seen from
// the spec's ('/'-separated, relative), so generated files can refer to build
// contexts and config files, and build contexts to generated files, without
// absolute paths. `spec_file` becomes the spec's path seen from the output
// directory too (generated headers name it).
void add_output_paths(model::Project& project, const std::string& spec_path,
                      const std::string& out_dir);

}  // namespace gen::pipeline
