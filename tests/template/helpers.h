// Shared helpers for the template engine tests: render a template from
// memory, and capture the error it raises.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "diagnostics/render.h"
#include "template/environment.h"

namespace gen::tmpl::testing {

inline Environment make_env(std::map<std::string, std::string> files = {}, Limits limits = {}) {
  return Environment(std::make_shared<MemoryLoader>(std::move(files)), limits);
}

// Renders `source` as template "t.j2" (other templates from `files`).
inline std::string render(const std::string& source, const Json& context = Json::object(),
                          std::map<std::string, std::string> files = {}) {
  files["t.j2"] = source;
  Environment env = make_env(std::move(files));
  return env.render("t.j2", context);
}

// The error rendering `source` raises, as gen prints it (human format), or
// "no error" (so a test expecting an error fails visibly).
inline std::string error_text(const std::string& source, const Json& context = Json::object(),
                              std::map<std::string, std::string> files = {}, Limits limits = {}) {
  files["t.j2"] = source;
  Environment env = make_env(std::move(files), limits);
  try {
    env.render("t.j2", context);
  } catch (const TemplateError& e) {
    SourceFiles sources;
    e.add_source(sources);
    return render_diagnostic_human(e.to_diagnostic(), sources, false);
  }
  return "no error";
}

}  // namespace gen::tmpl::testing
