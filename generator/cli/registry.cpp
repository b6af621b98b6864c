// The one list of subcommands, in the order `gen --help` shows them, with the
// functions that declare their options (--help, `gen man` and the completions
// all read those).
#include <cxxopts.hpp>

#include "cli/command.h"
#include "cli/output.h"

namespace gen::cli {

// Each is defined in its own cmd_<name>.cpp.
int run_version(const std::vector<std::string>& args, Io& io);
int run_context(const std::vector<std::string>& args, Io& io);
int run_validate(const std::vector<std::string>& args, Io& io);
int run_schema(const std::vector<std::string>& args, Io& io);
int run_init(const std::vector<std::string>& args, Io& io);
int run_import(const std::vector<std::string>& args, Io& io);
int run_explain(const std::vector<std::string>& args, Io& io);
int run_generate_all(const std::vector<std::string>& args, Io& io);
int run_generate_dockerfile(const std::vector<std::string>& args, Io& io);
int run_generate_compose(const std::vector<std::string>& args, Io& io);
int run_generate_k8s(const std::vector<std::string>& args, Io& io);
int run_generate_systemd(const std::vector<std::string>& args, Io& io);
int run_generate_docs(const std::vector<std::string>& args, Io& io);
int run_check(const std::vector<std::string>& args, Io& io);
int run_render(const std::vector<std::string>& args, Io& io);
int run_templates(const std::vector<std::string>& args, Io& io);
int run_templates_list(const std::vector<std::string>& args, Io& io);
int run_templates_export(const std::vector<std::string>& args, Io& io);
int run_man(const std::vector<std::string>& args, Io& io);
int run_completions(const std::vector<std::string>& args, Io& io);
int run_complete(const std::vector<std::string>& args, Io& io);

void declare_explain(cxxopts::Options& options);
void declare_init(cxxopts::Options& options);
void declare_import(cxxopts::Options& options);
void declare_render(cxxopts::Options& options);
void declare_schema(cxxopts::Options& options);
void declare_templates_list(cxxopts::Options& options);
void declare_templates_export(cxxopts::Options& options);
void declare_man(cxxopts::Options& options);
void declare_completions(cxxopts::Options& options);
void declare_complete(cxxopts::Options& options);

namespace {

void declare_none(cxxopts::Options&) {}

void declare_generate(cxxopts::Options& options) {
  add_spec_options(options);
  add_output_options(options);
  add_diagnostics_option(options);
}

void declare_check(cxxopts::Options& options) {  // also gen validate
  add_spec_options(options);
  add_render_options(options);
  add_diagnostics_option(options);
}

void declare_context(cxxopts::Options& options) {
  add_spec_options(options);
  add_diagnostics_option(options);
}

// A command that renders files: every target, or one.
Command target(const char* name, const char* summary, int (*run)(const std::vector<std::string>&, Io&),
               const char* what) {
  return {name, summary, run, std::string("Render ") + what + " from the spec.", declare_generate,
          {}, "", Operand::None, {}, false};
}

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      target("all", "Render every target into --out", run_generate_all, "every target"),
      target("dockerfile", "Render Dockerfiles and .dockerignore files", run_generate_dockerfile,
             "Dockerfiles and .dockerignore files"),
      target("compose", "Render compose files", run_generate_compose, "compose files"),
      target("k8s", "Render Kubernetes manifests and kustomize overlays", run_generate_k8s,
             "Kubernetes manifests and kustomize overlays"),
      target("systemd", "Render systemd units (Quadlet or classic)", run_generate_systemd,
             "systemd units (Quadlet or classic)"),
      target("docs", "Render CONTRACT.md and operational scripts", run_generate_docs,
             "CONTRACT.md and operational scripts"),
      {"check", "Compare --out with what the spec generates (CI; writes nothing)", run_check,
       "Render every target in memory and compare with the files under --out (for CI).\n"
       "Exit 0 when identical; 1 with a unified diff per changed file and one finding\n"
       "per changed, missing or stale file; 2 when the spec or the files cannot be read.\n"
       "Writes nothing.",
       declare_check, {}, "", Operand::None, {}, false},
      {"validate", "Load a spec and check the contract rules", run_validate,
       "Check a spec: the contract rules, and every target rendered and verified in memory, "
       "exactly as `gen all` would; writes nothing.",
       declare_check, {}, "", Operand::None, {}, false},
      {"context", "Print the resolved JSON context templates see", run_context,
       "Print the resolved JSON context every template sees (docs/context.md).", declare_context,
       {}, "", Operand::None, {}, false},
      {"schema", "Print the spec's JSON Schema (for editors)", run_schema,
       "Print the JSON Schema (draft 2020-12) of the spec, generated from the loader's own "
       "definitions.",
       declare_schema, {}, "", Operand::None, {}, false},
      {"explain", "Print the page of a contract rule (--list: all rules)", run_explain,
       "Print the page of a rule a diagnostic names.", declare_explain, {"rule"}, "RULE-ID",
       Operand::RuleId, {}, false},
      {"render", "Render one template with a JSON context (try a template)", run_render,
       "Render one template with a JSON context (to try a template).\n"
       "TEMPLATE is a template name (looked up in --templates DIR, then in the\n"
       "built-in templates) or the path of a template file.",
       declare_render, {"template"}, "TEMPLATE", Operand::Template, {}, false},
      {"templates", "List or export the built-in templates (start overrides)", run_templates,
       "List or export the built-in templates, to start an organisation's overrides.",
       declare_none, {}, "list|export", Operand::None,
       {{"list", "Print the template names (with --templates DIR: and where each comes from)",
         run_templates_list,
         "Print the built-in template names, one per line. With --templates DIR, also the\n"
         "templates DIR adds, each followed by a tab and where it comes from (builtin, or\n"
         "the overriding file).",
         declare_templates_list, {}, "", Operand::None, {}, false},
        {"export", "Copy built-in templates into DIR (never overwriting a file)",
         run_templates_export,
         "Copy the built-in templates (or only those named, or under a named folder) into\n"
         "DIR by the same relative paths, to start overriding them. Refuses to overwrite\n"
         "existing files: nothing is written then.",
         declare_templates_export, {"dir", "names"}, "DIR [NAME...]", Operand::Directory, {},
         false}},
       false},
      {"init", "Write a starter spec from what the repository holds", run_init,
       "Write a commented starter spec that passes gen validate. In a repository (DIR, by\n"
       "default the spec's directory) it detects every directory that builds an image: its\n"
       "stack from its manifests (package.json, go.mod, Cargo.toml, pom.xml, build.gradle,\n"
       "*.csproj, Gemfile, composer.json, uv.lock, requirements.txt, pyproject.toml), its own\n"
       "Dockerfile, the port it listens on and a health endpoint in its sources, each guess\n"
       "commented. With nothing to detect (or --generic) it writes the generic example.",
       declare_init, {"dir"}, "[DIR]", Operand::Directory, {}, false},
      {"import", "Turn compose files into a spec (docs/import.md)", run_import,
       "Turn compose files into a gen spec: every key mapped or reported as dropped,\n"
       "contract changes marked in the spec; writes it only when it validates\n"
       "(docs/import.md).",
       declare_import, {}, "", Operand::None, {}, false},
      {"man", "Write gen's man pages (gen.1, gen-<command>.1)", run_man,
       "Write the man pages of gen and of each command into --out, from the same option\n"
       "descriptions --help prints.",
       declare_man, {}, "", Operand::None, {}, false},
      {"completions", "Print the bash, zsh or fish completion script", run_completions,
       "Print the completion script for SHELL (bash, zsh or fish): commands, options,\n"
       "rule ids for gen explain, and profile names read from the spec.",
       declare_completions, {"shell"}, "SHELL", Operand::Shell, {}, false},
      {"version", "Print gen's version", run_version, "Print gen's version.", declare_none, {}, "",
       Operand::None, {}, false},
      // What the completion scripts call: the words a completion offers.
      {"__complete", "Print completion words", run_complete,
       "Print the words a shell completes, one per line: rules (rule ids), profiles (of\n"
       "--spec, or the spec gen would find), templates (built-in template names).",
       declare_complete, {"topic"}, "rules|profiles|templates", Operand::Topic, {}, true},
  };
  return table;
}

}  // namespace gen::cli
