// What the render stage needs from a template engine: render one template
// with the shared context plus a few per-file names. Keeping this interface
// small lets render and its tests stay independent of the engine's internals.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "diagnostics/diagnostic.h"
#include "diagnostics/source_files.h"
#include "render/plan.h"
#include "util/text_sink.h"

namespace gen::render {

class TemplateRenderer {
 public:
  virtual ~TemplateRenderer() = default;
  // Renders template `name` with every key of `context` and of `locals`
  // visible as variables (a local shadows a context key). On error, appends
  // positioned diagnostics (template file, line, column), records the
  // template text in `sources` for the caret, and returns nullopt. With a
  // `sink`, the text goes there as it is made and what is returned is empty.
  virtual std::optional<std::string> render(const std::string& name, const Json& context,
                                            const std::vector<Local>& locals, Diagnostics& diags,
                                            SourceFiles& sources, TextSink* sink) = 0;
};

}  // namespace gen::render
