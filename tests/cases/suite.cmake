# Golden error cases: every tests/cases/<name>/ with an expected.exit file is
# one CTest test. run_case.cmake runs `gen validate --spec
# tests/cases/<name>/spec.yaml` (or the arguments in <name>/args) from the
# repository root with NO_COLOR=1 and compares stderr byte for byte with
# expected.stderr, and the exit code with expected.exit. See README.md here;
# scripts/bless-cases.sh refreshes expectations (read its diff first).
file(GLOB gen_case_exits CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*/expected.exit)
foreach(exit_file ${gen_case_exits})
  get_filename_component(case_dir ${exit_file} DIRECTORY)
  get_filename_component(case_name ${case_dir} NAME)
  add_test(NAME case_${case_name}
           COMMAND ${CMAKE_COMMAND} -DGEN=$<TARGET_FILE:gen> -DSOURCE_DIR=${CMAKE_SOURCE_DIR}
                   -DCASE=${case_name} -DWORK=${CMAKE_CURRENT_BINARY_DIR}/cases
                   -P ${CMAKE_CURRENT_LIST_DIR}/run_case.cmake)
  set_tests_properties(case_${case_name} PROPERTIES TIMEOUT 20 LABELS cases)
endforeach()
