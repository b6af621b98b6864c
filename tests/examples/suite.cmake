# output-examples/<name>/ must be exactly what `gen all` renders for
# specs/<name>.yaml today: one test per spec renders it into a scratch copy of
# the repository layout (same relative paths, so the same bytes) and diffs
# the trees. On failure: scripts/update-examples.sh, then read the diff.
file(GLOB gen_example_specs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/specs/*.yaml)
foreach(spec ${gen_example_specs})
  # specs/ also holds files the specs mount (wats.config.yaml): a spec has
  # a top-level `version:`.
  file(STRINGS ${spec} gen_is_spec REGEX "^version:")
  if(NOT gen_is_spec)
    continue()
  endif()
  get_filename_component(name ${spec} NAME_WLE)
  add_test(NAME examples_${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check_examples.sh $<TARGET_FILE:gen>
                   ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/examples ${name})
  set_tests_properties(examples_${name} PROPERTIES TIMEOUT 60 LABELS examples)
endforeach()

# The dockerfile/compose seed, round-trip and override tests in tests/verify/
# run the gen binary.
if(TARGET gen_verify_tests)
  add_dependencies(gen_verify_tests gen)
endif()
