# Every generated file passes the real tools of its ecosystem, in strict mode
# (../shared/validators, set up by its install.sh; scripts/test.sh runs it):
#  - validators_output_examples: the committed output-examples/;
#  - validators_fresh_<name>: a fresh `gen all` of specs/<name>.yaml, without
#    a profile and with each of its profiles (the env files a profile names
#    are created empty first, as an operator would materialize them);
#  - validators_fresh_stacks: the same for tests/stacks/gen.yaml, one module
#    per build stack, so every stack's Dockerfile passes the validators.
# A finding at any level that fails a file fails the test.
set(gen_validate ${CMAKE_SOURCE_DIR}/../shared/validators/validate)
add_test(NAME validators_output_examples
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/validate.sh ${gen_validate}
                 ${CMAKE_SOURCE_DIR}/output-examples)
set_tests_properties(validators_output_examples PROPERTIES TIMEOUT 300 LABELS validators)
file(GLOB gen_validator_specs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/specs/*.yaml)
foreach(spec ${gen_validator_specs})
  file(STRINGS ${spec} gen_is_spec REGEX "^version:")  # not the files specs mount
  if(NOT gen_is_spec)
    continue()
  endif()
  get_filename_component(name ${spec} NAME_WLE)
  add_test(NAME validators_fresh_${name}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/fresh.sh $<TARGET_FILE:gen> ${gen_validate}
                   ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/fresh ${name})
  set_tests_properties(validators_fresh_${name} PROPERTIES TIMEOUT 300 LABELS validators)
endforeach()
add_test(NAME validators_fresh_stacks
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/fresh.sh $<TARGET_FILE:gen> ${gen_validate}
                 ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/fresh stacks tests/stacks/gen.yaml)
set_tests_properties(validators_fresh_stacks PROPERTIES TIMEOUT 300 LABELS validators)
