// The cron grammar and its two spellings: Kubernetes' canonical cron and the
// systemd calendar event. The table's expectations are written by hand from
// cron(5) and systemd.time(7); where systemd-analyze exists, every calendar
// event is also handed to it and the times it computes must be exactly the
// times the cron sets allow (found by trying every minute).
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "values/cron.h"

using gen::values::Cron;

namespace {

struct Row {
  const char* cron;      // as a spec writes it
  const char* k8s;       // Cron::cron()
  const char* calendar;  // Cron::calendar()
};

const Row kTable[] = {
    {"* * * * *", "* * * * *", "*-*-* *:*:00"},
    {"0 3 * * *", "0 3 * * *", "*-*-* 03:00:00"},
    {"30 2 * * 1-5", "30 2 * * 1-5", "Mon..Fri *-*-* 02:30:00"},
    {"*/15 * * * *", "*/15 * * * *", "*-*-* *:00/15:00"},
    {"5/20 * * * *", "5-45/20 * * * *", "*-*-* *:05/20:00"},
    {"0 9-17/2 * * MON-FRI", "0 9-17/2 * * 1-5", "Mon..Fri *-*-* 09..17/2:00:00"},
    {"0,30 8,12 * * *", "0,30 8,12 * * *", "*-*-* 08,12:00,30:00"},
    {"0 0 1,15 * *", "0 0 1,15 * *", "*-*-01,15 00:00:00"},
    {"0 0 1 JAN,jul *", "0 0 1 1,7 *", "*-01,07-01 00:00:00"},
    {"0 0 * * SUN", "0 0 * * 0", "Sun *-*-* 00:00:00"},
    {"0 0 * * 7", "0 0 * * 0", "Sun *-*-* 00:00:00"},
    {"0 0 * * 5-7", "0 0 * * 0,5,6", "Fri..Sun *-*-* 00:00:00"},
    {"0 0 * * 0,6", "0 0 * * 0,6", "Sat,Sun *-*-* 00:00:00"},
    {"0 12 * 3-5 *", "0 12 * 3-5 *", "*-03..05-* 12:00:00"},
    {"0 0 */2 * *", "0 0 */2 * *", "*-*-01/2 00:00:00"},
    {"0 0 2-30/7 * *", "0 0 2-30/7 * *", "*-*-02/7 00:00:00"},
    {"0 0 2-20/7 * *", "0 0 2-16/7 * *", "*-*-02..16/7 00:00:00"},
    {"1,2,3,10 * * * *", "1-3,10 * * * *", "*-*-* *:01..03,10:00"},
    {"  15  4  *  *  *  ", "15 4 * * *", "*-*-* 04:15:00"},
    {"@hourly", "0 * * * *", "*-*-* *:00:00"},
    {"@daily", "0 0 * * *", "*-*-* 00:00:00"},
    {"@midnight", "0 0 * * *", "*-*-* 00:00:00"},
    {"@weekly", "0 0 * * 0", "Sun *-*-* 00:00:00"},
    {"@monthly", "0 0 1 * *", "*-*-01 00:00:00"},
    {"@yearly", "0 0 1 1 *", "*-01-01 00:00:00"},
    {"@ANNUALLY", "0 0 1 1 *", "*-01-01 00:00:00"},
    {"0 0 29 2 *", "0 0 29 2 *", "*-02-29 00:00:00"},
};

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// The next `count` times after `base` (UTC seconds) the cron sets allow,
// found by trying every minute for up to twelve years, as systemd-analyze
// prints them ("2026-01-03 00:00:00").
std::vector<std::string> next_times(const Cron& c, time_t base, int count) {
  std::vector<std::string> out;
  time_t t = base - base % 60 + 60;
  for (long i = 0; i < 12L * 366 * 24 * 60 && static_cast<int>(out.size()) < count; ++i, t += 60) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    if (!c.matches(tm.tm_min, tm.tm_hour, tm.tm_mday, tm.tm_mon + 1, tm.tm_wday)) continue;
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    out.push_back(buf);
  }
  return out;
}

}  // namespace

TEST_CASE("cron expressions: the Kubernetes and systemd spellings of a table") {
  for (const auto& row : kTable) {
    INFO(row.cron);
    auto r = Cron::parse(row.cron);
    REQUIRE(r.cron);
    CHECK(r.error.empty());
    CHECK(r.cron->text() == row.cron);
    CHECK(r.cron->cron() == row.k8s);
    CHECK(r.cron->calendar() == row.calendar);
    // The canonical form is itself a cron expression with the same times.
    auto again = Cron::parse(r.cron->cron());
    REQUIRE(again.cron);
    CHECK(again.cron->calendar() == row.calendar);
  }
}

TEST_CASE("cron semantics: steps, ranges, names, Sunday as 0 and 7") {
  auto c = *Cron::parse("*/20 9-10 * JUN-AUG mon-fri").cron;
  CHECK(c.matches(40, 10, 3, 7, 1));
  CHECK_FALSE(c.matches(41, 10, 3, 7, 1));
  CHECK_FALSE(c.matches(40, 11, 3, 7, 1));
  CHECK_FALSE(c.matches(40, 10, 3, 9, 1));
  CHECK_FALSE(c.matches(40, 10, 3, 7, 0));
  auto sunday = *Cron::parse("0 0 * * 7").cron;
  CHECK(sunday.matches(0, 0, 5, 1, 0));
  CHECK_FALSE(sunday.matches(0, 0, 5, 1, 6));
}

TEST_CASE("cron expressions gen refuses, with the reason") {
  const std::string kLong = "0 0 * * *" + std::string(250, ' ') + "1";
  struct Bad {
    const char* cron;
    const char* says;
    bool inexpressible;
    bool never = false;
  };
  const Bad bad[] = {
      {"", "has 5 fields", false},
      {"* * * *", "has 4", false},
      {"* * * * * *", "has 6", false},
      {"60 * * * *", "outside 0-59", false},
      {"* 24 * * *", "outside 0-23", false},
      {"* * 0 * *", "outside 1-31", false},
      {"* * * 13 *", "outside 1-12", false},
      {"* * * * 8", "outside 0-7", false},
      {"5-1 * * * *", "runs backwards", false},
      {"*/0 * * * *", "not a number from 1 to 99", false},
      {"*/x * * * *", "not a number from 1 to 99", false},
      {"1,,2 * * * *", "empty list item", false},
      {"MON * * * *", "other than *, numbers, ranges, steps", false},
      {"* * * FOO *", "and names", false},
      {"* * * * L", "and names", false},
      {"100 * * * *", "other than", false},
      {"@reboot", "not a schedule", false},
      {"@often", "not a cron macro", false},
      {kLong.c_str(), "characters long; 256 at most", false},
      // What systemd's calendar syntax cannot say, or what never runs.
      {"0 0 1 * MON", "both restricted", true},
      {"0 0 */2 * 1-5", "both restricted", true},
      {"0 0 30 2 *", "never occurs", false, true},
      {"0 0 31 4,6,9,11 *", "never occurs", false, true},
  };
  for (const auto& b : bad) {
    INFO(b.cron);
    auto r = Cron::parse(b.cron);
    CHECK_FALSE(r.cron);
    CHECK(r.error.find(b.says) != std::string::npos);
    CHECK(r.inexpressible == b.inexpressible);
    CHECK(r.never == b.never);
  }
}

TEST_CASE("systemd-analyze reads each calendar event as the same times (when installed)") {
  if (run("command -v systemd-analyze").empty()) {
    WARN("systemd-analyze not installed: the calendar events are checked against the table only");
    return;
  }
  const time_t base = 1767225600;  // 2026-01-01 00:00:00 UTC, a Thursday
  for (const auto& row : kTable) {
    auto c = *Cron::parse(row.cron).cron;
    std::string event = c.calendar() + " UTC";
    INFO(row.cron << " -> " << event);
    std::string out = run("systemd-analyze calendar --iterations=3 "
                          "--base-time='2026-01-01 00:00:00 UTC' '" + event + "' 2>&1");
    // systemd's normalized form is what gen wrote: nothing was reinterpreted.
    CHECK(out.find("Normalized form: " + event + "\n") != std::string::npos);
    std::vector<std::string> got;
    for (size_t at = 0; (at = out.find(" UTC\n", at)) != std::string::npos; ++at) {
      size_t line = out.rfind('\n', at);
      std::string text = out.substr(line + 1, at - line - 1);
      if (text.find("elapse:") == std::string::npos && text.find("Iter.") == std::string::npos)
        continue;
      got.push_back(text.substr(text.size() - 19));  // "2026-01-03 00:00:00"
    }
    CHECK(got == next_times(c, base, 3));
  }
}
