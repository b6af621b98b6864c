// autoscale: issue 21 (kompose#1631). `replicas: {min, max, cpu, memory}`
// becomes a HorizontalPodAutoscaler, which scales on the pods' use as a
// percent of their requests: without the request the metric does not exist
// and the autoscaler never acts, so that is refused here, at the target.
#include "check/effective.h"
#include "check/families.h"

namespace gen::check {

void check_autoscale(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (!m.autoscale) continue;
    const spec::Autoscale& a = *m.autoscale;
    if (module_kind(m) != "service") {
      report.report(m, a.loc,
                    "module " + m.name.value + " is a " + module_kind(m) +
                        ": only a service (long-running) is autoscaled",
                    "give a job or base module a count (replicas: 1), or remove replicas");
      continue;
    }
    if (a.min.value > a.max.value)
      report.report(m, a.max.loc,
                    "module " + m.name.value + " scales up to max " +
                        std::to_string(a.max.value) + ", below its min " +
                        std::to_string(a.min.value),
                    "set max at least min");
    if (!a.cpu && !a.memory)
      report.report(m, a.loc,
                    "module " + m.name.value + " is autoscaled on nothing: give a cpu or memory "
                    "target",
                    "e.g. `replicas: {min: 2, max: 10, cpu: 70}` with a CPU request");
    bool cpu_request = m.resources && m.resources->cpu.request;
    bool memory_request = m.resources && m.resources->memory.request;
    if (a.cpu && !cpu_request)
      report.report(m, a.cpu->loc,
                    "module " + m.name.value + " scales on CPU use, a percent of its CPU request, "
                    "but requests no CPU",
                    "add resources: {cpu: [<request>, <limit>]} to the module");
    if (a.memory && !memory_request)
      report.report(m, a.memory->loc,
                    "module " + m.name.value + " scales on memory use, a percent of its memory "
                    "request, but requests no memory",
                    "add resources: {memory: [<request>, <limit>]} to the module");
  }
}

}  // namespace gen::check
