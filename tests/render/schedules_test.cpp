// Scheduled jobs (issue 21) on every target, from specs/nightly.yaml: a
// restricted CronJob, a systemd timer beside the job's unit (Quadlet and
// classic), an on-demand compose service, and CONTRACT.md's Schedules.
// Expectations are written from the spec (cron "30 2 * * MON-FRI" in
// Europe/Berlin), Kubernetes' CronJob API and systemd.timer(5).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "k8s_output.h"

using namespace gen::test;
namespace fs = std::filesystem;

namespace {

// specs/nightly.yaml with its systemd target replaced by `systemd`.
struct NightlyAs {
  fs::path dir;
  explicit NightlyAs(const std::string& systemd) {
    static int n = 0;
    dir = fs::temp_directory_path() /
          ("gen-schedules-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string text = k8s_slurp(spec_path("nightly"));
    size_t at = text.find("  systemd: {flavor: quadlet}");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("  systemd: {flavor: quadlet}").size(), "  systemd: " + systemd);
    std::ofstream(dir / "nightly.yaml") << text;
  }
  ~NightlyAs() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string spec() const { return (dir / "nightly.yaml").string(); }
};

}  // namespace

TEST_CASE("a scheduled job is a restricted CronJob at the same times, and no Job") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("nightly")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = k8s_objects(out);
  CHECK_FALSE(objects.count("Job/backup"));
  CHECK_FALSE(objects.count("PodDisruptionBudget/backup"));
  REQUIRE(objects.count("CronJob/backup"));
  CHECK(objects.at("CronJob/backup").path == "k8s/base/modules/backup/cronjob.yaml");
  YAML::Node cron = objects.at("CronJob/backup").node;
  CHECK(cron["apiVersion"].as<std::string>() == "batch/v1");
  CHECK(cron["spec"]["schedule"].as<std::string>() == "30 2 * * 1-5");
  CHECK(cron["spec"]["timeZone"].as<std::string>() == "Europe/Berlin");
  CHECK(cron["spec"]["concurrencyPolicy"].as<std::string>() == "Forbid");
  CHECK(cron["spec"]["successfulJobsHistoryLimit"].as<int>() == 3);
  CHECK(cron["spec"]["failedJobsHistoryLimit"].as<int>() == 1);
  YAML::Node pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  REQUIRE(pod.IsMap());
  CHECK(pod["restartPolicy"].as<std::string>() == "Never");
  CHECK(pod["securityContext"]["runAsNonRoot"].as<bool>());
  CHECK(pod["securityContext"]["runAsUser"].as<int>() == 70);
  CHECK(pod["securityContext"]["seccompProfile"]["type"].as<std::string>() == "RuntimeDefault");
  YAML::Node c = pod["containers"][0];
  CHECK(c["securityContext"]["allowPrivilegeEscalation"].as<bool>() == false);
  CHECK(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
  CHECK(c["securityContext"]["capabilities"]["drop"][0].as<std::string>() == "ALL");
  CHECK_FALSE(c["livenessProbe"]);  // a job has no probes
  CHECK(c["args"][0].as<std::string>() == "pg_dumpall");
  // The NetworkPolicy selects the CronJob's pods by the labels they carry.
  YAML::Node labels = cron["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"];
  YAML::Node selector = objects.at("NetworkPolicy/backup").node["spec"]["podSelector"]["matchLabels"];
  REQUIRE(selector.IsMap());
  for (const auto& kv : selector)
    CHECK(labels[kv.first.as<std::string>()].as<std::string>() == kv.second.as<std::string>());
  // kustomize lists the file.
  CHECK(out.at("k8s/base/kustomization.yaml").find("modules/backup/cronjob.yaml") !=
        std::string::npos);
}

TEST_CASE("a scheduled job gets a timer beside its Quadlet unit, which is not enabled") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("nightly")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  REQUIRE(out.has("systemd/backup.timer"));
  const std::string& timer = out.at("systemd/backup.timer");
  CHECK(has_line(timer, "[Timer]"));
  CHECK(has_line(timer, "OnCalendar=Mon..Fri *-*-* 02:30:00 Europe/Berlin"));
  CHECK(has_line(timer, "Unit=backup.service"));
  CHECK(has_line(timer, "Persistent=true"));
  CHECK(has_line(timer, "WantedBy=timers.target"));
  const std::string& unit = out.at("systemd/backup.container");
  CHECK(has_line(unit, "Type=oneshot"));
  CHECK_FALSE(has_line(unit, "RemainAfterExit=yes"));
  CHECK_FALSE(has_line(unit, "[Install]"));
  // The service beside it keeps its [Install]; only scheduled jobs lose it.
  CHECK(has_line(out.at("systemd/db.container"), "[Install]"));
  CHECK_FALSE(out.has("systemd/db.timer"));
}

TEST_CASE("classic units: the same timer, the service unit not enabled") {
  NightlyAs classic("{flavor: service, engine: podman}");
  GenOutput out = run_gen_out({"all", "--spec", classic.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  REQUIRE(out.has("systemd/backup.timer"));
  CHECK(has_line(out.at("systemd/backup.timer"),
                 "OnCalendar=Mon..Fri *-*-* 02:30:00 Europe/Berlin"));
  CHECK(has_line(out.at("systemd/backup.timer"), "Unit=backup.service"));
  const std::string& unit = out.at("systemd/backup.service");
  CHECK(has_line(unit, "Type=oneshot"));
  CHECK_FALSE(has_line(unit, "RemainAfterExit=yes"));
  CHECK_FALSE(has_line(unit, "[Install]"));
  CHECK(unit.find("systemctl daemon-reload && systemctl enable --now backup.timer") !=
        std::string::npos);
}

TEST_CASE("compose runs a scheduled job on demand only, and CONTRACT.md says when it runs") {
  GenOutput out = run_gen_out({"all", "--spec", spec_path("nightly")});
  INFO(out.err);
  REQUIRE(out.code == 0);
  YAML::Node compose = YAML::Load(out.at("compose.yaml"));
  YAML::Node profiles = compose["services"]["backup"]["profiles"];
  REQUIRE(profiles.IsSequence());
  CHECK(profiles[0].as<std::string>() == "scheduled");
  CHECK_FALSE(compose["services"]["db"]["profiles"]);
  const std::string& contract = out.at("CONTRACT.md");
  CHECK(has_line(contract, "## Schedules"));
  CHECK(contract.find("| `backup` | `30 2 * * MON-FRI` | Europe/Berlin | "
                      "`Mon..Fri *-*-* 02:30:00 Europe/Berlin` | forbid | 3 successful, 1 failed |") !=
        std::string::npos);
  CHECK(contract.find("docker compose run --rm <module>") != std::string::npos);
}

TEST_CASE("a scheduled job's labels and annotations are on the CronJob and its pods") {
  NightlyAs as("{flavor: quadlet}");
  std::string text = k8s_slurp(as.spec());
  const std::string key = "  backup:\n";
  size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.insert(at + key.size(),
              "    labels: {example.com/team: data}\n    annotations: {example.com/owner: ops}\n");
  std::ofstream(as.spec()) << text;
  GenOutput out = run_gen_out({"all", "--spec", as.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);  // verify's k8s-labels and k8s-network-peers read the CronJob's pods
  YAML::Node cron = k8s_objects(out).at("CronJob/backup").node;
  CHECK(cron["metadata"]["labels"]["example.com/team"].as<std::string>() == "data");
  CHECK(cron["metadata"]["annotations"]["example.com/owner"].as<std::string>() == "ops");
  YAML::Node pod = cron["spec"]["jobTemplate"]["spec"]["template"]["metadata"];
  CHECK(pod["labels"]["example.com/team"].as<std::string>() == "data");
  CHECK(pod["annotations"]["example.com/owner"].as<std::string>() == "ops");
}

TEST_CASE("a scheduled job's setup steps run before each run, never on their own") {
  NightlyAs as("{flavor: quadlet}");
  std::string text = k8s_slurp(as.spec());
  const std::string key = "  backup:\n";
  size_t at = text.find(key);
  REQUIRE(at != std::string::npos);
  text.insert(at + key.size(), "    setup:\n      - {name: check, command: [pg_isready, -h, db]}\n");
  std::ofstream(as.spec()) << text;
  GenOutput out = run_gen_out({"all", "--spec", as.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);  // verify: schedule-output on compose and the units
  // No timer of its own: backup's timer starts backup, which Requires= the step.
  CHECK_FALSE(out.files.count("systemd/backup-check.timer"));
  REQUIRE(out.files.count("systemd/backup.timer"));
  const std::string& step = out.at("systemd/backup-check.container");
  CHECK(has_line(step, "Type=oneshot"));
  CHECK(step.find("RemainAfterExit=yes") == std::string::npos);
  CHECK_FALSE(has_line(step, "[Install]"));
  CHECK(has_line(out.at("systemd/backup.container"), "Requires=backup-check.service"));
  // compose: in the job's profile, so `up` leaves it out too.
  const std::string& compose = out.at("compose.yaml");
  size_t svc = compose.find("\n  backup-check:\n");
  REQUIRE(svc != std::string::npos);
  CHECK(compose.find("    profiles:\n      - scheduled\n", svc) <
        compose.find("\n  backup:\n"));
  // Kubernetes: an init container of the CronJob's pod.
  YAML::Node pod = k8s_objects(out).at("CronJob/backup").node["spec"]["jobTemplate"]["spec"]["template"]["spec"];
  REQUIRE(pod["initContainers"].IsSequence());
  CHECK(pod["initContainers"][0]["name"].as<std::string>() == "backup-check");
}
