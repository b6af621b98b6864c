# The CI files users copy (.pre-commit-hooks.yaml, docs/ci.md's examples)
# parse and call `gen check` with options it has.
add_test(NAME ci_files
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/ci_files_test.py ${CMAKE_SOURCE_DIR}
                 $<TARGET_FILE:gen>)
