// Spreading independent work items over a few threads: the targets of a run,
// and the per-file reads of the output tree. Items are claimed in index
// order, so the caller decides balance by ordering them (largest first);
// results must go to per-item slots, never to shared state.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace gen {

// Threads to use for `items` independent items: `jobs` when positive (the
// user's --jobs), else one per CPU; never more than there are items.
inline int thread_count(int jobs, size_t items) {
  int n = jobs > 0 ? jobs : static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, std::min(n, static_cast<int>(std::min<size_t>(items, 1u << 16))));
}

// Calls fn(item, thread) for every item in [0, n) on `threads` threads, the
// calling thread being thread 0. When calls throw, every item still runs and
// the exception of the lowest item is rethrown here after all threads end:
// the same one whatever the scheduling.
template <typename Fn>
void parallel_for(size_t n, int threads, Fn&& fn) {
  std::vector<std::exception_ptr> errors(n);
  std::atomic<size_t> next{0};
  auto worker = [&](int thread) {
    for (size_t i = next++; i < n; i = next++) {
      try {
        fn(i, thread);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads && static_cast<size_t>(t) < n; ++t) pool.emplace_back(worker, t);
  worker(0);
  for (auto& t : pool) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace gen
