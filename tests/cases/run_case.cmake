# One golden case (see suite.cmake and README.md). Inputs: GEN, SOURCE_DIR,
# CASE, WORK. Prints a unified diff on a mismatch.
set(dir ${SOURCE_DIR}/tests/cases/${CASE})
set(args validate --spec tests/cases/${CASE}/spec.yaml)
if(EXISTS ${dir}/args)
  # One argument per line; {case} is tests/cases/<name>.
  file(STRINGS ${dir}/args args)
  list(TRANSFORM args REPLACE "{case}" "tests/cases/${CASE}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env NO_COLOR=1 ${GEN} ${args}
                WORKING_DIRECTORY ${SOURCE_DIR}
                RESULT_VARIABLE actual_exit OUTPUT_VARIABLE ignored ERROR_VARIABLE actual)
file(READ ${dir}/expected.stderr expected)
file(READ ${dir}/expected.exit expected_exit)
string(STRIP "${expected_exit}" expected_exit)

set(failed FALSE)
if(NOT actual_exit STREQUAL expected_exit)
  message("case ${CASE}: exit code ${actual_exit}, expected ${expected_exit}")
  set(failed TRUE)
endif()
if(NOT actual STREQUAL expected)
  file(MAKE_DIRECTORY ${WORK})
  file(WRITE ${WORK}/${CASE}.stderr "${actual}")
  message("case ${CASE}: stderr differs (- expected, + actual):")
  execute_process(COMMAND diff -u ${dir}/expected.stderr ${WORK}/${CASE}.stderr)
  set(failed TRUE)
endif()
if(failed)
  message(FATAL_ERROR "case ${CASE} failed; if the new output is right, run "
                      "scripts/bless-cases.sh ${CASE} and read its diff")
endif()
