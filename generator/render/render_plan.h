// Renders a plan into a FileSet. Reports every failing file (not only the
// first), and refuses two planned files with the same path.
#pragma once

#include <memory>
#include <optional>

#include "diagnostics/diagnostic.h"
#include "util/file_set.h"
#include "util/held_text.h"
#include "render/plan.h"
#include "render/template_renderer.h"

namespace gen::render {

// Renders each file's text into `held` (util/held_text.h: in memory up to a
// budget, then on disk); without it, every file's text stays in memory.
std::optional<FileSet> render_plan(const Plan& plan, const Json& context,
                                   TemplateRenderer& renderer, Diagnostics& diags,
                                   SourceFiles& sources, HeldText* held = nullptr);

}  // namespace gen::render
