// no-secret-values and unmarked-secret: seed 001 ("env-secret references
// only", "no secrets baked into images", "do not pass raw secrets as CLI
// arguments", "database URLs are secrets"), seed 002 ("The image contains no
// defaults for secret ... values").
#include <functional>
#include <set>

#include "check/effective.h"
#include "check/families.h"
#include "check/own_dockerfile.h"
#include "check/project_files.h"
#include "check/secret_detect.h"

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
  if (e.example && !is_reference(e.example->value) &&
      (e.kind == spec::EnvVar::Kind::Secret || secret_name)) {
    found(e.example->loc, name + " is a secret but has an example, written into CONTRACT.md",
          "remove `example:` and say what the value looks like in `description:` (\"32 random "
          "bytes, base64\")");
  } else if (e.example) {
    if (auto what = secret_in_text(e.example->value))
      found(e.example->loc, "the example of " + name + " holds " + *what + ", written into CONTRACT.md",
            "write a placeholder such as <token> instead");
  }
  if (e.kind == spec::EnvVar::Kind::Build && secret_name) {
    found(e.name.loc, name + " looks like a secret but is a build-time variable, baked into the image",
          "make it a run-time variable `" + name + ": {secret: true}`; build-time values stay in "
          "image layers");
    return;
  }
  if (!e.value) return;
  if (secret_name && !is_reference(e.value->value)) {
    const char* what = e.kind == spec::EnvVar::Kind::Value ? "value" : "default";
    found(e.value->loc, name + " looks like a secret but its " + what + " is written in " + where,
          by_reference(name));
  } else if (auto what = secret_in_text(e.value->value)) {
    found(e.value->loc, name + " holds " + *what + " written in " + where, by_reference(name));
  }
}

// Secrets handed to a process as arguments (--token X, --password=X, a URL
// with a password, `sh -c "mysql -pX"`) show in `ps` and in the
// orchestrator's state.
void check_args(const std::vector<spec::LString>& args, const std::string& what,
                const Found& found) {
  const std::string help =
      "let the program read the secret from a `{secret: true}` environment variable; arguments "
      "are visible to every process on the host";
  std::vector<std::string> argv;
  for (const auto& a : args) argv.push_back(a.value);
  for (const auto& s : secrets_in_args(argv)) found(args[s.index].loc, what + " passes " + s.what, help);
}

// A value the outputs carry as written (an image reference, a registry, a
// metadata field, a build arg, a health URL).
void check_text(const spec::LString& value, const std::string& what, const Found& found,
                bool image = false) {
  auto secret = image ? secret_in_image(value.value) : secret_in_text(value.value);
  if (secret)
    found(value.loc, what + " holds " + *secret,
          "remove it; pass credentials at run time in a `{secret: true}` variable (registry "
          "credentials: the engine's credential store, docker login or imagePullSecrets)");
}
void check_text(const std::optional<spec::LString>& value, const std::string& what,
                const Found& found, bool image = false) {
  if (value) check_text(*value, what, found, image);
}

// Config files become ConfigMaps (k8s) and sit in the repository: a literal
// secret in one is as exposed as one in the spec. Positioned at the file's line.
// A config directory's files are config files too (one ConfigMap).
void check_config_files(const spec::Spec& spec, const spec::Module& m,
                        std::set<std::string>& seen, const Found& found) {
  // One file, written `file` in the spec (or `<dir>/<entry>`), mounted at `target`.
  auto check_file = [&](const spec::Mount& mount, const std::string& file,
                        const std::string& target) {
    // A ConfigMap is readable by anyone who can read the namespace: a file
    // meant as a secret (by its place or its name) belongs in a secret mount.
    const std::string base = file.substr(file.find_last_of('/') + 1);
    if (target.rfind("/run/secrets/", 0) == 0 || looks_like_secret(base))
      found(mount.source.loc,
            "config file " + file + " of module " + m.name.value +
                (looks_like_secret(base) ? " is named like a secret"
                                         : " is mounted under /run/secrets/") +
                "; config files become ConfigMaps, readable with the namespace",
            "mount it as a secret instead: `{secret: NAME, file: " + file + ", target: " +
                target + "}`");
    if (!seen.insert(file).second) return;
    std::string why;
    auto text = read_project_file(spec.file, file, why);
    if (!text) return;  // project-paths, or the k8s verifier for a missing file, says why
    const std::string shown = locate_host_path(spec.file, file, HostPathKind::File).shown;
    for (const auto& s : secrets_in_config_text(*text))
      found(SourceLocation{shown, s.line, 1},
            "config file mounted by module " + m.name.value + " holds " + s.what +
                " on this line",
            "move the value to a `{secret: true}` variable and let the program read it from the "
            "environment (or a ${VAR} the program expands)");
  };
  for (const auto& mount : m.mounts) {
    if (mount.kind == spec::Mount::Kind::Config)
      check_file(mount, mount.source.value, mount.target.value);
    if (mount.kind != spec::Mount::Kind::ConfigDir) continue;
    std::string why;
    auto entries = list_project_dir(spec.file, mount.source.value, why);
    if (!entries) continue;  // project-paths says why
    for (const auto& e : *entries)
      check_file(mount, mount.source.value + "/" + e, mount.target.value + "/" + e);
  }
}

// An own Dockerfile's ARG and ENV values stay in the image (ENV) or its
// history (ARG): a literal secret there is as exposed as one in the spec.
// A Dockerfile several modules build (other targets) is reported once.
void check_own_dockerfile_secrets(const spec::Spec& spec, const spec::Module& m,
                                  std::set<std::string>& seen, const Found& found) {
  auto df = read_own_dockerfile(spec, m);
  if (!df || df->unreadable || !seen.insert(df->shown).second) return;
  auto scan = [&](const dockerfile::DockerInstruction& ins) {
    if (ins.keyword != "ARG" && ins.keyword != "ENV") return;
    const SourceLocation at{df->shown, ins.line, ins.column};
    for (const auto& [name, value] : dockerfile::key_values(ins.args, ins.keyword == "ENV")) {
      if (!value) continue;  // ARG NAME: given at build time, nothing written here
      std::optional<std::string> what;
      if (looks_like_secret(name) && !is_reference(*value))
        what = "a literal value for " + name;
      else
        what = secret_in_text(*value);
      if (what)
        found(at, ins.keyword + " " + name + " in the Dockerfile of module " + m.name.value +
                      " holds " + *what + "; " +
                      (ins.keyword == "ENV" ? "ENV stays in the image"
                                            : "build args stay in the image's history"),
              "remove the value and pass it at run time as `" + name +
                  ": {secret: true}` in the spec's env (or a build secret mount)");
    }
  };
  for (const auto& ins : df->parse.before_first_from) scan(ins);
  for (const auto& st : df->parse.stages)
    for (const auto& ins : st.instructions) scan(ins);
}

}  // namespace

void check_no_secret_values(const spec::Spec& spec, Reporter& report) {
  std::set<std::string> config_seen, dockerfile_seen;
  for (const auto& m : spec.modules) {
    Found found = [&](const SourceLocation& at, std::string msg, std::string help) {
      report.report(m, at, std::move(msg), std::move(help));
    };
    for (const auto& e : m.env) check_env(e, "the spec", found);
    check_text(m.image, "image reference", found, true);
    if (m.build) {
      check_text(m.build->from, "build.from", found, true);
      check_text(m.build->image, "build.image", found, true);
      for (const auto& [name, value] : m.build->args) {
        if (looks_like_secret(name.value))
          found(name.loc, "build arg " + name.value + " looks like a secret; build args stay in the image's history",
                "remove it from build.args and pass it at run time as `" + name.value +
                    ": {secret: true}` in env");
        else if (auto what = secret_in_text(value.value))
          found(value.loc, "build arg " + name.value + " holds " + *what,
                "remove it; build args stay in the image's history");
      }
    }
    if (m.command) check_args(m.command->value, "command", found);
    if (m.entrypoint) check_args(m.entrypoint->value, "entrypoint", found);
    for (const auto* p : probes(m)) {
      if (p->kind == spec::Probe::Kind::Command) check_args(p->command, "health command", found);
      if (p->kind == spec::Probe::Kind::Http) check_text(p->http_path, "health check URL", found);
    }
    check_config_files(spec, m, config_seen, found);
    check_own_dockerfile_secrets(spec, m, dockerfile_seen, found);
  }
  Found project_wide = [&](const SourceLocation& at, std::string msg, std::string help) {
    report.report(at, std::move(msg), std::move(help));
  };
  check_text(spec.defaults.registry, "defaults.registry", project_wide, true);
  const auto& md = spec.metadata;
  check_text(md.description, "metadata.description", project_wide);
  check_text(md.source, "metadata.source", project_wide);
  check_text(md.vendor, "metadata.vendor", project_wide);
  check_text(md.licenses, "metadata.licenses", project_wide);
  check_text(md.documentation, "metadata.documentation", project_wide);
  const ModuleIndex modules(spec);
  for (const auto& profile : spec.profiles) {
    check_text(profile.registry, "profile " + profile.name.value + " registry", project_wide, true);
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
