#include "pipeline/generate.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <mutex>

#include "context/context.h"
#include "emit/survey.h"
#include "pipeline/config_files.h"
#include "pipeline/front_end.h"
#include "render/render_plan.h"
#include "util/parallel.h"
#include "util/release_memory.h"
#include "util/held_text.h"

namespace gen::pipeline {

namespace fs = std::filesystem;

void add_output_paths(model::Project& project, const std::string& spec_path,
                      const std::string& out_dir) {
  std::error_code ec;
  fs::path spec_dir = fs::path(spec_path).parent_path();
  if (spec_dir.empty()) spec_dir = ".";
  // weakly_canonical resolves both against the working directory, so the
  // relative result is the same from wherever gen runs.
  // (absolute first: weakly_canonical leaves a relative path none of whose
  // components exist yet, e.g. a first run's --out, relative.)
  fs::path spec_abs = fs::weakly_canonical(fs::absolute(spec_dir, ec), ec);
  fs::path out_abs = fs::weakly_canonical(
      fs::absolute(out_dir.empty() ? fs::path(".") : fs::path(out_dir), ec), ec);
  auto text_of = [](const fs::path& rel) {
    std::string text = rel.generic_string();
    return text.empty() ? std::string(".") : text;
  };
  // out_dir, the reverse direction, lets a file in a build context (found
  // from the spec's dir) name a generated file: compose's build.dockerfile.
  std::string spec_dir_from_out = text_of(spec_abs.lexically_relative(out_abs));
  project.paths = model::Paths{spec_dir_from_out, text_of(out_abs.lexically_relative(spec_abs))};
  // Headers name the spec as seen from the output root, not as typed: the
  // same tree from any working directory, so `gen check` run from elsewhere
  // than `gen all` finds no drift.
  std::string name = fs::path(spec_path).filename().generic_string();
  project.spec_file = spec_dir_from_out == "." ? name : spec_dir_from_out + "/" + name;
}

namespace {

// One target's plan -> render -> verify, with what it reports.
struct TargetRun {
  std::optional<FileSet> files;
  Diagnostics render_diags;
  Diagnostics verify_diags;
  SourceFiles sources;  // template texts of render errors
  std::exception_ptr crash;
  double plan_s = 0, render_s = 0, verify_s = 0;
};

void run_target(const Target& target, const render::SharedModels& models,
                render::TemplateRenderer& renderer, HeldText& held, TargetRun& run) {
  const nlohmann::ordered_json& context = models.context();
  try {
    Stopwatch watch;
    render::Plan plan = target.plan(models);
    run.plan_s = watch.lap();
    run.files = render::render_plan(plan, context, renderer, run.render_diags, run.sources, &held);
    plan = render::Plan();  // its target model is done with: not held through verify
    run.render_s = watch.lap();
    if (run.files) target.verify(*run.files, models, run.verify_diags);
    release_free_memory();  // the target's model and the trees verify read are gone
    run.verify_s = watch.lap();
  } catch (...) {
    run.crash = std::current_exception();
  }
}

// Runs every target, `threads` at a time, each thread with its own renderer.
// Targets are taken in the order given; the caller's order decides balance.
void run_targets(const std::vector<const Target*>& order, const render::SharedModels& models,
                 const RendererFactory& make_renderer, int threads, HeldText& held,
                 std::vector<TargetRun>& runs) {
  std::vector<std::unique_ptr<render::TemplateRenderer>> renderers(static_cast<size_t>(threads));
  parallel_for(order.size(), threads, [&](size_t i, int thread) {
    auto& renderer = renderers[static_cast<size_t>(thread)];
    try {
      if (!renderer) renderer = make_renderer();
    } catch (...) {  // rethrown by generate, in target order
      runs[i].crash = std::current_exception();
      return;
    }
    run_target(*order[i], models, *renderer, held, runs[i]);
  });
}

}  // namespace

std::optional<FileSet> generate(const GenerateOptions& options,
                                        const RendererFactory& make_renderer, Diagnostics& diags,
                                        SourceFiles& sources) {
  Stopwatch watch;
  // Largest first, so that the small ones fill the threads at the end
  // (longest-processing-time scheduling; Target::cost).
  std::vector<const Target*> order = options.targets;
  std::stable_sort(order.begin(), order.end(),
                   [](const Target* a, const Target* b) { return a->cost > b->cost; });
  std::vector<TargetRun> runs(order.size());
  int threads = thread_count(options.jobs, order.size());
  if (options.spilled_files) *options.spilled_files = 0;
  HeldText held(options.spill_dir, options.spill_above);
  {
    // The run owns the project, its context and the shared models, as
    // locals of this block, gone once the targets are done: the spec (its
    // positions are in `sources`) is released as soon as it is resolved,
    // each plan as soon as it is rendered (run_target).
    model::Project project;
    {
      auto front_end = run_front_end(options.spec_path, options.profile, diags, sources,
                                     options.jobs, options.spec_text);
      if (!front_end) return std::nullopt;
      project = std::move(front_end->project);
    }
    release_free_memory();  // the spec and what checking and resolving it took
    if (options.modules) *options.modules = project.modules.size();
    add_output_paths(project, options.spec_path, options.out_dir);
    add_config_files(project, options.spec_path);  // k8s ConfigMaps carry them
    const context::ModuleViews module_views(project);
    const nlohmann::ordered_json context = context::to_json(project, &module_views);
    if (options.timings) options.timings->push_back({"load, check, resolve", watch.lap()});

    const render::SharedModels models(project, context);
    run_targets(order, models, make_renderer, threads, held, runs);
  }
  release_free_memory();  // the project, its context and models
  if (options.timings) {
    options.timings->push_back(
        {"targets (" + std::to_string(threads) + " thread" + (threads == 1 ? ")" : "s)"),
         watch.lap()});
    for (size_t i = 0; i < order.size(); ++i) {
      std::string name = std::string("  ") + order[i]->name + ": ";
      options.timings->push_back({name + "plan", runs[i].plan_s});
      options.timings->push_back({name + "render", runs[i].render_s});
      options.timings->push_back({name + "verify", runs[i].verify_s});
    }
  }

  // Merge in the caller's target order, whatever order they ran in.
  FileSet files;
  Diagnostics verify_diags;
  bool failed = false;
  size_t total_bytes = 0;
  bool total_reported = false;
  for (const Target* t : options.targets) {
    auto at = std::find(order.begin(), order.end(), t) - order.begin();
    TargetRun& run = runs[static_cast<size_t>(at)];
    if (run.crash) std::rethrow_exception(run.crash);
    diags.append(run.render_diags);
    verify_diags.append(run.verify_diags);
    sources.merge(std::move(run.sources));
    if (!run.files) {
      failed = true;
      continue;
    }
    if (options.spilled_files)
      for (const auto& entry : *run.files) *options.spilled_files += entry.second.spill ? 1 : 0;
    for (auto& [path, file] : *run.files) {
      if (files.count(path)) {
        diags
            .error("render-conflict", SourceLocation{file.template_name, 0, 0},
                   "two templates would write '" + path + "'")
            .notes.push_back("the first was " + files[path].template_name);
        failed = true;
        continue;
      }
      // An override template must not fill the disk (issue 22, case 14):
      // the limits are far above anything gen's own templates write.
      const size_t size = size_of(file);
      total_bytes += size;
      if (size > kMaxOutputFileBytes) {
        diags
            .error("output-size", SourceLocation{file.template_name, 0, 0},
                   "'" + path + "' would be " + std::to_string(size) + " bytes; one output " +
                       "file may be at most " + std::to_string(kMaxOutputFileBytes >> 20) + " MiB")
            .help = "a template that writes that much is broken or hostile";
        failed = true;
      } else if (total_bytes > kMaxOutputBytes && !total_reported) {
        diags
            .error("output-size", SourceLocation{file.template_name, 0, 0},
                   "with '" + path + "' the outputs would be " + std::to_string(total_bytes) +
                       " bytes; all of them together may be at most " +
                       std::to_string(kMaxOutputBytes >> 20) + " MiB")
            .help = "a template that writes that much is broken or hostile";
        total_reported = true;
        failed = true;
      }
      files.emplace(path, std::move(file));
    }
  }
  verify_diags.sort();
  diags.append(verify_diags);
  // Verifiers point into the rendered artifacts: keep the text of those
  // they name (once each: many findings may point into one file), so the
  // diagnostics show the offending line.
  for (const auto& d : verify_diags.items()) {
    auto it = files.find(d.range.begin.file);
    if (it == files.end() || sources.has(it->first)) continue;
    std::string buffer, error;
    if (const std::string* text = try_text_of(it->second, buffer, error))
      sources.add(it->first, *text);
  }
  if (options.timings) options.timings->push_back({"merge", watch.lap()});
  if (failed || verify_diags.has_errors()) return std::nullopt;
  return files;
}

}  // namespace gen::pipeline
