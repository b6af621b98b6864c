#include "util/release_memory.h"

#include <cstddef>

#include "util/stopwatch.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// jemalloc's control interface, when the executable links jemalloc (the
// libraries do not: tests run on the system allocator). Weak, so that its
// absence is a null pointer rather than a link error.
extern "C" int mallctl(const char* name, void* oldp, size_t* oldlenp, void* newp,
                       size_t newlen) __attribute__((weak));

namespace gen {

void release_free_memory() {
  // Below this, the pages given back would only be faulted in again by the
  // next phase: time spent (a tenth of a 1,000-module run, which peaks near
  // 50 MiB) for memory nobody misses. Large projects are far above it.
  constexpr long kWorthItKib = 128 * 1024;
  const long resident = rss_kib();
  if (resident >= 0 && resident < kWorthItKib) return;
  if (mallctl) {
    // "arena.<MALLCTL_ARENAS_ALL>.purge": every arena's unused dirty pages.
    mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0);
    return;
  }
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace gen
