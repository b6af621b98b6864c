# Differential conformance of gen's template engine against Jinja2: every
# case's expected output is rendered at test time by Debian's python3-jinja2
# (/usr/bin/python3; the test command installs it) and compared byte for
# byte with `gen render`. See tests/conformance/run.py for the case format.
add_test(NAME template_conformance
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/run.py --gen $<TARGET_FILE:gen>)
# Output compared with Jinja2's over the whole conformance corpus: a sweep,
# left to the plain build by the sanitizer pass (scripts/test.sh), which runs
# the engine's unit tests and template_fuzz instead.
set_tests_properties(template_conformance PROPERTIES TIMEOUT 600 LABELS sweep)

# The benchmark's gen side (bench/template_bench.sh builds and runs it; it
# is not part of `all` and not a test: timings belong in bench/README.md).
add_executable(gen_template_bench EXCLUDE_FROM_ALL ${CMAKE_SOURCE_DIR}/bench/template_bench.cpp)
target_link_libraries(gen_template_bench PRIVATE gen_template)
set_target_properties(gen_template_bench PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
