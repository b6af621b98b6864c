// Wall-clock time of the phases of one run, for `--timings`: where a large
// project's time goes, without a profiler. Never part of any output file.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace gen {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  // Seconds since construction or the last lap, and restarts.
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double s = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// A field of /proc/self/status in KiB ("VmHWM: %ld kB"); -1 where the
// system does not say.
inline long proc_status_kib(const char* format) {
  long kib = -1;
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    while (std::fgets(line, sizeof line, f))
      if (std::sscanf(line, format, &kib) == 1) break;
    std::fclose(f);
  }
  return kib;
}

// The process's peak resident memory so far, in KiB; -1 where unknown.
// The process's peak resident memory so far, in KiB; -1 where unknown.
inline long peak_rss_kib() { return proc_status_kib("VmHWM: %ld kB"); }
// The process's resident memory now, in KiB; -1 where unknown.
inline long rss_kib() { return proc_status_kib("VmRSS: %ld kB"); }

struct PhaseTime {
  std::string name;  // e.g. "front end", "k8s: render"
  double seconds = 0;
  // The peak memory when the phase was recorded: where a large project's
  // memory goes, phase by phase (bench/README.md).
  long peak_kib = peak_rss_kib();
};

using PhaseTimes = std::vector<PhaseTime>;

}  // namespace gen
