// The render stage's TemplateRenderer backed by gen's template engine: the
// built-in templates compiled into the binary, overridden file by file from
// `templates_dir` when given (same relative paths).
#pragma once

#include <memory>
#include <string>

#include "render/template_renderer.h"

namespace gen::pipeline {

std::unique_ptr<render::TemplateRenderer> make_engine_renderer(const std::string& templates_dir);

}  // namespace gen::pipeline
