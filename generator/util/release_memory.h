// Gives the memory the allocator keeps for reuse back to the system, at the
// points of a run where a phase has just dropped a large part of what it
// held (the spec once resolved, a target once verified): an allocator keeps
// freed pages mapped for a while, and a large project's peak memory then
// counts every phase's garbage on top of the next phase's live data
// (bench/README.md, "Issue 17").
#pragma once

namespace gen {

// jemalloc when gen is linked with it (purges every arena), else glibc's
// malloc_trim; nothing while the process holds little (under 128 MiB).
// Costs a few milliseconds; the pages come back on demand.
void release_free_memory();

}  // namespace gen
