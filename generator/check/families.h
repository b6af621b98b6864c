// The check functions of every rule, grouped by the file that defines them.
// Only registry.cpp needs this header; the rule ids are listed there.
#pragma once

#include "check/rule.h"

namespace gen::check {

// rules_identity.cpp
void check_non_root_user(const spec::Spec& spec, Reporter& report);

// rules_secrets.cpp
void check_no_secret_values(const spec::Spec& spec, Reporter& report);
void check_unmarked_secret(const spec::Spec& spec, Reporter& report);

// rules_ports.cpp
void check_loopback_ports(const spec::Spec& spec, Reporter& report);
void check_unique_host_ports(const spec::Spec& spec, Reporter& report);
void check_low_container_port(const spec::Spec& spec, Reporter& report);

// rules_mounts.cpp
void check_read_only_conf(const spec::Spec& spec, Reporter& report);
void check_mount_targets(const spec::Spec& spec, Reporter& report);
void check_shared_volume_writers(const spec::Spec& spec, Reporter& report);

// rules_paths.cpp
void check_project_paths(const spec::Spec& spec, Reporter& report);
void check_host_binds(const spec::Spec& spec, Reporter& report);

// rules_dockerfile.cpp
void check_own_dockerfile(const spec::Spec& spec, Reporter& report);
void check_dockerfile_user(const spec::Spec& spec, Reporter& report);
void check_dockerfile_override(const spec::Spec& spec, Reporter& report);

// rules_isolation.cpp
void check_no_privileged(const spec::Spec& spec, Reporter& report);
void check_no_added_capabilities(const spec::Spec& spec, Reporter& report);
void check_no_host_devices(const spec::Spec& spec, Reporter& report);
void check_read_only_rootfs(const spec::Spec& spec, Reporter& report);
void check_no_host_network(const spec::Spec& spec, Reporter& report);
void check_no_engine_socket(const spec::Spec& spec, Reporter& report);

// rules_names.cpp
void check_project_scoped_names(const spec::Spec& spec, Reporter& report);

// rules_lifecycle.cpp
void check_restart_policy(const spec::Spec& spec, Reporter& report);
void check_health_check(const spec::Spec& spec, Reporter& report);
void check_probe_port(const spec::Spec& spec, Reporter& report);
void check_stop_grace_drain(const spec::Spec& spec, Reporter& report);

// rules_dependencies.cpp
void check_dependency_target(const spec::Spec& spec, Reporter& report);
void check_dependency_condition(const spec::Spec& spec, Reporter& report);
void check_dependency_cycle(const spec::Spec& spec, Reporter& report);

// rules_schedule.cpp
void check_schedule(const spec::Spec& spec, Reporter& report);

// rules_routes.cpp
void check_routes(const spec::Spec& spec, Reporter& report);
// rules_egress.cpp
void check_egress(const spec::Spec& spec, Reporter& report);

// rules_addresses.cpp
void check_addresses(const spec::Spec& spec, Reporter& report);

// rules_autoscale.cpp
void check_autoscale(const spec::Spec& spec, Reporter& report);

// rules_resources.cpp
void check_requests_within_limits(const spec::Spec& spec, Reporter& report);

// rules_images.cpp
void check_pinned_prod_images(const spec::Spec& spec, Reporter& report);
void check_base_module(const spec::Spec& spec, Reporter& report);

// rules_targets.cpp
void check_target_support(const spec::Spec& spec, Reporter& report);

// rules_setup.cpp
void check_setup_steps(const spec::Spec& spec, Reporter& report);
// rules_labels.cpp
void check_reserved_labels(const spec::Spec& spec, Reporter& report);
// rules_host_names.cpp
void check_host_names(const spec::Spec& spec, Reporter& report);

// rules_kernel.cpp
void check_kernel_settings(const spec::Spec& spec, Reporter& report);
void check_unsafe_sysctls(const spec::Spec& spec, Reporter& report);
// rules_target_gap.cpp
void check_target_gap(const spec::Spec& spec, Reporter& report);
// waivers.cpp
void check_waivers(const spec::Spec& spec, Reporter& report);

}  // namespace gen::check
