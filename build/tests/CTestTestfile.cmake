# CMake generated Testfile for 
# Source directory: /work/main/tests
# Build directory: /work/main/build/tests
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(core_unit "/work/main/build/tests/gen_core_tests")
set_tests_properties(core_unit PROPERTIES  WORKING_DIRECTORY "/work/main" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;18;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test(check_unit "/work/main/build/tests/gen_check_tests")
set_tests_properties(check_unit PROPERTIES  WORKING_DIRECTORY "/work/main" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;18;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test(resolve_unit "/work/main/build/tests/gen_resolve_tests")
set_tests_properties(resolve_unit PROPERTIES  WORKING_DIRECTORY "/work/main" _BACKTRACE_TRIPLES "/work/main/tests/CMakeLists.txt;18;add_test;/work/main/tests/CMakeLists.txt;0;")
add_test(check_explain "/usr/bin/cmake" "-DGEN=/work/main/build/gen" "-DSOURCE_DIR=/work/main" "-P" "/work/main/tests/check/explain_test.cmake")
set_tests_properties(check_explain PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/check/suite.cmake;4;add_test;/work/main/tests/check/suite.cmake;0;;/work/main/tests/CMakeLists.txt;27;include;/work/main/tests/CMakeLists.txt;0;")
add_test(spec_schema "/usr/bin/python3" "/work/main/tests/spec_schema/validate_specs.py" "/work/main/build/gen" "/work/main/specs")
set_tests_properties(spec_schema PROPERTIES  _BACKTRACE_TRIPLES "/work/main/tests/spec_schema/suite.cmake;3;add_test;/work/main/tests/spec_schema/suite.cmake;0;;/work/main/tests/CMakeLists.txt;27;include;/work/main/tests/CMakeLists.txt;0;")
