#include "pipeline/front_end.h"

#include "check/check.h"
#include "check/own_dockerfile.h"
#include "load/load_spec.h"
#include "resolve/resolve.h"
#include "util/release_memory.h"

namespace gen::pipeline {

std::optional<spec::Spec> load_and_check(const std::string& path, Diagnostics& diags,
                                         SourceFiles& sources, int jobs,
                                         const std::optional<std::string>& text) {
  std::optional<spec::Spec> spec = text ? load::load_spec_from_string(path, *text, diags, sources, jobs)
                                        : load::load_spec(path, diags, sources, jobs);
  if (!spec || diags.has_errors()) return std::nullopt;
  Diagnostics found;
  check::check_spec(*spec, found);
  // Findings in a module's own Dockerfile show its line like the spec's.
  for (const auto& m : spec->modules)
    if (auto df = check::read_own_dockerfile(*spec, m); df && !df->unreadable && !sources.has(df->shown))
      sources.add(df->shown, std::move(df->text));
  diags.append(found);
  if (found.has_errors()) return std::nullopt;
  return spec;
}

std::optional<FrontEnd> run_front_end(const std::string& path, const std::string& profile,
                                      Diagnostics& diags, SourceFiles& sources, int jobs,
                                      const std::optional<std::string>& text) {
  std::optional<spec::Spec> spec = load_and_check(path, diags, sources, jobs, text);
  if (!spec) return std::nullopt;
  release_free_memory();  // the YAML tree the spec was read from
  Diagnostics resolved;
  std::optional<model::Project> project = resolve::resolve(*spec, profile, resolved, jobs);
  diags.append(resolved);
  if (!project || resolved.has_errors()) return std::nullopt;
  return FrontEnd{std::move(*spec), std::move(*project)};
}

bool failed_on_io(const Diagnostics& diags) { return load::is_io_error(diags); }

}  // namespace gen::pipeline
