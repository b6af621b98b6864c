// The template lint: escaping by construction. Every template gen renders
// declares the format of its output on its first line, `{# gen:format yaml #}`
// (yaml, shell, systemd, dockerfile, dockerignore, markdown, caddyfile), and every
// `{{ ... }}` in it must end with an escaping filter valid for that format
// at that place (a comment line, a quoted shell string, an Exec= line, ...),
// be a literal, or call a macro (whose own output is linted the same way).
// The escape hatch is `|verbatim`, accepted anywhere and documented as rare.
// gen runs the lint on every template it loads (built-ins and --templates
// overrides); `gen render` (plain Jinja2 templates) does not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "template/template.h"

namespace gen::tmpl {

enum class OutputFormat { Yaml, Shell, Systemd, Dockerfile, Dockerignore, Markdown, Caddyfile };

const char* format_name(OutputFormat f);

// The format a template's first line declares.
struct FormatTag {
  bool present = false;                // the first line is a `{# gen:format ... #}` comment
  std::optional<OutputFormat> format;  // unset: present with an unknown name
  std::string name;                    // the name as written
};
FormatTag read_format_tag(std::string_view source);

struct LintFinding {
  uint32_t offset;  // in the template source
  std::string message;
  std::string help;
};

// Every interpolation of `t` that reaches the output without the escaping
// its place in a `format` document needs, in source order.
std::vector<LintFinding> lint_template(const Template& t, OutputFormat format);

}  // namespace gen::tmpl
