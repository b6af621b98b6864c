// Renders a plan into a FileSet. Reports every failing file (not only the
// first), and refuses two planned files with the same path.
#pragma once

#include <optional>

#include "diagnostics/diagnostic.h"
#include "util/file_set.h"
#include "render/plan.h"
#include "render/template_renderer.h"

namespace gen::render {

std::optional<FileSet> render_plan(const Plan& plan, const Json& context,
                                   TemplateRenderer& renderer, Diagnostics& diags,
                                   SourceFiles& sources);

}  // namespace gen::render
