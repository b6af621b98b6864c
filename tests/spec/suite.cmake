# Script suites of the load stage (the unit tests are *_test.cpp here):
#  - spec_hostile_<case>: hostile inputs generated at test time; exit code, a
#    diagnostic naming the file, bounded output and CPU time (hostile.sh);
#  - spec_json_schema: `gen schema` checked with python3-jsonschema against
#    the bundled specs, the docs example, the starter and bad cases;
#  - spec_cli: gen init / validate / schema end to end.
set(gen_hostile_cases alias-bomb deep-flow deep-flow-unclosed deep-block invalid-utf8 nul-bytes
    scalar-30mb scalar-8mb scalar-2mb random-bytes many-nodes directory missing fifo)
# One second of CPU; sanitizers slow our code (not the system's libyaml) several times.
if(GEN_SANITIZE)
  set(gen_hostile_limit_ms 3000)
else()
  set(gen_hostile_limit_ms 1000)
endif()
foreach(c ${gen_hostile_cases})
  add_test(NAME spec_hostile_${c}
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/hostile.sh $<TARGET_FILE:gen>
                   ${CMAKE_CURRENT_BINARY_DIR}/hostile ${c} ${gen_hostile_limit_ms})
  set_tests_properties(spec_hostile_${c} PROPERTIES TIMEOUT 10)
endforeach()

add_test(NAME spec_json_schema
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/schema_test.sh $<TARGET_FILE:gen>
                 ${CMAKE_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/json-schema)
add_test(NAME spec_cli
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/cli_test.sh $<TARGET_FILE:gen>
                 ${CMAKE_CURRENT_BINARY_DIR}/cli)
set_tests_properties(spec_json_schema spec_cli PROPERTIES TIMEOUT 60)
