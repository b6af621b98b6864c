// util/task_tree.h: tasks that add tasks, on one thread or several.
#include "util/task_tree.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <vector>

namespace {

// A complete binary tree of `n` tasks: task i adds 2i+1 and 2i+2.
std::vector<int> run_tree(size_t n, int threads, std::atomic<bool>& halt, size_t halt_at) {
  std::vector<std::atomic<int>> runs(n);
  std::vector<int> thread_of(n, -1);
  gen::run_task_tree({0}, threads, halt, [&](size_t task, int thread, const auto& add) {
    ++runs[task];
    thread_of[task] = thread;
    if (task == halt_at) halt = true;
    for (size_t child : {2 * task + 1, 2 * task + 2})
      if (child < n) add(child);
  });
  std::vector<int> counts;
  for (auto& r : runs) counts.push_back(r.load());
  return counts;
}

}  // namespace

TEST_CASE("every task added runs exactly once, whatever the threads") {
  for (int threads : {1, 2, 4}) {
    std::atomic<bool> halt{false};
    std::vector<int> counts = run_tree(5000, threads, halt, static_cast<size_t>(-1));
    CHECK(counts == std::vector<int>(5000, 1));
  }
}

TEST_CASE("on one thread, tasks run oldest first and halt stops at once") {
  std::atomic<bool> halt{false};
  std::vector<size_t> order;
  gen::run_task_tree({0, 1}, 1, halt, [&](size_t task, int, const auto& add) {
    order.push_back(task);
    if (task < 4) add(task + 10);
    if (task == 11) halt = true;
  });
  CHECK(order == std::vector<size_t>{0, 1, 10, 11});
}

TEST_CASE("after halt no task starts, on any number of threads") {
  for (int threads : {1, 2, 4}) {
    std::atomic<bool> halt{false};
    std::vector<int> counts = run_tree(5000, threads, halt, 0);  // the root halts
    int ran = 0;
    for (int c : counts) ran += c;
    CHECK(counts[0] == 1);
    // Only the root ran: its children were added, but none starts after halt.
    CHECK(ran == 1);
  }
}
