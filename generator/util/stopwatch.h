// Wall-clock time of the phases of one run, for `--timings`: where a large
// project's time goes, without a profiler. Never part of any output file.
#pragma once

#include <chrono>
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

struct PhaseTime {
  std::string name;  // e.g. "front end", "k8s: render"
  double seconds = 0;
};

using PhaseTimes = std::vector<PhaseTime>;

}  // namespace gen
