// gen render TEMPLATE --context FILE.json [--templates DIR]: renders one
// template with a JSON context so template authors can try it. Prints the
// rendering to stdout (exit 0), or the positioned error to stderr and
// nothing on stdout (exit 1); unreadable files and bad usage exit 2.
#include <cxxopts.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "cli/command.h"
#include "template/environment.h"

namespace gen::cli {
namespace {

namespace fs = std::filesystem;

bool read_file(const std::string& path, std::string& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return !in.bad();
}

// Python's json module refuses deeper nesting (RecursionError); so does gen.
bool too_deep(const tmpl::Json& j, int depth) {
  if (depth > 400) return true;
  if (j.is_array() || j.is_object())
    for (const auto& item : j) if (too_deep(item, depth + 1)) return true;
  return false;
}

}  // namespace

void declare_render(cxxopts::Options& options) {
  options.add_options()("context", "JSON file with the template's variables (an object)",
                        cxxopts::value<std::string>(), "FILE.json")(
      "templates", "Directory whose templates override the built-in ones",
      cxxopts::value<std::string>(), "DIR")("template", "Template to render",
                                            cxxopts::value<std::string>());
  add_diagnostics_option(options);
}

int run_render(const std::vector<std::string>& args, Io& io) {
  cxxopts::Options options = command_options("render");
  cxxopts::ParseResult result;
  int code = kExitOk;
  if (!parse_args(options, args, io, result, code)) return code;
  CommonOptions common;
  if (!read_common(result, io, common)) return kExitUsage;
  if (!result.count("template")) return usage_error(io, "render", "missing TEMPLATE (see --help)");
  if (!result.count("context")) return usage_error(io, "render", "missing --context FILE.json");
  std::string name = result["template"].as<std::string>();
  std::string context_path = result["context"].as<std::string>();
  std::string templates_dir = result.count("templates") ? result["templates"].as<std::string>() : "";
  std::error_code ec;
  if (!templates_dir.empty() && !fs::is_directory(templates_dir, ec))
    return usage_error(io, "render", "--templates: '" + templates_dir + "' is not a directory");

  std::string context_text;
  if (!read_file(context_path, context_text))
    return usage_error(io, "render", "cannot read context file '" + context_path + "'");
  Diagnostics diags;
  SourceFiles sources;
  tmpl::Json context;
  try {
    context = tmpl::Json::parse(context_text);
  } catch (const tmpl::Json::parse_error& e) {
    // nlohmann reports a byte offset; turn it into line and column.
    size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    int line = 1, column = 1;
    for (size_t i = 0; i < offset && i < context_text.size(); ++i) {
      if (context_text[i] == '\n') line++, column = 1;
      else column++;
    }
    std::string msg = e.what();
    if (auto pos = msg.find("parse error"); pos != std::string::npos) msg = msg.substr(pos);
    sources.add(context_path, context_text);
    diags.error("context-json", {context_path, line, column}, "invalid JSON: " + msg);
    return report(diags, sources, common, io);
  }
  if (!context.is_object()) {
    diags.error("context-json", {context_path, 1, 1}, "the context must be a JSON object");
    return report(diags, sources, common, io);
  }
  if (too_deep(context, 0)) {
    diags.error("context-json", {context_path, 1, 1}, "the context is nested too deeply");
    return report(diags, sources, common, io);
  }

  tmpl::Environment env(tmpl::make_default_loader(templates_dir));
  std::string output;
  try {
    if (env.loader().load(name)) {
      output = env.render(name, context);
    } else {
      std::string text;
      if (!fs::is_regular_file(name, ec) || !read_file(name, text))
        return usage_error(io, "render", "template '" + name +
                                             "' not found (not in --templates, not built in, not a file)");
      output = env.render_string(name, text, context);
    }
  } catch (const tmpl::TemplateError& e) {
    e.add_source(sources);
    diags.add(e.to_diagnostic());
    return report(diags, sources, common, io);
  }
  io.out << output;
  io.out.flush();
  return kExitOk;
}

}  // namespace gen::cli
