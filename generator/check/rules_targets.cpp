// target-support: a construct of the spec that one of the targets gen renders
// cannot express is refused before rendering, at the construct, instead of
// being dropped from that target's artifacts.
#include "check/families.h"

namespace gen::check {
namespace {

// targets.k8s.expose names each exposing module's extra Service
// `<module>-public`: a Service name is a DNS label of at most 63 characters.
// (Any published port counts: which bind a profile selects is not known here.)
void check_public_service_names(const spec::Spec& spec, Reporter& report) {
  if (!spec.k8s.expose || spec.k8s.expose->value == "none") return;
  constexpr size_t kSuffix = 7;  // "-public"
  for (const auto& m : spec.modules) {
    if (m.name.value.size() + kSuffix <= 63) continue;
    for (const auto& p : m.ports)
      if (p.host) {
        report.report(m, m.name.loc,
                      "module " + m.name.value + " publishes a port, and targets.k8s.expose (" +
                          spec.k8s.expose->value + ") names its public Service " + m.name.value +
                          "-public, longer than the 63 characters of a Kubernetes name",
                      "shorten the module's name to 56 characters or less");
        break;
      }
  }
}

}  // namespace

void check_target_support(const spec::Spec& spec, Reporter& report) {
  check_public_service_names(spec, report);
  // Classic units under Docker: `docker run` has no secret store (secrets
  // are a Swarm feature), so only a secret with a file can be bind-mounted.
  const bool docker_units = spec.systemd.engine && spec.systemd.engine->value == "docker";
  if (!docker_units) return;
  for (const auto& m : spec.modules)
    for (const auto& mount : m.mounts)
      if (mount.kind == spec::Mount::Kind::Secret && !mount.file)
        report.report(m, mount.source.loc,
                      "secret " + mount.source.value + " of module " + m.name.value +
                          " is an existing secret, which the classic units cannot mount under "
                          "Docker (targets.systemd.engine: docker has no secret store)",
                      "give the file that holds it (`file: ./secrets/" + mount.source.value +
                          "`), which every target can mount, or use engine: podman");
}

}  // namespace gen::check
