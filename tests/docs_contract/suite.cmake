# CONTRACT.md agrees with the spec: for every seed, its tables (ports,
# process identity, mounts, environment, health, signals, image tags) are
# parsed back and compared, row by row, with `gen context` of the same spec
# and profile. Runs the built gen binary.
file(GLOB docs_contract_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
add_executable(gen_docs_contract_tests ${docs_contract_sources} $<TARGET_OBJECTS:gen_catch_main>)
target_link_libraries(gen_docs_contract_tests PRIVATE Catch2::Catch2 yaml-cpp nlohmann_json::nlohmann_json)
target_compile_definitions(gen_docs_contract_tests PRIVATE
  GEN_SOURCE_DIR="${CMAKE_SOURCE_DIR}" GEN_BINARY="$<TARGET_FILE:gen>")
add_dependencies(gen_docs_contract_tests gen)
add_test(NAME docs_contract_tables COMMAND gen_docs_contract_tests)
set_tests_properties(docs_contract_tables PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
