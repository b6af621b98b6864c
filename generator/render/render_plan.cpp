#include "render/render_plan.h"

namespace gen::render {

std::optional<FileSet> render_plan(const Plan& plan, const Json& context,
                                   TemplateRenderer& renderer, Diagnostics& diags,
                                   SourceFiles& sources, HeldText* held) {
  FileSet files;
  bool failed = false;
  for (const auto& planned : plan) {
    if (files.count(planned.path)) {
      diags.error("render-conflict", SourceLocation{planned.template_name, 0, 0},
                  "two templates would write '" + planned.path + "'")
          .notes.push_back("the first was " + files[planned.path].template_name);
      failed = true;
      continue;
    }
    std::optional<HeldText::Writer> writer;
    if (held) writer.emplace(*held);
    auto text = renderer.render(planned.template_name, context, planned.locals, diags, sources,
                                writer ? &*writer : nullptr);
    if (!text) {
      failed = true;
      continue;
    }
    OutputFile file({}, planned.template_name);
    if (!writer) {
      shed_slack(*text);
      file.content = std::move(*text);
    } else if (std::string error; !writer->give(file, error)) {
      diags.error("output-spill", SourceLocation{planned.template_name, 0, 0},
                  "'" + planned.path + "': " + error);
      failed = true;
      continue;
    }
    files.emplace(planned.path, std::move(file));
  }
  if (failed) return std::nullopt;
  return files;
}

}  // namespace gen::render
