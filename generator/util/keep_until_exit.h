// Large results a command is done with, handed to the process instead of
// destroyed: freeing a big run's trees and texts node by node took tens of
// milliseconds at the end of every `gen all` / `gen check`, and the system
// reclaims the memory at exit at once. Only commands that end the process
// soon after use this (the library itself never does): a long-lived caller
// would keep the memory.
#pragma once

#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

namespace gen {

inline void keep_until_exit(std::shared_ptr<void> object) {
  // Reachable from a static through the run, so leak checkers see memory in
  // use, not a leak.
  static std::mutex mutex;
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  std::lock_guard<std::mutex> lock(mutex);
  kept->push_back(std::move(object));
}

// Moves `object` (cheap for containers) into the kept set.
template <typename T>
void keep_until_exit(T&& object) {
  static_assert(!std::is_lvalue_reference<T>::value, "pass an rvalue: the object is moved");
  keep_until_exit(std::shared_ptr<void>(std::make_shared<std::decay_t<T>>(std::move(object))));
}

}  // namespace gen
