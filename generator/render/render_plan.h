// Renders a plan into a FileSet. Reports every failing file (not only the
// first), and refuses two planned files with the same path.
#pragma once

#include <functional>
#include <optional>

#include "diagnostics/diagnostic.h"
#include "util/file_set.h"
#include "render/plan.h"
#include "render/template_renderer.h"

namespace gen::render {

// Called with each file as soon as it is rendered (the pipeline may set its
// text aside: util/file_set.h).
using Rendered = std::function<void(OutputFile&)>;

std::optional<FileSet> render_plan(const Plan& plan, const Json& context,
                                   TemplateRenderer& renderer, Diagnostics& diags,
                                   SourceFiles& sources, const Rendered& rendered = {});

}  // namespace gen::render
