// Verify on a scheduled job (specs/nightly.yaml): gen's own output passes;
// each copy with one schedule fact changed (the CronJob's times, zone,
// policy; its pod's security; the timer's calendar, unit or install; the
// job's unit enabled or staying active; the compose service's profile) gives
// an error with the rule that names it.
#include <catch2/catch.hpp>

#include "verified_output.h"

using gen::test::has_rule;

namespace {

// specs/nightly.yaml rendered by gen.
struct Nightly : gen::test::VerifiedOutput {
  Nightly() : VerifiedOutput(gen::test::spec_path("nightly")) {}
};

const char* kCron = "k8s/base/modules/backup/cronjob.yaml";

}  // namespace

TEST_CASE("verify accepts gen's own output for a scheduled job") {
  Nightly n;
  CHECK(n.errors().empty());
}

TEST_CASE("verify refuses a CronJob that runs at other times than the spec's") {
  struct Case {
    const char* from;
    const char* to;
    const char* says;
  };
  const Case cases[] = {
      {"schedule: \"30 2 * * 1-5\"", "schedule: \"30 2 * * *\"", "schedule is '30 2 * * *'"},
      {"timeZone: Europe/Berlin", "timeZone: UTC", "timeZone is 'UTC'"},
      {"concurrencyPolicy: Forbid", "concurrencyPolicy: Allow", "concurrencyPolicy is 'Allow'"},
      {"failedJobsHistoryLimit: 1", "failedJobsHistoryLimit: 10", "failedJobsHistoryLimit is '10'"},
  };
  for (const auto& c : cases) {
    Nightly n;
    n.mutate(kCron, c.from, c.to);
    auto e = n.errors();
    INFO(c.from);
    CHECK(e.size() == 1);
    CHECK(has_rule(e, "schedule-output", c.says));
  }
}

TEST_CASE("verify checks the CronJob's pod like every pod") {
  Nightly n;
  n.mutate(kCron, "runAsNonRoot: true", "runAsNonRoot: false");
  CHECK(has_rule(n.errors(), "k8s-run-as-non-root", ""));
  Nightly j;
  j.mutate(kCron, "kind: CronJob", "kind: Job");
  CHECK(has_rule(j.errors(), "k8s-workload", "module backup has no CronJob"));
}

TEST_CASE("verify refuses a timer at other times, for another unit, or missing") {
  Nightly cal;
  cal.mutate("systemd/backup.timer", "OnCalendar=Mon..Fri *-*-* 02:30:00 Europe/Berlin",
             "OnCalendar=Mon..Fri *-*-* 02:30:00");
  auto e = cal.errors();
  CHECK(e.size() == 1);
  CHECK(has_rule(e, "schedule-output", "OnCalendar= is 'Mon..Fri *-*-* 02:30:00'"));

  Nightly unit;
  unit.mutate("systemd/backup.timer", "Unit=backup.service", "Unit=db.service");
  CHECK(has_rule(unit.errors(), "schedule-output", "Unit= is 'db.service'"));

  Nightly install;
  install.mutate("systemd/backup.timer", "WantedBy=timers.target", "WantedBy=default.target");
  CHECK(has_rule(install.errors(), "schedule-output", "WantedBy= is 'default.target'"));

  Nightly missing;
  missing.files.erase("systemd/backup.timer");
  CHECK(has_rule(missing.errors(), "schedule-output", "systemd/backup.timer is missing"));
}

TEST_CASE("verify refuses a scheduled job's unit enabled for boot or staying active") {
  Nightly boot;
  boot.files.at("systemd/backup.container").content += "\n[Install]\nWantedBy=default.target\n";
  CHECK(has_rule(boot.errors(), "schedule-output", "[Install] section"));

  Nightly active;
  active.mutate("systemd/backup.container", "Type=oneshot\n", "Type=oneshot\nRemainAfterExit=yes\n");
  CHECK(has_rule(active.errors(), "schedule-output", "RemainAfterExit="));
}

TEST_CASE("verify refuses a scheduled job's compose service that up would start") {
  Nightly n;
  n.mutate("compose.yaml", "    profiles:\n      - scheduled\n", "");
  auto e = n.errors();
  CHECK(e.size() == 1);
  CHECK(has_rule(e, "schedule-output", "is in no profile"));
}
