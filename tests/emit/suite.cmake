# The CI files users copy (.pre-commit-hooks.yaml, docs/ci.md's examples)
# parse and call `gen check` with options it has.
add_test(NAME ci_files
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/ci_files_test.py ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:gen>)

# The benchmark harness on its smallest size, once: bench/gen_specs.py still
# writes a valid spec, and gen all + gen check run on it (bench/README.md).
# Sanitizer builds reserve terabytes of address space: no memory limit there.
set(bench_mem_limit 8)
if(GEN_SANITIZE)
  set(bench_mem_limit 0)
endif()
add_test(NAME bench_smoke
         COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/bench/run --sizes 10 --runs 1
                 --gen $<TARGET_FILE:gen> --dir ${CMAKE_CURRENT_BINARY_DIR}/bench-smoke
                 --mem-limit-gb ${bench_mem_limit})

# Two real gen processes on one --out: the lock makes the second wait, so
# every trial ends with exactly one spec's tree (issue 22, case 5). A race
# between processes, not a memory error: the sanitizer build (several times
# slower) leaves it to the plain build.
if(NOT GEN_SANITIZE AND NOT GEN_FUZZ)
  add_test(NAME emit_concurrent_runs
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/concurrent_runs_test.py
                   ${CMAKE_SOURCE_DIR} $<TARGET_FILE:gen> 10 300)
  # About 20 s on an idle machine; far more when the cores are shared. Before
  # the lock, the mix showed within a few trials; ten keep CI's budget.
  set_tests_properties(emit_concurrent_runs PROPERTIES TIMEOUT 1800)
endif()
