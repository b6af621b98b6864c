# gen import on every application of ../shared/corpus/awesome-compose: import
# (default and --keep-behaviour), gen validate and gen all on the result; the
# expected outcome per app is in corpus-expected.txt, read by a person.
set(gen_corpus ${CMAKE_SOURCE_DIR}/../shared/corpus/awesome-compose)
if(EXISTS ${gen_corpus})
  file(GLOB gen_corpus_apps LIST_DIRECTORIES true ${gen_corpus}/*)
  foreach(app_dir ${gen_corpus_apps})
    if(IS_DIRECTORY ${app_dir})
      get_filename_component(app ${app_dir} NAME)
      add_test(NAME import_corpus_${app}
               COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/corpus.sh $<TARGET_FILE:gen> ${gen_corpus}
                       ${app} ${CMAKE_CURRENT_LIST_DIR}/corpus-expected.txt
                       ${CMAKE_CURRENT_LIST_DIR}/roundtrip-expected.txt)
      set_tests_properties(import_corpus_${app} PROPERTIES TIMEOUT 120 LABELS import)
    endif()
  endforeach()
endif()
