#include "pipeline/engine_renderer.h"

#include "template/environment.h"

namespace gen::pipeline {

namespace {

// Adapts tmpl::Environment (one context per render) to per-file locals
// without copying the whole context for every file: the context is copied
// once, and each file's locals are set on that copy before rendering and
// removed (or restored) after, so a 10,000-module project stays linear.
class EngineRenderer : public render::TemplateRenderer {
 public:
  explicit EngineRenderer(const std::string& templates_dir)
      : env_(tmpl::make_default_loader(templates_dir)) {}

  std::optional<std::string> render(const std::string& name, const render::Json& context,
                                    const render::Json& locals, Diagnostics& diags,
                                    SourceFiles& sources) override {
    if (source_ != &context) {
      working_ = context;
      source_ = &context;
    }
    std::vector<std::pair<std::string, std::optional<render::Json>>> saved;
    for (const auto& [key, value] : locals.items()) {
      auto it = working_.find(key);
      saved.emplace_back(key, it == working_.end() ? std::nullopt
                                                   : std::optional<render::Json>(std::move(*it)));
      working_[key] = value;
    }
    std::optional<std::string> out;
    try {
      out = env_.render(name, working_);
    } catch (const tmpl::TemplateError& e) {
      e.add_source(sources);
      diags.add(e.to_diagnostic());
    }
    for (auto& [key, value] : saved) {
      if (value) working_[key] = std::move(*value);
      else working_.erase(key);
    }
    return out;
  }

 private:
  tmpl::Environment env_;
  const render::Json* source_ = nullptr;
  render::Json working_;
};

}  // namespace

std::unique_ptr<render::TemplateRenderer> make_engine_renderer(const std::string& templates_dir) {
  return std::make_unique<EngineRenderer>(templates_dir);
}

}  // namespace gen::pipeline
