# Spec strings against every output (issue 22), through the real `gen`:
#  - escaping_cases: the numbered reproductions (shell injection through
#    workdir, newlines out of comments, a command starting with '-' on
#    Quadlet, $(VAR) on Kubernetes, valid specs with broken outputs);
#  - render_hostile_matrix: every free-text and path field x a corpus of
#    hostile strings x every target: each output parses, keeps the
#    baseline's structure and round-trips data fields, or the spec is
#    refused at the field's line. About 350 runs of `gen all`.
add_test(NAME escaping_cases
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/run.py --gen $<TARGET_FILE:gen> --cases)
add_test(NAME render_hostile_matrix
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/run.py --gen $<TARGET_FILE:gen> --matrix)
set_tests_properties(escaping_cases render_hostile_matrix PROPERTIES TIMEOUT 120)
# The matrix is a sweep: hundreds of whole runs over one small spec, about
# strings and structure, not memory. The sanitizer pass (scripts/test.sh)
# skips the label `sweep`: it would take minutes there and find nothing the
# numbered cases and the fuzz targets, which it does run, do not.
set_tests_properties(render_hostile_matrix PROPERTIES LABELS sweep)
