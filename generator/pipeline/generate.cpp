#include "pipeline/generate.h"

#include <filesystem>

#include "pipeline/config_files.h"
#include "pipeline/front_end.h"
#include "render/render_plan.h"

namespace gen::pipeline {

namespace fs = std::filesystem;

void add_output_paths(nlohmann::ordered_json& context, const std::string& spec_path,
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
  context["paths"] = {{"spec_dir", spec_dir_from_out},
                      {"out_dir", text_of(out_abs.lexically_relative(spec_abs))}};
  // Headers name the spec as seen from the output root, not as typed: the
  // same tree from any working directory, so `gen check` run from elsewhere
  // than `gen all` finds no drift.
  std::string name = fs::path(spec_path).filename().generic_string();
  context["spec_file"] =
      spec_dir_from_out == "." ? name : spec_dir_from_out + "/" + name;
}

std::optional<render::FileSet> generate(const GenerateOptions& options,
                                        render::TemplateRenderer& renderer, Diagnostics& diags,
                                        SourceFiles& sources) {
  auto front = run_front_end(options.spec_path, options.profile, diags, sources);
  if (!front) return std::nullopt;
  add_output_paths(front->context, options.spec_path, options.out_dir);
  add_config_files(front->context, options.spec_path);  // k8s ConfigMaps carry them

  render::Plan plan;
  for (const Target* t : options.targets) {
    auto part = t->plan(front->context);
    plan.insert(plan.end(), std::make_move_iterator(part.begin()),
                std::make_move_iterator(part.end()));
  }
  Diagnostics render_diags;
  auto files = render::render_plan(plan, front->context, renderer, render_diags, sources);
  diags.append(render_diags);
  if (!files) return std::nullopt;

  // Verifiers point into the rendered artifacts; keep their text so the
  // diagnostics show the offending line.
  for (const auto& [path, file] : *files) sources.add(path, file.content);
  Diagnostics verify_diags;
  for (const Target* t : options.targets) t->verify(*files, front->context, verify_diags);
  verify_diags.sort();
  diags.append(verify_diags);
  if (verify_diags.has_errors()) return std::nullopt;
  return files;
}

}  // namespace gen::pipeline
