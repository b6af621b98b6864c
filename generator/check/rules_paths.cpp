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
namespace {

// Why a config directory cannot become ConfigMap data, or none: it must be
// listed, and each file read, within one ConfigMap's size. (A file that is
// not UTF-8 text is left to the k8s verifier's warning, as for config files.)
std::optional<std::string> unreadable_config_dir(const std::string& spec_file,
                                                 const std::string& dir) {
  std::string why;
  auto entries = list_project_dir(spec_file, dir, why);
  if (!entries) return why;
  size_t total = 0;
  for (const auto& e : *entries) {
    auto text = read_project_file(spec_file, dir + "/" + e, why);
    if (!text) return "its file " + e + ": " + why;
    total += text->size();
  }
  if (total > kMaxConfigFileBytes)
    return "its files hold more than " + std::to_string(kMaxConfigFileBytes) + " bytes";
  return std::nullopt;
}

}  // namespace

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
      if (mount.kind == spec::Mount::Kind::ConfigDir) {
        const std::string help =
            "a config directory's files are read into the outputs (a Kubernetes ConfigMap): keep "
            "a directory of at most " + std::to_string(kMaxConfigDirFiles) +
            " regular text files, together at most " +
            std::to_string(kMaxConfigFileBytes) + " bytes, in the spec's directory tree";
        check(mount.source, HostPathKind::Directory, "config directory", help);
        const HostPath where =
            locate_host_path(spec.file, mount.source.value, HostPathKind::Directory);
        if (where.outside || where.special) continue;
        if (auto why = unreadable_config_dir(spec.file, mount.source.value))
          report.report(m, mount.source.loc,
                        "config directory " + mount.source.value + " of module " +
                            m.name.value + " cannot be carried: " + *why,
                        help);
      }
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
