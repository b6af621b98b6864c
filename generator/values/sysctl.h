// Kernel parameters a container may set (`sysctls`): which ones a container
// engine can set at all (namespaced: they belong to the container's own
// network, IPC or mqueue namespace), and which ones the Kubernetes Pod
// Security Standards call safe (docs/k8s.md, "Pod Security levels").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gen::values {

// net.*, kernel.shm*, kernel.msg*, kernel.sem, fs.mqueue.*: the sysctls
// runc and crun accept for a container of its own namespaces; any other
// fails when the container starts.
bool is_namespaced_sysctl(std::string_view name);

// The sysctls the baseline (and so the restricted) Pod Security Standard
// allows, in the order the standard lists them; any other needs privileged.
const std::vector<std::string>& safe_sysctls();
bool is_safe_sysctl(std::string_view name);

}  // namespace gen::values
