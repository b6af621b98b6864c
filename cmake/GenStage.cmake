# gen_stage(NAME DIRS dir... [DEPS stage...] [LIBS library...])
# Builds every .cpp under generator/<dir> into the static library gen_<NAME>
# (an INTERFACE library while a stage has no sources yet), with generator/ as
# the include root so headers are included as "stage/header.h".
# gen_precompile(TARGET [HEADER...]): with GEN_PCH, the target precompiles
# nlohmann/json and the standard headers nearly every source includes, plus
# the extra HEADERs (one PCH per target: targets differ in their compile
# definitions, which a shared PCH would have to match exactly under clang).
function(gen_precompile target)
  if(GEN_PCH)
    target_precompile_headers(${target} PRIVATE
      <nlohmann/json.hpp> <string> <vector> <map> <memory> <optional> <functional>
      <algorithm> ${ARGN})
  endif()
endfunction()

# gen_unity(TARGET): with GEN_UNITY, the target's sources are compiled a few
# at a time as one translation unit each (CMake's unity build), so the
# headers they share are parsed once per batch. Names local to a source file
# (anonymous namespaces, file-scope aliases) must therefore be unique within
# its stage; the test executables, whose files each define their own
# helpers, are left out.
function(gen_unity target)
  if(GEN_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 16)
  endif()
endfunction()

function(gen_stage name)
  cmake_parse_arguments(A "" "" "DIRS;DEPS;LIBS" ${ARGN})
  set(sources "")
  foreach(dir ${A_DIRS})
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/generator/${dir}/*.cpp)
    list(APPEND sources ${found})
  endforeach()
  set(deps "")
  foreach(d ${A_DEPS})
    list(APPEND deps gen_${d})
  endforeach()
  if(sources)
    add_library(gen_${name} STATIC ${sources})
    target_include_directories(gen_${name} PUBLIC ${CMAKE_SOURCE_DIR}/generator)
    target_link_libraries(gen_${name} PUBLIC ${deps} ${A_LIBS} nlohmann_json::nlohmann_json)
    gen_precompile(gen_${name})
    gen_unity(gen_${name})
  else()
    add_library(gen_${name} INTERFACE)
    target_include_directories(gen_${name} INTERFACE ${CMAKE_SOURCE_DIR}/generator)
    target_link_libraries(gen_${name} INTERFACE ${deps} ${A_LIBS} nlohmann_json::nlohmann_json)
  endif()
endfunction()
