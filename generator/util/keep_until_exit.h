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

namespace detail {
template <typename T>
struct is_shared_ptr : std::false_type {};
template <typename T>
struct is_shared_ptr<std::shared_ptr<T>> : std::true_type {};

inline void keep_pointer_until_exit(std::shared_ptr<void> object) {
  // Reachable from a static through the run, so leak checkers see memory in
  // use, not a leak.
  static std::mutex mutex;
  static auto* kept = new std::vector<std::shared_ptr<void>>();
  std::lock_guard<std::mutex> lock(mutex);
  kept->push_back(std::move(object));
}
}  // namespace detail

// `object` (a shared_ptr, or anything to be moved into one) lives until
// the process exits and is never destroyed.
template <typename T>
void keep_until_exit(T&& object) {
  static_assert(!std::is_lvalue_reference<T>::value, "pass an rvalue: the object is moved");
  using Object = std::decay_t<T>;
  if constexpr (detail::is_shared_ptr<Object>::value)
    detail::keep_pointer_until_exit(std::move(object));
  else
    detail::keep_pointer_until_exit(std::make_shared<Object>(std::move(object)));
}

}  // namespace gen
