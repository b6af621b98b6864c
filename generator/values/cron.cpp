#include "values/cron.h"

#include <cctype>
#include <vector>

namespace gen::values {
namespace {

struct FieldInfo {
  const char* noun;
  int min, max;
  const char* const* names;  // names[i] spells value min + i; nullptr: numbers only
};

const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                               "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const kWeekdays[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};
// systemd orders weekdays from Monday: its runs (Fri..Sun) and normalized
// form follow that order.
const char* const kCalendarDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// Weekday accepts 7 (Sunday again) while parsing; it is folded into 0.
const FieldInfo kFields[5] = {{"minute", 0, 59, nullptr},
                              {"hour", 0, 23, nullptr},
                              {"day of month", 1, 31, nullptr},
                              {"month", 1, 12, kMonths},
                              {"day of week", 0, 7, kWeekdays}};

struct Macro {
  const char* name;
  const char* expansion;
};
const Macro kMacros[] = {{"@yearly", "0 0 1 1 *"},  {"@annually", "0 0 1 1 *"},
                         {"@monthly", "0 0 1 * *"}, {"@weekly", "0 0 * * 0"},
                         {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"},
                         {"@hourly", "0 * * * *"}};

bool equal_fold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// One value of a field: digits (at most 2) or a name; nullopt otherwise.
std::optional<int> value_of(std::string_view s, const FieldInfo& f) {
  if (s.empty()) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(s[0]))) {
    if (s.size() > 2) return std::nullopt;
    int n = 0;
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  if (f.names)
    for (int i = 0; i <= f.max - f.min && i < (f.names == kMonths ? 12 : 7); ++i)
      if (equal_fold(s, f.names[i])) return f.min + i;
  return std::nullopt;
}

// Parses one field into bits; returns an error message or "".
std::string parse_field(std::string_view field, const FieldInfo& f, uint64_t& bits) {
  const std::string quoted = "'" + std::string(field) + "'";
  size_t start = 0;
  while (start <= field.size()) {
    size_t comma = field.find(',', start);
    if (comma == std::string_view::npos) comma = field.size();
    std::string_view item = field.substr(start, comma - start);
    start = comma + 1;
    if (item.empty()) return "the " + std::string(f.noun) + " field " + quoted + " has an empty list item";
    int step = 1;
    size_t slash = item.find('/');
    if (slash != std::string_view::npos) {
      std::string_view s = item.substr(slash + 1);
      bool digits = !s.empty() && s.size() <= 2;
      for (char c : s) digits = digits && std::isdigit(static_cast<unsigned char>(c));
      if (!digits || std::stoi(std::string(s)) == 0)
        return "the step in " + std::string(f.noun) + " field " + quoted +
               " is not a number from 1 to 99";
      step = std::stoi(std::string(s));
      item = item.substr(0, slash);
    }
    int lo, hi;
    if (item == "*") {
      lo = f.min, hi = f.max;
    } else {
      size_t dash = item.find('-');
      auto a = value_of(item.substr(0, dash), f);
      auto b = dash == std::string_view::npos ? a : value_of(item.substr(dash + 1), f);
      if (!a || !b)
        return "the " + std::string(f.noun) + " field " + quoted +
               " holds something other than *, numbers, ranges, steps" +
               (f.names ? " and names" : "");
      lo = *a;
      // `a/s` runs from a to the field's end, as in `a-max/s`.
      hi = dash == std::string_view::npos && slash != std::string_view::npos ? f.max : *b;
      if (lo < f.min || hi > f.max || lo > f.max || hi < f.min)
        return "the " + std::string(f.noun) + " field " + quoted + " goes outside " +
               std::to_string(f.min) + "-" + std::to_string(f.max);
      if (lo > hi)
        return "the range in " + std::string(f.noun) + " field " + quoted +
               " runs backwards (cron ranges do not wrap around)";
    }
    for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << v;
  }
  return "";
}

uint64_t full(const FieldInfo& f, int max) {
  uint64_t bits = 0;
  for (int v = f.min; v <= max; ++v) bits |= uint64_t{1} << v;
  return bits;
}

std::string pad(int v, bool two) {
  std::string s = std::to_string(v);
  return two && s.size() < 2 ? "0" + s : s;
}

// The values of a set in the shortest form: `*`, one regular step (`a/s` or
// `a..b/s` in systemd, `*/s` or `a-b/s` in cron), or a list of single values
// and runs (a..b, a-b).
struct Spelling {
  const char* range;  // ".." (systemd) or "-" (cron)
  bool pad;           // systemd: two digits (its normalized form), `a/s`
  const char* const* names;  // weekday names; no steps then
};

std::string spell(uint64_t bits, int min, int max, const Spelling& sp) {
  std::vector<int> v;
  for (int i = min; i <= max; ++i)
    if (bits >> i & 1) v.push_back(i);
  if (static_cast<int>(v.size()) == max - min + 1) return "*";
  auto one = [&](int x) { return sp.names ? std::string(sp.names[x]) : pad(x, sp.pad); };
  if (!sp.names && v.size() >= 3 && v[1] - v[0] > 1) {
    int step = v[1] - v[0];
    bool regular = true;
    for (size_t i = 2; i < v.size(); ++i) regular = regular && v[i] - v[i - 1] == step;
    const std::string every = "/" + std::to_string(step);
    // Up to the field's end: systemd's `a/s`, cron's `*/s` from the start.
    bool open_end = v.back() + step > max;
    if (regular && open_end && sp.pad) return one(v.front()) + every;
    if (regular && open_end && v.front() == min) return "*" + every;
    if (regular) return one(v.front()) + sp.range + one(v.back()) + every;
  }
  std::string out;
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
    if (!out.empty()) out += ',';
    if (j - i >= 2) {
      out += one(v[i]) + sp.range + one(v[j]);
    } else {
      for (size_t k = i; k <= j; ++k) out += (k > i ? "," : "") + one(v[k]);
    }
    i = j + 1;
  }
  return out;
}

}  // namespace

Cron::Result Cron::parse(std::string_view text) {
  Result r;
  // Messages quote fields; no real schedule is this long.
  if (text.size() > 256) {
    r.error = "the cron expression is " + std::to_string(text.size()) +
              " characters long; 256 at most";
    return r;
  }
  std::string_view expr = text;
  while (!expr.empty() && expr.front() == ' ') expr.remove_prefix(1);
  while (!expr.empty() && expr.back() == ' ') expr.remove_suffix(1);
  if (!expr.empty() && expr.front() == '@') {
    if (equal_fold(expr, "@reboot")) {
      r.error = "@reboot is not a schedule: it runs once at boot";
      return r;
    }
    bool known = false;
    for (const auto& m : kMacros)
      if (equal_fold(expr, m.name)) expr = m.expansion, known = true;
    if (!known) {
      r.error = "'" + std::string(expr) +
                "' is not a cron macro (@yearly, @annually, @monthly, @weekly, @daily, "
                "@midnight, @hourly)";
      return r;
    }
  }
  std::vector<std::string_view> fields;
  for (size_t i = 0; i < expr.size();) {
    if (expr[i] == ' ' || expr[i] == '\t') {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < expr.size() && expr[j] != ' ' && expr[j] != '\t') ++j;
    fields.push_back(expr.substr(i, j - i));
    i = j;
  }
  if (fields.size() != 5) {
    r.error = "a cron expression has 5 fields (minute hour day-of-month month day-of-week); '" +
              std::string(text) + "' has " + std::to_string(fields.size());
    return r;
  }
  Cron c;
  c.text_ = std::string(text);
  for (size_t i = 0; i < 5; ++i) {
    std::string err = parse_field(fields[i], kFields[i], c.bits_[i]);
    if (!err.empty()) {
      r.error = std::move(err);
      return r;
    }
  }
  uint64_t& wd = c.bits_[4];
  if (wd >> 7 & 1) wd = (wd & ~(uint64_t{1} << 7)) | 1;  // 7 is Sunday
  // Cron (Vixie, cronie, Kubernetes' parser) ORs the two day fields when
  // neither is `*`; a calendar event ANDs every field. Say so, never guess.
  if (fields[2] != "*" && fields[4] != "*") {
    r.error = "day of month '" + std::string(fields[2]) + "' and day of week '" +
              std::string(fields[4]) +
              "' are both restricted: cron runs when either matches, a systemd calendar event "
              "only when both do";
    r.inexpressible = true;
    return r;
  }
  // Days no chosen month has (30 February): cron and systemd never run it.
  static const int kDaysIn[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool some_day = false;
  for (int m = 1; m <= 12; ++m)
    if (c.bits_[3] >> m & 1) some_day = some_day || (c.bits_[2] & full(kFields[2], kDaysIn[m])) != 0;
  if (!some_day) {
    r.error = "day of month '" + std::string(fields[2]) + "' never occurs in month '" +
              std::string(fields[3]) + "': the schedule would never run";
    r.never = true;
    return r;
  }
  r.cron = std::move(c);
  return r;
}

std::string Cron::cron() const {
  const Spelling sp{"-", false, nullptr};
  std::string out;
  for (size_t i = 0; i < 5; ++i) {
    const int max = i == 4 ? 6 : kFields[i].max;
    if (i > 0) out += ' ';
    out += spell(bits_[i], kFields[i].min, max, sp);
  }
  return out;
}

std::string Cron::calendar() const {
  const Spelling num{"..", true, nullptr};
  std::string out;
  const uint64_t monday_first = bits_[4] >> 1 | (bits_[4] & 1) << 6;
  std::string weekdays = spell(monday_first, 0, 6, Spelling{"..", false, kCalendarDays});
  if (weekdays != "*") out += weekdays + " ";
  out += "*-" + spell(bits_[3], 1, 12, num) + "-" + spell(bits_[2], 1, 31, num) + " " +
         spell(bits_[1], 0, 23, num) + ":" + spell(bits_[0], 0, 59, num) + ":00";
  return out;
}

bool Cron::allows(CronField f, int value) const {
  return value >= 0 && value < 64 && (bits_[static_cast<size_t>(f)] >> value & 1);
}

bool Cron::matches(int minute, int hour, int day, int month, int weekday) const {
  return allows(CronField::Minute, minute) && allows(CronField::Hour, hour) &&
         allows(CronField::Day, day) && allows(CronField::Month, month) &&
         allows(CronField::Weekday, weekday);
}

}  // namespace gen::values
