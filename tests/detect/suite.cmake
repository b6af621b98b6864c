# gen init on every application of ../shared/corpus/awesome-compose: the
# modules and stacks it detects (must be those detect-expected.txt records,
# read by a person) and the spec it writes validates (gen init checks that
# before writing; detect.sh also runs gen all on it).
set(gen_detect_corpus ${CMAKE_SOURCE_DIR}/../shared/corpus/awesome-compose)
if(EXISTS ${gen_detect_corpus})
  add_test(NAME detect_corpus
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/detect.sh $<TARGET_FILE:gen> ${gen_detect_corpus}
                   ${CMAKE_CURRENT_LIST_DIR}/detect-expected.txt)
  # A sweep over the corpus the import tests also read under the sanitizers:
  # the sanitizer pass leaves it to the plain build (scripts/test.sh).
  set_tests_properties(detect_corpus PROPERTIES TIMEOUT 600 LABELS "import;sweep")
endif()
