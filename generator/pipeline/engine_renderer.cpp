#include "pipeline/engine_renderer.h"

#include "template/environment.h"

namespace gen::pipeline {

namespace {

// Adapts tmpl::Environment to the render stage. The engine layers a file's
// locals over the shared context without copying either, so rendering N
// files costs O(N), not O(N * context size).
class EngineRenderer : public render::TemplateRenderer {
 public:
  explicit EngineRenderer(const std::string& templates_dir)
      : env_(tmpl::make_default_loader(templates_dir)) {
    env_.set_lint(true);  // every template gen renders escapes every value for its format
  }

  std::optional<std::string> render(const std::string& name, const render::Json& context,
                                    const std::vector<render::Local>& locals, Diagnostics& diags,
                                    SourceFiles& sources, TextSink* sink) override {
    std::vector<tmpl::Local> bound;
    bound.reserve(locals.size());
    for (const auto& l : locals) bound.push_back(tmpl::Local{l.name, l.value.get()});
    try {
      if (!sink) return env_.render(name, context, bound);
      env_.render_to(name, context, bound, *sink);
      return std::string();
    } catch (const tmpl::TemplateError& e) {
      e.add_source(sources);
      diags.add(e.to_diagnostic());
      return std::nullopt;
    }
  }

 private:
  tmpl::Environment env_;
};

}  // namespace

std::unique_ptr<render::TemplateRenderer> make_engine_renderer(const std::string& templates_dir) {
  return std::make_unique<EngineRenderer>(templates_dir);
}

}  // namespace gen::pipeline
