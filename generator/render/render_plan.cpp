#include "render/render_plan.h"

namespace gen::render {

std::optional<FileSet> render_plan(const Plan& plan, const Json& context,
                                   TemplateRenderer& renderer, Diagnostics& diags,
                                   SourceFiles& sources, const Rendered& rendered) {
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
    auto text = renderer.render(planned.template_name, context, planned.locals, diags, sources);
    if (!text) {
      failed = true;
      continue;
    }
    // Rendering grows the text by doubling: up to half of a large file's
    // buffer is slack, held with every other file until they are written
    // (a quarter of a large project's rendered text; bench/README.md).
    if (text->capacity() > text->size() + text->size() / 8 + 256) text->shrink_to_fit();
    OutputFile& file = files[planned.path];
    file.content = std::move(*text);
    file.template_name = planned.template_name;
    if (rendered) rendered(file);
  }
  if (failed) return std::nullopt;
  return files;
}

}  // namespace gen::render
