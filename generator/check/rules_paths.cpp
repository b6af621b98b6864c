// project-paths and host-binds: the host paths a spec names stay in the
// project (the spec's directory tree). A config file is read into the outputs
// (a ConfigMap) and a build context is sent to the image builder, so either
// outside the project would copy host files (`config: /proc/self/environ`,
// the environment of gen and its CI tokens) into artifacts: never allowed. A
// bind gives a container a host directory at run time; real deployments need
// some (/var/log), so it is a waivable rule: the waiver, with its reason, is
// the explicit opt-in.
#include "check/families.h"
#include "check/project_files.h"

namespace gen::check {

void check_project_paths(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    auto check = [&](const spec::LString& path, HostPathKind kind, const std::string& what,
                     const std::string& help) {
      const HostPath where = locate_host_path(spec.file, path.value, kind);
      if (where.outside)
        report.report(m, path.loc,
                      what + " " + path.value + " of module " + m.name.value + " " + *where.outside,
                      help);
      else if (where.special)
        report.report(m, path.loc,
                      what + " " + path.value + " of module " + m.name.value + " " + *where.special,
                      help);
    };
    for (const auto& mount : m.mounts)
      if (mount.kind == spec::Mount::Kind::Config)
        check(mount.source, HostPathKind::File, "config file",
              "config files are read into the outputs: keep a regular file in the spec's "
              "directory tree and write its relative path, e.g. `config: ./" +
                  m.name.value + "/app.conf`");
    for (const auto& mount : m.mounts)
      if (mount.kind == spec::Mount::Kind::Secret && mount.file)
        check(*mount.file, HostPathKind::File, "secret file",
              "compose and `podman secret create` read the secret from this file: keep it in the "
              "spec's directory tree (and out of version control), e.g. `file: ./secrets/" +
                  mount.source.value + "`");
    if (m.build && m.build->context)
      check(*m.build->context, HostPathKind::Directory, "build context",
            "the build context is sent to the image builder: use a directory in the spec's "
            "directory tree, e.g. `context: ./" + m.name.value + "`");
    if (m.build && m.build->dockerfile) {
      const spec::LString& df = *m.build->dockerfile;
      check(df, HostPathKind::File, "Dockerfile",
            "gen reads the module's own Dockerfile: keep it in the spec's directory tree, e.g. "
            "`dockerfile: ./" + m.name.value + "/Dockerfile`");
      // gen uses an own Dockerfile as is: without it (or its context) nothing builds.
      auto missing = [&](const spec::LString& path, HostPathKind kind, const std::string& what) {
        const HostPath where = locate_host_path(spec.file, path.value, kind);
        if (!where.outside && !where.special && !where.exists)
          report.report(m, path.loc,
                        what + " " + path.value + " of module " + m.name.value +
                            " does not exist",
                        "write the path relative to the spec file's directory");
      };
      missing(df, HostPathKind::File, "Dockerfile");
      if (m.build->context) missing(*m.build->context, HostPathKind::Directory, "build context");
    }
  }
}

void check_host_binds(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    for (const auto& mount : m.mounts) {
      if (mount.kind != spec::Mount::Kind::Bind) continue;
      const HostPath where = locate_host_path(spec.file, mount.source.value, HostPathKind::Any);
      if (!where.outside) continue;
      report.report(m, mount.source.loc,
                    "bind " + mount.source.value + " of module " + m.name.value + " " +
                        *where.outside,
                    "bind a directory in the spec's directory tree; when the module needs this "
                    "host path, say why with `waive: {host-binds: \"...\"}`");
    }
}

}  // namespace gen::check
