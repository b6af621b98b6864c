#include "values/capability.h"

#include <algorithm>
#include <cctype>

namespace gen::values {

const std::vector<std::string>& capability_names() {
  // linux/capability.h, CAP_CHOWN (0) to CAP_CHECKPOINT_RESTORE (40).
  static const std::vector<std::string> names = {
      "CHOWN",           "DAC_OVERRIDE",   "DAC_READ_SEARCH",  "FOWNER",       "FSETID",
      "KILL",            "SETGID",         "SETUID",           "SETPCAP",      "LINUX_IMMUTABLE",
      "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN",        "NET_RAW",      "IPC_LOCK",
      "IPC_OWNER",       "SYS_MODULE",     "SYS_RAWIO",        "SYS_CHROOT",   "SYS_PTRACE",
      "SYS_PACCT",       "SYS_ADMIN",      "SYS_BOOT",         "SYS_NICE",     "SYS_RESOURCE",
      "SYS_TIME",        "SYS_TTY_CONFIG", "MKNOD",            "LEASE",        "AUDIT_WRITE",
      "AUDIT_CONTROL",   "SETFCAP",        "MAC_OVERRIDE",     "MAC_ADMIN",    "SYSLOG",
      "WAKE_ALARM",      "BLOCK_SUSPEND",  "AUDIT_READ",       "PERFMON",      "BPF",
      "CHECKPOINT_RESTORE"};
  return names;
}

std::string capability_name(std::string_view text) {
  std::string up;
  for (char c : text) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up.rfind("CAP_", 0) == 0) up.erase(0, 4);
  const auto& names = capability_names();
  return std::find(names.begin(), names.end(), up) != names.end() ? up : std::string();
}

int capabilities_level(const std::vector<std::string>& names) {
  // Pod Security Standards, "Capabilities" (baseline) and "Capabilities"
  // (restricted: only NET_BIND_SERVICE may be added back).
  static const std::vector<std::string> baseline = {
      "AUDIT_WRITE", "CHOWN",   "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",      "MKNOD",
      "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"};
  int level = 0;
  for (const auto& n : names) {
    if (n == "NET_BIND_SERVICE") continue;
    level = std::max(level, std::find(baseline.begin(), baseline.end(), n) != baseline.end() ? 1 : 2);
  }
  return level;
}

}  // namespace gen::values
