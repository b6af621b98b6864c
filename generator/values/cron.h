// Cron expressions as a schedule writes them ("*/15 9-17 * * MON-FRI",
// "@daily"): the one grammar gen reads them with, parsed once into the set of
// minutes, hours, days, months and weekdays they allow. Kubernetes gets the
// canonical 5-field form (cron()), systemd timers the same set in calendar
// syntax (calendar()); both are spelled from the sets, so they cannot drift.
//
// Accepted: 5 fields (minute hour day-of-month month day-of-week); in each a
// `*`, a number, a range `a-b`, a step `*/s`, `a-b/s` or `a/s` (a to the
// field's end), and comma lists of those; month names JAN..DEC and weekday
// names SUN..SAT (any case); weekday 7 is Sunday; the macros @yearly,
// @annually, @monthly, @weekly, @daily, @midnight and @hourly.
// Refused (an error with a message): @reboot (not a schedule), anything else,
// and expressions systemd's calendar syntax cannot say: cron runs when the
// day of month OR the weekday matches once both are restricted, a calendar
// event needs both; and days that no chosen month has (never runs).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gen::values {

enum class CronField { Minute, Hour, Day, Month, Weekday };

class Cron {
 public:
  struct Result;  // the expression, or why not
  static Result parse(std::string_view text);

  const std::string& text() const { return text_; }  // as written
  // The canonical 5-field form: numbers only, `*` for a whole field, runs
  // as ranges and regular steps as `a-b/s` (Kubernetes' schedule).
  std::string cron() const;
  // The systemd calendar event (OnCalendar=) for the same times, without a
  // time zone: `[Weekdays ]*-MM-DD HH:MM:00`.
  std::string calendar() const;
  // Whether the schedule fires at this time (weekday 0 = Sunday).
  bool matches(int minute, int hour, int day, int month, int weekday) const;
  bool allows(CronField f, int value) const;

 private:
  std::string text_;
  std::array<uint64_t, 5> bits_{};  // bit v set: value v allowed (weekday 0..6)
};

struct Cron::Result {
  std::optional<Cron> cron;
  std::string error;  // set exactly when cron is not
  // The error is about what systemd cannot say, not about cron syntax.
  bool inexpressible = false;
  // The expression is valid cron but names no day that exists.
  bool never = false;
};

}  // namespace gen::values
