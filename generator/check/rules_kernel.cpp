// kernel-settings and unsafe-sysctls (issue 20): a module's shm_size,
// ulimits and sysctls are what the engines can apply, and a sysctl the Pod
// Security Standards do not call safe is refused unless waived (Kubernetes
// then needs the privileged level, and the kubelet must allow it).
#include <string>

#include "check/families.h"
#include "values/quantity.h"
#include "values/sysctl.h"

namespace gen::check {

namespace {
// -1 is unlimited, above any number.
bool above(int64_t soft, int64_t hard) { return hard != -1 && (soft == -1 || soft > hard); }
std::string shown(int64_t v) { return v == -1 ? "unlimited (-1)" : std::to_string(v); }
}  // namespace

void check_kernel_settings(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (m.shm_size) {
      auto q = values::Quantity::read(m.shm_size->value);
      if (!q.bytes() || *q.bytes() <= 0)
        report.report(m, m.shm_size->loc,
                      "module " + m.name.value + " sets shm_size " + m.shm_size->value +
                          ", which is no size in bytes",
                      "write a memory quantity such as 256Mi");
      // shm_size is /dev/shm's own mount (Kubernetes: a volume there).
      for (const auto& mt : m.mounts)
        if (mt.target.value == "/dev/shm" || mt.target.value == "/dev/shm/")
          report.report(m, mt.target.loc,
                        "module " + m.name.value +
                            " mounts something at /dev/shm and sets shm_size, which is the "
                            "size of /dev/shm",
                        "keep one: shm_size, or the mount");
    }
    for (const auto& u : m.ulimits)
      if (above(u.soft.value, u.hard.value))
        report.report(m, u.soft.loc,
                      "module " + m.name.value + " sets the soft limit of " + u.name.value +
                          " to " + shown(u.soft.value) + ", above its hard limit " +
                          shown(u.hard.value),
                      "make soft at most hard; a process may raise its soft limit up to the "
                      "hard one");
    for (const auto& [name, value] : m.sysctls)
      if (!values::is_namespaced_sysctl(name.value))
        report.report(m, name.loc,
                      "module " + m.name.value + " sets sysctl " + name.value +
                          ", which is not namespaced: the container would fail to start",
                      "a container may set only net.*, kernel.shm*, kernel.msg*, kernel.sem and "
                      "fs.mqueue.*; set others on the host (sysctl.d)");
  }
}

void check_unsafe_sysctls(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules)
    for (const auto& [name, value] : m.sysctls)
      if (values::is_namespaced_sysctl(name.value) && !values::is_safe_sysctl(name.value))
        report.report(m, name.loc,
                      "module " + m.name.value + " sets sysctl " + name.value +
                          ", outside the Pod Security Standards' safe set: Kubernetes needs "
                          "the privileged level and a kubelet that allows it "
                          "(--allowed-unsafe-sysctls)",
                      "remove it, or waive unsafe-sysctls with a reason (the namespace's Pod "
                      "Security level drops to privileged)");
}

}  // namespace gen::check
