#include "check/registry.h"

#include "check/families.h"

namespace gen::check {

const std::vector<Rule>& rules() {
  // Ids are stable: specs waive them and CI logs cite them. Add, never rename.
  static const std::vector<Rule> table{
      {"non-root-user", Severity::Error, true,
       "every module runs as a numeric uid and gid other than 0", check_non_root_user},
      {"no-secret-values", Severity::Error, true,
       "secrets are passed by reference, never written into the spec", check_no_secret_values},
      {"unmarked-secret", Severity::Warning, true,
       "a variable named like a secret is declared secret: true", check_unmarked_secret},
      {"loopback-ports", Severity::Error, true,
       "published ports bind a loopback address", check_loopback_ports},
      {"unique-host-ports", Severity::Error, false,
       "no two ports publish the same host port, protocol and address", check_unique_host_ports},
      {"low-container-port", Severity::Warning, true,
       "a non-root process listens on a container port of 1024 or above",
       check_low_container_port},
      {"read-only-conf", Severity::Error, true,
       "conf, config and other modules' directories are mounted read-only", check_read_only_conf},
      {"mount-targets", Severity::Error, false,
       "mount targets are absolute, normalised and unique within a module", check_mount_targets},
      {"shared-volume-writers", Severity::Error, true,
       "a named volume shared by several modules has at most one writer",
       check_shared_volume_writers},
      {"project-paths", Severity::Error, false,
       "config files, build contexts and own Dockerfiles are regular files and directories in "
       "the spec's directory tree",
       check_project_paths},
      {"own-dockerfile", Severity::Error, false,
       "a module's own Dockerfile is a text file with the stage build.target names",
       check_own_dockerfile},
      {"dockerfile-user", Severity::Error, true,
       "a module's own Dockerfile does not make its image run as root or as a user name",
       check_dockerfile_user},
      {"dockerfile-override", Severity::Warning, true,
       "what the spec overrides in a module's own Dockerfile (USER, HEALTHCHECK) agrees with it",
       check_dockerfile_override},
      {"host-binds", Severity::Error, true, "bind mounts name paths in the spec's directory tree",
       check_host_binds},
      {"no-privileged", Severity::Error, true, "no module runs privileged", check_no_privileged},
      {"no-host-network", Severity::Error, true, "no module uses the host's network namespace",
       check_no_host_network},
      {"no-engine-socket", Severity::Error, true,
       "no module mounts a container engine's socket", check_no_engine_socket},
      {"no-added-capabilities", Severity::Error, true,
       "no module adds a capability back after dropping all", check_no_added_capabilities},
      {"no-host-devices", Severity::Error, true, "no module is given a host device",
       check_no_host_devices},
      {"read-only-rootfs", Severity::Error, true, "every module's root filesystem is read-only",
       check_read_only_rootfs},
      {"restart-policy", Severity::Error, true,
       "every long-running module has a restart policy other than no", check_restart_policy},
      {"health-check", Severity::Error, true,
       "every long-running module has a usable health check", check_health_check},
      {"probe-port", Severity::Warning, true,
       "health probes target a port the module declares", check_probe_port},
      {"stop-grace-drain", Severity::Error, true,
       "the stop grace period covers the drain time a module declares", check_stop_grace_drain},
      {"dependency-target", Severity::Error, false,
       "depends_on and talks_to name a module that runs, other than itself (talks_to: one with "
       "a port on a shared network)",
       check_dependency_target},
      {"dependency-condition", Severity::Error, false,
       "healthy needs a health check on the target, completed a job", check_dependency_condition},
      {"dependency-cycle", Severity::Error, false, "depends_on has no cycles",
       check_dependency_cycle},
      {"schedule", Severity::Error, false,
       "a schedule is on a job, a cron expression systemd's calendar can say, and nothing "
       "depends on it",
       check_schedule},
      {"routes", Severity::Error, false,
       "a route names a service and one of its TCP ports, a declared TLS secret, and requests "
       "no other route claims",
       check_routes},
      {"egress", Severity::Error, false,
       "an egress entry is a CIDR block gen reads exactly, on a module that runs on a network",
       check_egress},
      {"addresses", Severity::Error, false,
       "a network's subnet and gateway and each module's static address are IPv4 values gen "
       "reads exactly: an address inside its network's subnet, not its network, broadcast or "
       "gateway address, once per network; subnets do not overlap",
       check_addresses},
      {"autoscale", Severity::Error, false,
       "an autoscaled module is a service with min <= max and a cpu or memory target it "
       "requests",
       check_autoscale},
      {"requests-within-limits", Severity::Error, false,
       "resource requests are valid quantities not above their limits",
       check_requests_within_limits},
      {"pinned-prod-images", Severity::Error, true,
       "the prod profile refuses latest and untagged images", check_pinned_prod_images},
      {"base-module", Severity::Error, false,
       "chains of base modules (build.base) end at an image", check_base_module},
      {"project-scoped-names", Severity::Error, false,
       "networks and volumes gen creates are named per project; a fixed name is external",
       check_project_scoped_names},
      {"reserved-labels", Severity::Error, false,
       "labels and annotations stay clear of the keys gen and the engines set",
       check_reserved_labels},
      {"host-names", Severity::Error, false,
       "each name a module is reached by (name, hostname, aliases) leads to that module only",
       check_host_names},
      {"target-support", Severity::Error, false,
       "every construct of the spec can be expressed on every target gen renders",
       check_target_support},
      {"kernel-settings", Severity::Error, false,
       "a module's shm_size is a size, each ulimit's soft limit is at most its hard one, and "
       "its sysctls are namespaced (the engines refuse others)",
       check_kernel_settings},
      {"unsafe-sysctls", Severity::Error, true,
       "a module sets only the sysctls the Pod Security Standards call safe",
       check_unsafe_sysctls},
      {"target-gap", Severity::Warning, true,
       "a construct one target cannot express is said, with what that target does instead",
       check_target_gap},
      {"setup-steps", Severity::Error, false,
       "setup steps run in a module that runs, each under a name of its own", check_setup_steps},
      {"waiver", Severity::Error, false,
       "a waiver names a waivable rule and gives a reason", check_waivers},
  };
  return table;
}

const Rule* find_rule(const std::string& id) {
  for (const auto& r : rules())
    if (id == r.id) return &r;
  return nullptr;
}

std::vector<std::string> rule_ids() {
  std::vector<std::string> ids;
  for (const auto& r : rules()) ids.emplace_back(r.id);
  return ids;
}

}  // namespace gen::check
