// Work that discovers more work: tasks that add further tasks as they run
// (a directory's task adds its new subdirectories' tasks once it has made
// them), spread over a few threads. parallel_for needs every item up front;
// this runs each task as soon as whatever it depends on has added it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace gen {

// Calls run(task, thread, add) for every task in `initial` and every task
// added through add(task), on `threads` threads (the calling thread being
// thread 0), oldest first. Returns when every task has run, or, once `halt`
// is set, when the running ones end (no task starts after that). `run` must
// not throw.
template <typename Run>
void run_task_tree(const std::vector<size_t>& initial, int threads, std::atomic<bool>& halt,
                   Run run) {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<size_t> queue(initial.begin(), initial.end());
  size_t unfinished = queue.size();  // queued or running
  auto add = [&](size_t task) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      queue.push_back(task);
      ++unfinished;
    }
    changed.notify_one();
  };
  auto worker = [&](int thread) {
    std::unique_lock<std::mutex> lock(mutex);
    for (;;) {
      changed.wait(lock, [&] { return halt || unfinished == 0 || !queue.empty(); });
      if (halt || unfinished == 0) break;
      size_t task = queue.front();
      queue.pop_front();
      lock.unlock();
      run(task, thread, add);
      lock.lock();
      if (--unfinished == 0 || halt) changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
  worker(0);
  {
    std::lock_guard<std::mutex> lock(mutex);  // wake waiters that missed a halt
  }
  changed.notify_all();
  for (auto& t : pool) t.join();
}

}  // namespace gen
