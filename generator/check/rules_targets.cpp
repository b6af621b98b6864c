// target-support: a construct of the spec that one of the targets gen renders
// cannot express is refused before rendering, at the construct, instead of
// being dropped from that target's artifacts.
#include "check/families.h"

namespace gen::check {

void check_target_support(const spec::Spec& spec, Reporter& report) {
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
