// Post-conditions of the dockerfile target, checked on the rendered
// Dockerfiles themselves: the final stage runs as the spec's numeric
// non-root USER; a long-running module's image has a HEALTHCHECK with the
// spec's timings; CMD and ENTRYPOINT use the JSON exec form; no ARG or ENV
// carries one of the module's secrets; a module with required variables
// starts through gen's entrypoint check; apt lists are removed in the RUN
// that fetched them. Diagnostics point into the Dockerfile and name the
// template. docs/dockerfile.md lists the rules.
#include <algorithm>
#include <map>
#include <set>

#include "model/entrypoint_script.h"
#include "model/stacks.h"
#include "verify/artifact.h"
#include "dockerfile/parse.h"
#include "verify/verifiers.h"

namespace gen::verify {

using dockerfile::DockerfileParse;
using dockerfile::DockerInstruction;
using dockerfile::DockerStage;
using dockerfile::json_args;
using dockerfile::key_values;
using dockerfile::parse_dockerfile;
using dockerfile::split_options;

namespace {

struct DockerfileSite {
  const std::string& path;
  const OutputFile& file;
  Diagnostics& diags;

  Diagnostic& error(const char* rule, const DockerInstruction& at, std::string message) const {
    return artifact_error(diags, rule, path, file, at.line, at.column, std::move(message));
  }
};

bool numeric(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool all_zero(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

void check_user(const DockerfileSite& at, const model::Module& module, const DockerStage& final_stage) {
  if (module.waives("non-root-user")) return;
  const DockerInstruction* user = nullptr;
  for (const auto& ins : final_stage.instructions)
    if (ins.keyword == "USER") user = &ins;
  if (!user) {
    at.error("non-root-user", final_stage.from,
             "the final stage sets no USER, so the image runs as root")
        .help = "end the final stage with USER <uid>:<gid> (numbers, not 0)";
    return;
  }
  std::string u = trim(user->args);
  size_t colon = u.find(':');
  std::string uid = u.substr(0, colon), gid = colon == std::string::npos ? "" : u.substr(colon + 1);
  if (!numeric(uid) || (colon != std::string::npos && !numeric(gid))) {
    at.error("non-root-user", *user, "USER " + u + " is not a numeric uid:gid").help =
        "a name can map to root; use numbers";
    return;
  }
  if (all_zero(uid) || (!gid.empty() && all_zero(gid))) {
    at.error("non-root-user", *user, "the image runs as root (USER " + u + ")");
    return;
  }
  if (module.user) {
    std::string want = module.user->spec();
    if (u != want)
      at.error("non-root-user", *user, "the image runs as " + u + "; the spec says " + want);
  }
}

void check_health(const DockerfileSite& at, const model::Module& module, const DockerStage& final_stage) {
  if (!module.long_running() || !module.health || module.waives("health-check")) return;
  const DockerInstruction* hc = nullptr;
  for (const auto& ins : final_stage.instructions)
    if (ins.keyword == "HEALTHCHECK") hc = &ins;
  if (!hc) {
    at.error("health-check", final_stage.from, "the final stage has no HEALTHCHECK").help =
        "a long-running module's image checks its own health";
    return;
  }
  auto [options, rest] = split_options(hc->args);
  if (trim(rest) == "NONE" || trim(rest).empty()) {
    at.error("health-check", *hc, "the image disables its health check");
    return;
  }
  const model::HealthTimings& t = module.health->timings;
  std::map<std::string, std::string> want = {{"interval", t.interval.text},
                                             {"timeout", t.timeout.text},
                                             {"start-period", t.start_period.text},
                                             {"retries", std::to_string(t.retries)}};
  std::map<std::string, std::string> have(options.begin(), options.end());
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    if (it == have.end() || it->second != v)
      at.error("health-check", *hc,
               "HEALTHCHECK --" + k + " is " + (it == have.end() ? "unset" : it->second) +
                   "; the spec says " + v);
  }
}

void check_exec_form(const DockerfileSite& at, const DockerfileParse& df) {
  for (const auto& st : df.stages)
    for (const auto& ins : st.instructions)
      if ((ins.keyword == "CMD" || ins.keyword == "ENTRYPOINT") && !json_args(ins.args))
        at.error("exec-form", ins,
                 ins.keyword +
                     " is in shell form: a shell becomes PID 1 and the process "
                     "never receives the stop signal")
            .help = ins.keyword + " [\"program\", \"arg\"]";
}

void check_secrets(const DockerfileSite& at, const model::Module& module, const DockerfileParse& df) {
  if (module.waives("no-secret-values")) return;
  std::set<std::string> secrets;
  for (const auto& e : module.env)
    if (e.kind == model::EnvKind::Secret) secrets.insert(e.name);
  auto check = [&](const DockerInstruction& ins) {
    if (ins.keyword != "ARG" && ins.keyword != "ENV") return;
    for (const auto& [name, value] : key_values(ins.args, ins.keyword == "ENV"))
      if (secrets.count(name))
        at.error("no-secret-values", ins,
                 ins.keyword + " " + name + " puts a secret into the image (" +
                     (ins.keyword == "ARG" ? "build arguments stay in the image history"
                                           : "every layer keeps it") +
                     ")")
            .help = "pass " + name + " at run time only, by reference";
  };
  for (const auto& ins : df.before_first_from) check(ins);
  for (const auto& st : df.stages)
    for (const auto& ins : st.instructions) check(ins);
}

// Programs the final stage installs with apt-get install or apk add.
std::set<std::string> installed_programs(const DockerStage& final_stage) {
  std::set<std::string> out;
  for (const auto& ins : final_stage.instructions) {
    if (ins.keyword != "RUN") continue;
    for (const char* verb : {"apt-get install", "apk add"}) {
      size_t at = ins.args.find(verb);
      if (at == std::string::npos) continue;
      size_t end = ins.args.find("&&", at);
      std::string words = ins.args.substr(at, end == std::string::npos ? end : end - at);
      size_t i = 0;
      while (i < words.size()) {
        size_t j = words.find_first_of(" \t\\\n", i);
        std::string w = words.substr(i, j == std::string::npos ? j : j - i);
        if (!w.empty() && w[0] != '-') out.insert(w);
        if (j == std::string::npos) break;
        i = j + 1;
      }
    }
  }
  return out;
}

// The HEALTHCHECK of a built-in stack runs a program its runtime image has:
// one of the stack's tools (model::Stack::tools), a package the final stage
// installs, or one of a base module's packages. A `command` probe is the
// spec's own choice and is not checked.
void check_health_tool(const DockerfileSite& at, const model::Project& project, const model::Module& module,
                       const DockerStage& final_stage) {
  if (!module.build || !module.health || module.waives("health-check")) return;
  const model::Probe* probe = module.health->container();
  if (!probe || probe->kind == model::ProbeKind::Command) return;
  const model::Stack* stack = model::find_stack(module.build->stack);
  if (!stack) return;
  const DockerInstruction* hc = nullptr;
  for (const auto& ins : final_stage.instructions)
    if (ins.keyword == "HEALTHCHECK") hc = &ins;
  if (!hc) return;  // check_health reports it
  auto [options, rest] = split_options(hc->args);
  std::string cmd = trim(rest);
  if (cmd.rfind("CMD", 0) != 0) return;
  auto words = json_args(trim(cmd.substr(3)));
  if (!words || words->empty()) return;
  const std::string& program = (*words)[0];
  std::set<std::string> have(stack->tools.begin(), stack->tools.end());
  for (const auto& p : installed_programs(final_stage)) have.insert(p);
  const model::Module* m = &module;
  for (int depth = 0; depth < 64 && m->build && m->build->base_module; ++depth) {
    m = project.find_module(*m->build->base_module);
    if (!m || !m->build) break;
    have.insert(m->build->packages.begin(), m->build->packages.end());
  }
  if (!have.count(program))
    at.error("health-check", *hc,
             "the HEALTHCHECK runs " + program + ", which the " + stack->name +
                 " runtime image does not have")
        .help = "use a program of the image, or install it in the final stage (build.packages)";
}

// A module that runs with required variables (secret or required) starts
// through gen's entrypoint script, which refuses to start without them.
void check_entrypoint(const DockerfileSite& at, const model::Module& module, const DockerStage& final_stage) {
  bool checks_env = std::any_of(module.env.begin(), module.env.end(),
                                [](const model::EnvEntry& e) { return e.required(); });
  if (!checks_env || module.kind == model::ModuleKind::Base) return;
  const DockerInstruction* ep = nullptr;
  for (const auto& ins : final_stage.instructions)
    if (ins.keyword == "ENTRYPOINT") ep = &ins;
  auto words = ep ? json_args(ep->args) : std::nullopt;
  if (!words || words->empty() || (*words)[0] != model::kEntrypointScript)
    at.error("required-env", ep ? *ep : final_stage.from,
             "module '" + module.name +
                 "' has required variables but the image does not start through " +
                 model::kEntrypointScript + ", which refuses to start without them")
        .help = std::string("ENTRYPOINT [\"") + model::kEntrypointScript + "\", ...]";
}

void check_apt_lists(const DockerfileSite& at, const DockerfileParse& df) {
  for (const auto& st : df.stages)
    for (const auto& ins : st.instructions)
      if (ins.keyword == "RUN" && ins.args.find("apt-get install") != std::string::npos &&
          ins.args.find("rm -rf /var/lib/apt/lists") == std::string::npos)
        artifact_warning(at.diags, "apt-lists", at.path, at.file, ins.line, ins.column,
                         "apt-get install without removing /var/lib/apt/lists in the same RUN "
                         "leaves the package lists in the layer");
}

}  // namespace

void verify_dockerfile(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  for (const auto& module : project.modules) {
    if (!module.build) continue;
    if (module.setup_of) continue;  // runs its owner's image: checked as the owner's
    std::string path = module.dir + "/Dockerfile";
    auto it = files.find(path);
    if (it == files.end()) continue;
    DockerfileSite at{path, it->second, diags};
    std::string buffer;
    DockerfileParse df = parse_dockerfile(text_of(it->second, buffer));
    if (df.stages.empty()) {
      artifact_error(diags, "dockerfile-from", path, it->second, 0, 0,
                     "the Dockerfile has no FROM");
      continue;
    }
    const DockerStage& final_stage = df.stages.back();
    check_user(at, module, final_stage);
    check_health(at, module, final_stage);
    check_health_tool(at, project, module, final_stage);
    check_exec_form(at, df);
    check_secrets(at, module, df);
    check_entrypoint(at, module, final_stage);
    check_apt_lists(at, df);
  }
}

}  // namespace gen::verify
