# End-to-end: gen's outputs for examples/e2e/gen.yaml built and run with
# rootful Podman (images, podman-compose, podman kube play, the systemd units
# of both flavors in a box with systemd as PID 1, verify.sh and runtime
# assertions); see tests/e2e/run.sh and tests/e2e/systemd.sh. Prints
# "e2e: SKIPPED (...)" and passes (CTest shows it as skipped) when no
# container engine is ready, unless GEN_REQUIRE_E2E=1 is in the environment
# CTest runs it with (.ci/run sets it through scripts/test.sh): the variable
# is read at run time, not configure time. Names start with e2e:
# scripts/test.sh leaves them out of the sanitizer pass.
add_test(NAME e2e_podman
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(e2e_podman PROPERTIES
  TIMEOUT 900
  LABELS e2e
  SKIP_REGULAR_EXPRESSION "e2e: SKIPPED \\("
  RESOURCE_LOCK gen_e2e_podman)
# The suite's removal that makes sure (ensure_gone.sh), against a stub
# podman whose removals fail as the real one did under a parallel ctest;
# needs no container engine.
add_test(NAME e2e_ensure_gone
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/ensure_gone_test.sh)
set_tests_properties(e2e_ensure_gone PROPERTIES TIMEOUT 60 LABELS e2e)
# The compiled stacks (go, rust) built from their generated Dockerfiles on
# stand-in build images from Debian packages, and run (tests/e2e/stacks.sh).
add_test(NAME e2e_stacks
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/stacks.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(e2e_stacks PROPERTIES
  TIMEOUT 900
  LABELS e2e
  SKIP_REGULAR_EXPRESSION "e2e: SKIPPED \\("
  RESOURCE_LOCK gen_e2e_podman)
# Routes (issue 21): gen's edge proxy (Caddy, a stand-in image from Debian's
# package) routing two hosts to their modules under podman-compose
# (tests/e2e/routes.sh; a few seconds once the stand-in exists).
add_test(NAME e2e_routes
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/routes.sh $<TARGET_FILE:gen> ${CMAKE_SOURCE_DIR})
set_tests_properties(e2e_routes PROPERTIES
  TIMEOUT 600
  LABELS e2e
  SKIP_REGULAR_EXPRESSION "e2e: SKIPPED \\("
  RESOURCE_LOCK gen_e2e_podman)
