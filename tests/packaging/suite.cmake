# Packaging (issue 24): man pages and completions against --help; the
# Debian package and the container image in clean containers (e2e_*, label
# e2e: they need Podman and skip without it unless GEN_REQUIRE_E2E=1, as
# tests/e2e does); the GitHub Action and the pre-commit hook.
add_test(NAME packaging_completions_man
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/completions_man_test.py
                 $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
# Labelled sweep: it checks the shipped files, not gen's memory, so the
# sanitizer pass leaves it to the plain build (scripts/test.sh).
set_tests_properties(packaging_completions_man PROPERTIES TIMEOUT 300 LABELS sweep)
foreach(mode deb image)
  add_test(NAME e2e_package_${mode}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/e2e.sh ${mode} ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
  set_tests_properties(e2e_package_${mode} PROPERTIES
    TIMEOUT 900 LABELS e2e SKIP_REGULAR_EXPRESSION "e2e: SKIPPED \\(" RESOURCE_LOCK gen_package)
endforeach()
add_test(NAME packaging_ci_integration
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/ci_integration_test.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(packaging_ci_integration PROPERTIES TIMEOUT 120)
