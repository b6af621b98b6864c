// no-secret-values and unmarked-secret: seed 001 ("env-secret references
// only", "no secrets baked into images", "do not pass raw secrets as CLI
// arguments", "database URLs are secrets"), seed 002 ("The image contains no
// defaults for secret ... values").
#include <functional>

#include "check/effective.h"
#include "check/families.h"
#include "check/secret_names.h"

namespace gen::check {
namespace {

using Found = std::function<void(const SourceLocation&, std::string message, std::string help)>;

std::string by_reference(const std::string& name) {
  return "declare `" + name + ": {secret: true}` and supply the value at run time (env file or "
         "Secret), never in the spec";
}

// One variable of a module's env or of a profile's overlay; `where` names the
// place its value is written ("the spec", "profile prod").
void check_env(const spec::EnvVar& e, const std::string& where, const Found& found) {
  const std::string& name = e.name.value;
  const bool secret_name = looks_like_secret(name);
  if (e.kind == spec::EnvVar::Kind::Build && secret_name) {
    found(e.name.loc, name + " looks like a secret but is a build-time variable, baked into the image",
          "make it a run-time variable `" + name + ": {secret: true}`; build-time values stay in "
          "image layers");
    return;
  }
  if (!e.value) return;
  if (secret_name) {
    const char* what = e.kind == spec::EnvVar::Kind::Value ? "value" : "default";
    found(e.value->loc, name + " looks like a secret but its " + what + " is written in " + where,
          by_reference(name));
  } else if (has_url_password(e.value->value)) {
    found(e.value->loc, name + " holds a password inside a URL written in " + where,
          by_reference(name));
  }
}

std::string flag_name(const std::string& arg) {
  size_t start = arg.find_first_not_of('-');
  size_t eq = arg.find('=');
  if (start == std::string::npos) return "";
  return arg.substr(start, eq == std::string::npos ? std::string::npos : eq - start);
}

// Secrets handed to a process as arguments (--token X, --password=X, a URL
// with a password) show in `ps` and in the orchestrator's state.
void check_args(const std::vector<spec::LString>& args, const std::string& what,
                const Found& found) {
  const std::string help =
      "let the program read the secret from a `{secret: true}` environment variable; arguments "
      "are visible to every process on the host";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i].value;
    if (has_url_password(a)) {
      found(args[i].loc, what + " passes a password inside a URL as an argument", help);
      continue;
    }
    if (a.size() < 2 || a[0] != '-') continue;
    const std::string flag = flag_name(a);
    if (flag.empty() || !looks_like_secret(flag)) continue;
    if (a.find('=') != std::string::npos) {
      if (a.size() > a.find('=') + 1)
        found(args[i].loc, what + " passes a secret as an argument (" + a.substr(0, a.find('=')) + ")",
              help);
    } else if (i + 1 < args.size() && !args[i + 1].value.empty() && args[i + 1].value[0] != '-') {
      found(args[i + 1].loc, what + " passes a secret as an argument (" + a + ")", help);
    }
  }
}

}  // namespace

void check_no_secret_values(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    Found found = [&](const SourceLocation& at, std::string msg, std::string help) {
      report.report(m, at, std::move(msg), std::move(help));
    };
    for (const auto& e : m.env) check_env(e, "the spec", found);
    if (m.build) {
      for (const auto& [name, value] : m.build->args) {
        if (looks_like_secret(name.value))
          found(name.loc, "build arg " + name.value + " looks like a secret; build args stay in the image's history",
                "remove it from build.args and pass it at run time as `" + name.value +
                    ": {secret: true}` in env");
        else if (has_url_password(value.value))
          found(value.loc, "build arg " + name.value + " holds a password inside a URL",
                "remove the password; build args stay in the image's history");
      }
    }
    if (m.command) check_args(m.command->value, "command", found);
    if (m.entrypoint) check_args(m.entrypoint->value, "entrypoint", found);
    for (const auto* p : probes(m))
      if (p->kind == spec::Probe::Kind::Command) check_args(p->command, "health command", found);
  }
  const ModuleIndex modules(spec);
  for (const auto& profile : spec.profiles) {
    for (const auto& pm : profile.modules) {
      const spec::Module* m = modules.find(pm.module.value);
      Found found = [&](const SourceLocation& at, std::string msg, std::string help) {
        if (m) report.report(*m, at, std::move(msg), std::move(help));
        else report.report(at, std::move(msg), std::move(help));
      };
      for (const auto& e : pm.env) check_env(e, "profile " + profile.name.value, found);
    }
  }
}

void check_unmarked_secret(const spec::Spec& spec, Reporter& report) {
  auto check = [&](const spec::Module* m, const spec::EnvVar& e) {
    if (e.kind != spec::EnvVar::Kind::Required && e.kind != spec::EnvVar::Kind::Optional) return;
    if (!looks_like_secret(e.name.value)) return;
    std::string msg = e.name.value + " looks like a secret but is declared " +
                      (e.kind == spec::EnvVar::Kind::Required ? "required" : "optional") +
                      ", not secret";
    std::string help = "declare `" + e.name.value +
                       ": {secret: true}` so every target passes it by reference (Secret, env "
                       "file), never through a ConfigMap";
    if (m) report.report(*m, e.name.loc, std::move(msg), std::move(help));
    else report.report(e.name.loc, std::move(msg), std::move(help));
  };
  for (const auto& m : spec.modules)
    for (const auto& e : m.env) check(&m, e);
  const ModuleIndex modules(spec);
  for (const auto& profile : spec.profiles)
    for (const auto& pm : profile.modules)
      for (const auto& e : pm.env) check(modules.find(pm.module.value), e);
}

}  // namespace gen::check
