#include "values/sysctl.h"

#include <algorithm>

namespace gen::values {

namespace {
bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
}  // namespace

bool is_namespaced_sysctl(std::string_view name) {
  return (starts_with(name, "net.") && name.size() > 4) || starts_with(name, "kernel.shm") ||
         starts_with(name, "kernel.msg") || name == "kernel.sem" ||
         (starts_with(name, "fs.mqueue.") && name.size() > 10);
}

// Pod Security Standards, baseline, "Sysctls" (Kubernetes 1.29 and later).
const std::vector<std::string>& safe_sysctls() {
  static const std::vector<std::string> kSafe = {"kernel.shm_rmid_forced",
                                                 "net.ipv4.ip_local_port_range",
                                                 "net.ipv4.ip_unprivileged_port_start",
                                                 "net.ipv4.tcp_syncookies",
                                                 "net.ipv4.ping_group_range",
                                                 "net.ipv4.ip_local_reserved_ports",
                                                 "net.ipv4.tcp_keepalive_time",
                                                 "net.ipv4.tcp_fin_timeout",
                                                 "net.ipv4.tcp_keepalive_intvl",
                                                 "net.ipv4.tcp_keepalive_probes"};
  return kSafe;
}

bool is_safe_sysctl(std::string_view name) {
  const auto& safe = safe_sysctls();
  return std::find(safe.begin(), safe.end(), name) != safe.end();
}

}  // namespace gen::values
