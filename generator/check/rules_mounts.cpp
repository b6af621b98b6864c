// read-only-conf, mount-targets, shared-volume-writers: seed 000 ("conf/
// mounts stay read-only", the read-only bind of another module's sessions),
// seed 003 (the certs volume: read-write for certbot, read-only for the rest).
#include <map>

#include "check/effective.h"
#include "check/families.h"
#include "values/host_paths.h"

namespace gen::check {
using values::normalise_path;
namespace {

bool explicitly_writable(const spec::Mount& mount) {
  return mount.read_only && !mount.read_only->value;
}

// The container path a mount occupies (a tmpfs may give it only as its source).
const spec::LString& target_of(const spec::Mount& mount) {
  if (mount.kind == spec::Mount::Kind::Tmpfs && mount.target.value.empty()) return mount.source;
  return mount.target;
}

}  // namespace

void check_read_only_conf(const spec::Spec& spec, Reporter& report) {
  using Kind = spec::Mount::Kind;
  for (const auto& m : spec.modules) {
    for (const auto& mount : m.mounts) {
      if (!explicitly_writable(mount)) continue;
      const SourceLocation& at = mount.read_only->loc;
      if (mount.kind == Kind::Own && mount.source.value == "conf") {
        report.report(m, at,
                      "conf mount " + mount.target.value + " of module " + m.name.value +
                          " is writable; conf mounts are read-only",
                      "remove `read_only: false`; write run-time state to the module's data/ "
                      "directory or to a tmpfs");
      } else if (mount.kind == Kind::From) {
        std::string dir = mount.path ? "directory " + mount.path->value : "a directory";
        report.report(m, at,
                      dir + " of module " + mount.source.value +
                          " is mounted writable; another module's directory is mounted read-only",
                      "remove `read_only: false`; only the owning module writes its directories");
      } else if (mount.kind == Kind::Config) {
        report.report(m, at,
                      "config mount " + mount.target.value + " of module " + m.name.value +
                          " is writable; configuration is mounted read-only",
                      "remove `read_only: false`; generate writable files into a tmpfs at start");
      }
    }
  }
}

void check_mount_targets(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    std::map<std::string, SourceLocation> used;  // normalised target -> first mount
    auto check = [&](const spec::LString& target) {
      const std::string& t = target.value;
      if (t.empty() || t[0] != '/') {
        report.report(m, target.loc, "mount target '" + t + "' is not an absolute path",
                      "write the path from the container's root, e.g. /app/data");
        return;
      }
      const std::string norm = normalise_path(t);
      if (norm == "/") {
        report.report(m, target.loc, "mount target / would hide the container's whole filesystem",
                      "mount a directory below /, e.g. /app/data");
        return;
      }
      if (norm != t)
        report.report(m, target.loc, "mount target " + t + " is not normalised",
                      "write it as " + norm);
      auto [first, fresh] = used.emplace(norm, target.loc);
      if (fresh) return;
      Diagnostic* d = report.report(
          m, target.loc,
          "mount target " + norm + " is already used by another mount of module " + m.name.value,
          "mount each path once; the later mount would hide the earlier one");
      if (d) d->notes.push_back({"first used here", first->second});
    };
    for (const auto& mount : m.mounts) check(target_of(mount));
    if (m.state) check(m.state->target);
  }
}

void check_shared_volume_writers(const spec::Spec& spec, Reporter& report) {
  struct Writer {
    const spec::Module* module;
    SourceLocation at;
  };
  std::map<std::string, Writer> first_writer;  // volume -> the module that writes it first
  for (const auto& m : spec.modules) {
    for (const auto& mount : m.mounts) {
      if (mount.kind != spec::Mount::Kind::Volume) continue;
      if (mount.read_only && mount.read_only->value) continue;
      auto [first, fresh] = first_writer.emplace(mount.source.value, Writer{&m, mount.source.loc});
      // The first writer may mount its volume more than once; that is still one writer.
      if (fresh || first->second.module == &m) continue;
      Diagnostic* d = report.report(
          m, mount.source.loc,
          "module " + m.name.value + " mounts volume " + mount.source.value +
              " read-write, but module " + first->second.module->name.value + " already writes it",
          "add `read_only: true` here: one module writes a shared volume, the others read it");
      if (d) d->notes.push_back({"first writer here", first->second.at});
    }
  }
}

}  // namespace gen::check
