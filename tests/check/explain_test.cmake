# cmake -DGEN=<gen binary> -DSOURCE_DIR=<repo> -P explain_test.cmake
function(expect what actual wanted)
  if(NOT "${actual}" STREQUAL "${wanted}")
    message(FATAL_ERROR "${what}:\n--- got ---\n${actual}\n--- wanted ---\n${wanted}")
  endif()
endfunction()

file(GLOB pages "${SOURCE_DIR}/docs/rules/*.md")
list(SORT pages)
set(count 0)
foreach(page IN LISTS pages)
  get_filename_component(id "${page}" NAME_WE)
  if(id STREQUAL "README")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  execute_process(COMMAND "${GEN}" explain "${id}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  file(READ "${page}" text)
  expect("gen explain ${id}: exit code" "${rc}" "0")
  expect("gen explain ${id}: stdout" "${out}" "${text}")
  expect("gen explain ${id}: stderr" "${err}" "")
endforeach()
if(count LESS 20)
  message(FATAL_ERROR "only ${count} rule pages in docs/rules/")
endif()

execute_process(COMMAND "${GEN}" explain --list RESULT_VARIABLE rc OUTPUT_VARIABLE out)
expect("gen explain --list: exit code" "${rc}" "0")
string(REGEX MATCHALL "\n" lines "${out}")
list(LENGTH lines listed)
expect("gen explain --list: one line per page" "${listed}" "${count}")
string(REGEX MATCH "^[^\n]*" first "${out}")
expect("gen explain --list: first line" "${first}"
       "non-root-user           error    every module runs as a numeric uid and gid other than 0")

execute_process(COMMAND "${GEN}" explain loopbak-ports RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
expect("gen explain loopbak-ports: exit code" "${rc}" "2")
expect("gen explain loopbak-ports: stdout" "${out}" "")
expect("gen explain loopbak-ports: stderr" "${err}"
       "gen explain: error: unknown rule 'loopbak-ports' (did you mean 'loopback-ports'?)\n")

execute_process(COMMAND "${GEN}" explain RESULT_VARIABLE rc ERROR_VARIABLE err)
expect("gen explain (no id): exit code" "${rc}" "2")
expect("gen explain (no id): stderr" "${err}" "gen explain: error: missing RULE-ID (or --list)\n")
