# Cross-target agreement (tests/cross/): compose, Kubernetes (and later
# systemd) outputs of every seed, read back by one extractor per target and
# compared module by module. Runs the built gen binary.
file(GLOB cross_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
add_executable(gen_cross_tests ${cross_sources} $<TARGET_OBJECTS:gen_catch_main>)
target_link_libraries(gen_cross_tests PRIVATE Catch2::Catch2 yaml-cpp nlohmann_json::nlohmann_json)
target_compile_definitions(gen_cross_tests PRIVATE
  GEN_SOURCE_DIR="${CMAKE_SOURCE_DIR}" GEN_BINARY="$<TARGET_FILE:gen>")
add_dependencies(gen_cross_tests gen)
add_test(NAME cross_targets COMMAND gen_cross_tests)
set_tests_properties(cross_targets PROPERTIES WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
