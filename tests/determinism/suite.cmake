# Determinism: `gen all` on every seed spec under different working
# directories, locales (C, tr_TR.UTF-8, de_DE.UTF-8), time zones, umasks and
# environments must give byte-identical trees, exit codes and messages
# (tests/determinism/run.sh).
add_test(NAME determinism
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
# Forty-odd whole runs that compare bytes: a sweep (see tests/escaping/suite.cmake),
# left to the plain build.
set_tests_properties(determinism PROPERTIES LABELS sweep)
