// The one list of subcommands, in the order `gen --help` shows them.
#include "cli/command.h"

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

const std::vector<Command>& commands() {
  static const std::vector<Command> table{
      {"all", "Render every target into --out", run_generate_all},
      {"dockerfile", "Render Dockerfiles and .dockerignore files", run_generate_dockerfile},
      {"compose", "Render compose files", run_generate_compose},
      {"k8s", "Render Kubernetes manifests and kustomize overlays", run_generate_k8s},
      {"systemd", "Render systemd units (Quadlet or classic)", run_generate_systemd},
      {"docs", "Render CONTRACT.md and operational scripts", run_generate_docs},
      {"check", "Compare --out with what the spec generates (CI; writes nothing)", run_check},
      {"validate", "Load a spec and check the contract rules", run_validate},
      {"context", "Print the resolved JSON context templates see", run_context},
      {"schema", "Print the spec's JSON Schema (for editors)", run_schema},
      {"explain", "Print the page of a contract rule (--list: all rules)", run_explain},
      {"render", "Render one template with a JSON context (try a template)", run_render},
      {"templates", "List or export the built-in templates (start overrides)", run_templates},
      {"init", "Write a commented starter spec", run_init},
      {"import", "Turn compose files into a spec (docs/import.md)", run_import},
      {"version", "Print gen's version", run_version},
  };
  return table;
}

}  // namespace gen::cli
