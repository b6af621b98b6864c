// own-dockerfile, dockerfile-user and dockerfile-override: a module that
// builds from the project's own Dockerfile (`build.dockerfile`) gets it used
// as is, and every target still sets the contract's runtime (user,
// read-only root, capabilities, health, ports). What in the Dockerfile
// contradicts that is reported where it is written: an error when the
// result would be wrong (no stage to build, an image made to run as root or
// as a user name), a warning when the spec overrides it (another uid, a
// HEALTHCHECK). Secrets in ARG and ENV are no-secret-values
// (rules_secrets.cpp).
#include <cctype>

#include "check/effective.h"
#include "check/families.h"
#include "check/own_dockerfile.h"

namespace gen::check {
namespace {

SourceLocation at(const OwnDockerfile& df, const dockerfile::DockerInstruction& ins) {
  return SourceLocation{df.shown, ins.line, ins.column};
}

bool numeric(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

void check_own_dockerfile(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    auto df = read_own_dockerfile(spec, m);
    if (!df) continue;
    const SourceLocation& path = m.build->dockerfile->loc;
    if (df->unreadable) {
      report.report(m, path,
                    "Dockerfile " + df->shown + " of module " + m.name.value +
                        " cannot be used: " + *df->unreadable,
                    "point build.dockerfile at the module's Dockerfile");
      continue;
    }
    if (df->parse.stages.empty()) {
      report.report(m, path, "Dockerfile " + df->shown + " of module " + m.name.value +
                                 " has no FROM: there is nothing to build",
                    "a Dockerfile starts its build with FROM IMAGE");
      continue;
    }
    if (m.build->target && !built_stage(df->parse, m.build->target)) {
      Diagnostic* d = report.report(
          m, m.build->target->loc,
          "build.target " + m.build->target->value + " of module " + m.name.value +
              " is no stage of " + df->shown,
          "name a stage the Dockerfile declares with FROM IMAGE AS NAME");
      if (d)
        for (const auto& s : df->parse.stages)
          if (!s.name.empty())
            d->notes.emplace_back("stage " + s.name + " is declared here", at(*df, s.from));
    }
  }
}

void check_dockerfile_user(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    auto df = read_own_dockerfile(spec, m);
    if (!df || df->unreadable) continue;
    const auto* user = effective_user(df->parse, built_stage(df->parse, m.build->target));
    if (!user) continue;
    const std::string who = user_of(*user);
    if (who == "root" || who == "0") {
      report.report(m, at(*df, *user),
                    "the image of module " + m.name.value + " is made to run as root (USER " +
                        who + "); the contract runs every module as a non-root uid",
                    "create the files the program writes as a non-root user and end the "
                    "Dockerfile with USER <uid>:<gid> (the spec's user)");
    } else if (!numeric(who)) {
      const spec::LInt* uid = effective_uid(spec, m);
      report.report(m, at(*df, *user),
                    "USER " + who + " names a user where the contract needs a number: module " +
                        m.name.value + " runs as uid " +
                        (uid ? std::to_string(uid->value) : std::string("(unset)")) +
                        ", and files the image gave " + who + " may not be that uid's",
                    "write the numeric uid:gid (USER 1001:1001) and give the spec the same user");
    }
  }
}

void check_dockerfile_override(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    auto df = read_own_dockerfile(spec, m);
    if (!df || df->unreadable) continue;
    const dockerfile::DockerStage* stage = built_stage(df->parse, m.build->target);
    if (!stage) continue;
    if (const auto* user = effective_user(df->parse, stage)) {
      const std::string who = user_of(*user);
      const spec::LInt* uid = effective_uid(spec, m);
      if (numeric(who) && who != "0" && uid && who != std::to_string(uid->value))
        report.report(m, at(*df, *user),
                      "USER " + who + " is overridden: every target runs module " +
                          m.name.value + " as uid " + std::to_string(uid->value) +
                          " (the spec's user)",
                      "make the two agree, or the files the image gave uid " + who +
                          " may not be writable");
    }
    if (!m.health) continue;
    for (const auto& ins : stage->instructions)
      if (ins.keyword == "HEALTHCHECK")
        report.report(m, at(*df, ins),
                      "HEALTHCHECK is overridden: every target checks module " + m.name.value +
                          " with the spec's health",
                      "drop the HEALTHCHECK, or the spec's health if the image's is the one wanted");
  }
}

}  // namespace gen::check
