// schedule: issue 21 (scheduled jobs: compose-spec#92, score-k8s#20,
// podman-compose#1454). A schedule is one cron expression that every target
// must run at the same times: Kubernetes reads cron, systemd a calendar event,
// so what the calendar cannot say (or what never runs) is refused here, at
// the expression, rather than rendered as two different schedules.
#include "check/effective.h"
#include "check/families.h"

namespace gen::check {

void check_schedule(const spec::Spec& spec, Reporter& report) {
  const ModuleIndex modules(spec);
  for (const auto& m : spec.modules) {
    if (m.schedule) {
      const spec::Schedule& s = *m.schedule;
      if (module_kind(m) != "job") {
        report.report(m, s.loc,
                      "module " + m.name.value + " is a " + module_kind(m) +
                          ": only a job (kind: job) runs on a schedule",
                      "set `kind: job` on a module that runs to completion, or remove schedule");
      } else if (!s.parsed.cron) {
        report.report(m, s.cron.loc, "schedule of module " + m.name.value + ": " + s.parsed.error,
                      s.parsed.inexpressible
                          ? "restrict the day of month or the day of week, not both (e.g. `0 3 "
                            "1 * *` or `0 3 * * MON`); for both, write two scheduled jobs"
                      : s.parsed.never
                          ? "choose days the months have (February has 29 at most, April, June, "
                            "September and November 30)"
                          : "write 5 fields (minute hour day-of-month month day-of-week), e.g. "
                            "`30 2 * * MON-FRI`, or a macro such as @daily");
      }
    }
    for (const auto& dep : m.depends_on) {
      const spec::Module* target = modules.find(dep.module.value);
      if (!target || target == &m || !target->schedule) continue;
      report.report(m, dep.module.loc,
                    "module " + m.name.value + " depends on " + target->name.value +
                        ", which runs on its schedule, not when the project starts",
                    "remove this depends_on entry; a scheduled job starts on its timer only");
    }
  }
}

}  // namespace gen::check
